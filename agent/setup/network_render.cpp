#include "setup/network_render.h"

#include <algorithm>
#include <charconv>
#include <cstdint>

namespace exlb::agent {

namespace {

constexpr const char* kHeader =
    "# Written by exlb (exlb-agent or exlb-firstboot) from its network settings (guide 4.2.1).\n"
    "# Edits made here are replaced at the next apply: change the settings instead.\n";

constexpr const char* kLanFile = "10-exlb-lan.network";
constexpr const char* kVlanNetdevFile = "10-exlb-vlan.netdev";
constexpr const char* kVlanNetworkFile = "10-exlb-vlan.network";

std::string directoryFor(NetworkPersistence persistence) {
  return persistence == NetworkPersistence::Saved ? "/etc/systemd/network/"
                                                  : "/run/systemd/network/";
}

std::string vlanName(unsigned id) { return "vlan" + std::to_string(id); }

NetworkRendering refuse(std::string message) {
  NetworkRendering r;
  r.error = std::move(message);
  return r;
}

std::string quoted(std::string_view value) { return "'" + std::string(value) + "'"; }

// A name glob list for [Match] Name=: printable, no newline, no quotes, so it
// cannot add lines or sections to the file.
bool isSafeMatch(std::string_view match) {
  if (match.empty()) return false;
  for (const char c : match) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e || c == '"' || c == '\'' || c == '\\') return false;
  }
  return true;
}

// The [Network] and [Route] sections that carry the address.
std::string addressSections(const v1::NetworkConfig& n, int prefix) {
  std::string s;
  s += "[Network]\n";
  s += "Address=" + n.address() + "/" + std::to_string(prefix) + "\n";
  if (!n.gateway().empty()) s += "Gateway=" + n.gateway() + "\n";
  // The appliance answers on the address it was given and nothing else:
  // no IPv6 autoconfiguration, no link-local fallback.
  s += "LinkLocalAddressing=no\n";
  s += "IPv6AcceptRA=no\n";
  s += "ConfigureWithoutCarrier=yes\n";
  for (const auto& route : n.static_routes()) {
    const int route_prefix = *netmaskToPrefix(route.netmask());
    s += "\n[Route]\n";
    s += "Destination=" + route.network() + "/" + std::to_string(route_prefix) + "\n";
    s += "Gateway=" + route.router() + "\n";
  }
  return s;
}

std::string checkRoutes(const v1::NetworkConfig& n) {
  if (n.static_routes_size() > 4) {
    return "network.static_routes: at most 4 static routes (Route 1..4), got " +
           std::to_string(n.static_routes_size()) + ".";
  }
  for (int i = 0; i < n.static_routes_size(); ++i) {
    const auto& r = n.static_routes(i);
    const std::string at = "network.static_routes[" + std::to_string(i) + "]";
    const auto network = parseIpv4(r.network());
    if (!network) return at + ".network: " + quoted(r.network()) + " is not an IPv4 address.";
    const auto prefix = netmaskToPrefix(r.netmask());
    if (!prefix) return at + ".netmask: " + quoted(r.netmask()) + " is not a netmask.";
    if (!parseIpv4(r.router())) {
      return at + ".router: " + quoted(r.router()) + " is not an IPv4 address.";
    }
    const unsigned host_bits = *prefix == 0 ? 0xffffffffu : ~(0xffffffffu << (32 - *prefix));
    if ((*network & host_bits) != 0) {
      return at + ".network: " + quoted(r.network()) + " has host bits set for netmask " +
             r.netmask() + ".";
    }
  }
  return {};
}

}  // namespace

std::optional<unsigned> parseIpv4(std::string_view text) {
  if (std::count(text.begin(), text.end(), '.') != 3) return std::nullopt;
  unsigned result = 0;
  std::size_t pos = 0;
  for (int part_index = 0; part_index < 4; ++part_index) {
    const std::size_t end = std::min(text.find('.', pos), text.size());
    const std::string_view part = text.substr(pos, end - pos);
    if (part.empty() || part.size() > 3) return std::nullopt;
    if (part.size() > 1 && part.front() == '0') return std::nullopt;  // octal-looking
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || ptr != part.data() + part.size() || value > 255) return std::nullopt;
    result = (result << 8) | value;
    pos = end + 1;
  }
  return result;
}

std::optional<int> netmaskToPrefix(std::string_view netmask) {
  const auto mask = parseIpv4(netmask);
  if (!mask) return std::nullopt;
  // Contiguous: the inverted mask plus one is a power of two.
  const std::uint32_t inverted = ~*mask;
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;
  int prefix = 0;
  for (std::uint32_t m = *mask; m & 0x80000000u; m <<= 1) ++prefix;
  return prefix;
}

