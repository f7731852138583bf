#include "setup/network_render.h"

#include <cstdint>
#include <optional>

#include "exlb/common/ipv4.h"
#include "exlb/common/syntax.h"

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

std::optional<std::uint32_t> ipv4(const std::string& text) { return exlb::parseIpv4(text); }

// The prefix length of a dotted netmask, or nothing.
std::optional<int> prefixOf(const std::string& netmask) {
  const auto mask = exlb::parseIpv4(netmask);
  return mask ? exlb::netmaskPrefix(*mask) : std::nullopt;
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
    const int route_prefix = *prefixOf(route.netmask());
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
    const auto network = ipv4(r.network());
    if (!network) return at + ".network: " + quoted(r.network()) + " is not an IPv4 address.";
    const auto prefix = prefixOf(r.netmask());
    if (!prefix) return at + ".netmask: " + quoted(r.netmask()) + " is not a netmask.";
    if (!ipv4(r.router())) {
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

NetworkRendering renderNetwork(const v1::NetworkConfig& n, const NetworkRenderOptions& options) {
  const bool saved = options.persistence == NetworkPersistence::Saved;
  if (saved && !n.hostname().empty() && !exlb::isHostname(n.hostname())) {
    return refuse("network.hostname: " + quoted(n.hostname()) +
                  " is not a valid host name (letters, digits and hyphens, dot-separated).");
  }
  const auto address = ipv4(n.address());
  if (!address) return refuse("network.address: " + quoted(n.address()) + " is not an IPv4 address.");
  const auto prefix = prefixOf(n.netmask());
  if (!prefix || *prefix == 0) {
    return refuse("network.netmask: " + quoted(n.netmask()) + " is not a netmask.");
  }
  if (!n.gateway().empty() && !ipv4(n.gateway())) {
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