std::string prefixToNetmask(int prefix) {
  if (prefix < 0) prefix = 0;
  if (prefix > 32) prefix = 32;
  const std::uint32_t mask = prefix == 0 ? 0 : 0xffffffffu << (32 - prefix);
  return std::to_string(mask >> 24) + "." + std::to_string((mask >> 16) & 0xff) + "." +
         std::to_string((mask >> 8) & 0xff) + "." + std::to_string(mask & 0xff);
}

bool isValidHostname(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t label = 0;
  char previous = '.';
  for (const char c : name) {
    if (c == '.') {
      if (label == 0 || previous == '-') return false;
      label = 0;
    } else {
      const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      if (!alnum && c != '-') return false;
      if (c == '-' && label == 0) return false;
      if (++label > 63) return false;
    }
    previous = c;
  }
  return label > 0 && previous != '-';
}

NetworkRendering renderNetwork(const v1::NetworkConfig& n, const NetworkRenderOptions& options) {
  const bool saved = options.persistence == NetworkPersistence::Saved;
  if (saved && !n.hostname().empty() && !isValidHostname(n.hostname())) {
    return refuse("network.hostname: " + quoted(n.hostname()) +
                  " is not a valid host name (letters, digits and hyphens, dot-separated).");
  }
  const auto address = parseIpv4(n.address());
  if (!address) return refuse("network.address: " + quoted(n.address()) + " is not an IPv4 address.");
  const auto prefix = netmaskToPrefix(n.netmask());
  if (!prefix || *prefix == 0) {
    return refuse("network.netmask: " + quoted(n.netmask()) + " is not a netmask.");
  }
  if (!n.gateway().empty() && !parseIpv4(n.gateway())) {
    return refuse("network.gateway: " + quoted(n.gateway()) + " is not an IPv4 address.");
  }
  if (n.vlan_id() > 4094) {
    return refuse("network.vlan_id: " + std::to_string(n.vlan_id()) +
                  " is outside 1..4094 (0 means untagged).");
  }
  if (std::string route_error = checkRoutes(n); !route_error.empty()) {
    return refuse(std::move(route_error));
  }
  if (!isSafeMatch(options.interface_match)) {
    return refuse("interface match " + quoted(options.interface_match) + " is not a name glob list.");
  }

  NetworkRendering r;
  const std::string dir = directoryFor(options.persistence);
  const std::string match = "[Match]\nName=" + options.interface_match + "\n\n";
  if (n.vlan_id() == 0) {
    r.files.push_back({dir + kLanFile, std::string(kHeader) + match + addressSections(n, *prefix)});
    r.obsolete.push_back(dir + kVlanNetdevFile);
    r.obsolete.push_back(dir + kVlanNetworkFile);
  } else {
    // Tagged: the NIC carries only the VLAN; the address lives on the VLAN.
    const std::string vlan = vlanName(n.vlan_id());
    r.files.push_back({dir + kLanFile, std::string(kHeader) + match +
                                           "[Network]\nVLAN=" + vlan +
                                           "\nLinkLocalAddressing=no\nIPv6AcceptRA=no\n"
                                           "ConfigureWithoutCarrier=yes\n"});
    r.files.push_back({dir + kVlanNetdevFile, std::string(kHeader) + "[NetDev]\nName=" + vlan +
                                                  "\nKind=vlan\n\n[VLAN]\nId=" +
                                                  std::to_string(n.vlan_id()) + "\n"});
    r.files.push_back({dir + kVlanNetworkFile, std::string(kHeader) + "[Match]\nName=" + vlan +
                                                   "\n\n" + addressSections(n, *prefix)});
  }
  if (saved) {
    // Files under /run take precedence over /etc in networkd: a DHCP or
    // fallback address from the first-boot prompt must not shadow the
    // configuration the administrator has just saved.
    const std::string run = directoryFor(NetworkPersistence::Runtime);
    for (const char* file : {kLanFile, kVlanNetdevFile, kVlanNetworkFile}) {
      r.obsolete.push_back(run + file);
    }
    if (!n.hostname().empty()) {
      r.files.push_back({"/etc/hostname", n.hostname() + "\n"});
      r.files.push_back({"/etc/hosts", "127.0.0.1\tlocalhost\n127.0.1.1\t" + n.hostname() +
                                           "\n\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                                           "ff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n"});
    }
  }
  return r;
}

}  // namespace exlb::agent
