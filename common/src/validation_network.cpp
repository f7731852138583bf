// Rules of the network screen (guide 4.2.1) and high availability (4.2.2).
#include <algorithm>
#include <string>

#include "exlb/common/syntax.h"
#include "validation_internal.h"

namespace exlb::validation {

namespace {

constexpr int kMaxStaticRoutes = 4;
constexpr std::uint32_t kMaxVlanId = 4094;
constexpr std::size_t kMaxLinuxHostname = 64;

std::string cidr(const Subnet& s) {
  return formatIpv4(s.network()) + "/" + std::to_string(*netmaskPrefix(s.mask));
}

// A netmask in dotted form, contiguous, with a prefix in [minPrefix, maxPrefix].
std::optional<std::uint32_t> checkNetmask(ProblemSink& sink, const std::string& path,
                                          const std::string& value, int minPrefix,
                                          int maxPrefix) {
  if (value.empty()) {
    sink.error(path, "no netmask is set; use a dotted netmask like 255.255.255.0.");
    return std::nullopt;
  }
  const auto mask = parseIpv4(value);
  if (!mask) {
    sink.error(path, quoteValue(value) + " is not a netmask (use dotted form, like 255.255.255.0).");
    return std::nullopt;
  }
  const auto prefix = netmaskPrefix(*mask);
  if (!prefix) {
    sink.error(path, quoteValue(value) +
                         " is not a valid netmask: its one bits must be contiguous from the left "
                         "(like 255.255.240.0).");
    return std::nullopt;
  }
  if (*prefix < minPrefix || *prefix > maxPrefix) {
    sink.error(path, quoteValue(value) + " (/" + std::to_string(*prefix) +
                         ") is not usable here; use a netmask from /" + std::to_string(minPrefix) +
                         " to /" + std::to_string(maxPrefix) + ".");
    return std::nullopt;
  }
  return mask;
}

// An address of the appliance's subnet other than its own (gateway, router,
// virtual address): inside the subnet, not its network or broadcast address.
void checkInSubnet(ProblemSink& sink, const std::string& path, const std::string& text,
                   std::uint32_t address, const Context& context, const char* what) {
  if (!context.subnet) return;  // the subnet itself is wrong; reported already
  const Subnet& s = *context.subnet;
  if (!s.contains(address)) {
    sink.error(path, quoteValue(text) + " is outside the appliance's subnet " + cidr(s) + "; " + what +
                         " must be reachable directly.");
  } else if (s.isNetworkOrBroadcast(address)) {
    sink.error(path, quoteValue(text) + " is the " +
                         (address == s.network() ? "network" : "broadcast") + " address of " +
                         cidr(s) + "; " + what + " needs a host address.");
  } else if (context.ownAddress && address == *context.ownAddress) {
    sink.error(path, quoteValue(text) + " is the appliance's own address; " + what +
                         " must be another address.");
  }
}

std::optional<std::uint32_t> checkNetworkAddress(ProblemSink& sink, const std::string& path,
                                                       const std::string& value) {
  if (value.empty()) {
    sink.error(path, "no network address is set.");
    return std::nullopt;
  }
  const auto address = parseIpv4(value);
  if (!address) {
    sink.error(path, quoteValue(value) + " is not an IPv4 network address (like 172.16.0.0).");
    return std::nullopt;
  }
  return address;
}

void validateRoute(ProblemSink& sink, const std::string& path, const v1::StaticRoute& route,
                   const Context& context) {
  const auto network = checkNetworkAddress(sink, field(path, "network"), route.network());
  const auto mask = checkNetmask(sink, field(path, "netmask"), route.netmask(), 1, 32);
  if (network && mask && (*network & ~*mask) != 0) {
    sink.error(field(path, "network"),
               quoteValue(route.network()) + " is not aligned to its netmask " +
                   quoteValue(route.netmask()) + "; the network address would be " +
                   formatIpv4(*network & *mask) + ".");
  }
  if (route.router().empty()) {
    sink.error(field(path, "router"), "no router address is set; a route needs one.");
  } else if (const auto router = checkHostAddress(sink, field(path, "router"), route.router(),
                                                  Use::Required)) {
    checkInSubnet(sink, field(path, "router"), route.router(), *router, context, "a router");
  }
}

}  // namespace

Context validateNetwork(ProblemSink& sink, const v1::NetworkConfig& network) {
  Context context;
  if (checkHostname(sink, "network.hostname", network.hostname(), Use::Required, false) &&
      network.hostname().size() > kMaxLinuxHostname) {
    sink.error("network.hostname", quoteValue(network.hostname()) +
                                       " is longer than 64 characters, the most Linux accepts.");
  }

  context.ownAddress =
      checkHostAddress(sink, "network.address", network.address(), Use::Required);
  const auto mask = checkNetmask(sink, "network.netmask", network.netmask(), 1, 30);
  if (context.ownAddress && mask) {
    context.subnet = Subnet{*context.ownAddress, *mask};
    if (context.subnet->isNetworkOrBroadcast(*context.ownAddress)) {
      const bool isNetwork = *context.ownAddress == context.subnet->network();
      sink.error("network.address", quoteValue(network.address()) + " is the " +
                                        (isNetwork ? "network" : "broadcast") + " address of " +
                                        cidr(*context.subnet) +
                                        "; the appliance needs a host address.");
    }
  }
  if (context.ownAddress) context.listenAddressText = network.address();

  if (const auto gateway =
          checkHostAddress(sink, "network.gateway", network.gateway(), Use::Optional)) {
    checkInSubnet(sink, "network.gateway", network.gateway(), *gateway, context, "the gateway");
  }

  if (network.vlan_id() > kMaxVlanId) {
    sink.error("network.vlan_id", std::to_string(network.vlan_id()) +
                                      " is not a VLAN identifier; use 1 to 4094, or 0 for "
                                      "untagged traffic.");
  }

  if (network.static_routes_size() > kMaxStaticRoutes) {
    sink.error("network.static_routes",
               std::to_string(network.static_routes_size()) +
                   " static routes are configured; the appliance supports at most 4.");
  }
  for (int i = 0; i < network.static_routes_size(); ++i) {
    const auto path = indexed("network.static_routes", i);
    validateRoute(sink, path, network.static_routes(i), context);
    for (int j = 0; j < i; ++j) {
      const auto& a = network.static_routes(j);
      const auto& b = network.static_routes(i);
      if (!b.network().empty() && a.network() == b.network() && a.netmask() == b.netmask()) {
        sink.error(field(path, "network"), "the route to " + quoteValue(b.network()) + " " +
                                               quoteValue(b.netmask()) + " repeats route " +
                                               std::to_string(j + 1) + ".");
        break;
      }
    }
  }
  return context;
}

void validateHighAvailability(ProblemSink& sink, const v1::HighAvailabilityConfig& ha,
                              Context& context) {
  if (!checkEnum(sink, "high_availability.role", ha.role(), v1::HaRole_descriptor())) return;
  context.haEnabled = ha.role() == v1::HA_ROLE_MASTER || ha.role() == v1::HA_ROLE_BACKUP;
  const Use use = context.haEnabled ? Use::Required : Use::Optional;

  const auto vip = checkHostAddress(sink, "high_availability.virtual_address",
                                    ha.virtual_address(), use);
  if (context.haEnabled) {
    if (vip) {
      checkInSubnet(sink, "high_availability.virtual_address", ha.virtual_address(), *vip,
                    context, "the virtual service address");
      context.virtualAddress = vip;
    }
    // Services move to the virtual address; name it in messages only when valid.
    context.listenAddressText = vip ? ha.virtual_address() : std::string();
    if (ha.cluster_id() < 1 || ha.cluster_id() > 255) {
      sink.error("high_availability.cluster_id",
                 std::to_string(ha.cluster_id()) +
                     " is not a cluster identifier; use 1 to 255, the same on master and "
                     "backup and unique on the LAN.");
    }
  }

  if (const auto peer = checkHostAddress(sink, "high_availability.peer_address",
                                         ha.peer_address(), Use::Optional)) {
    if (context.ownAddress && *peer == *context.ownAddress) {
      sink.error("high_availability.peer_address",
                 quoteValue(ha.peer_address()) +
                     " is this appliance's own address; give the other node's address.");
    } else if (vip && *peer == *vip) {
      sink.error("high_availability.peer_address",
                 quoteValue(ha.peer_address()) +
                     " is the virtual service address; give the other node's own address.");
    }
  } else if (context.haEnabled && ha.peer_address().empty()) {
    sink.warning("high_availability.peer_address",
                 "no peer address is set: changes cannot be applied to both nodes of the pair "
                 "at once, and VRRP falls back to multicast.");
  }

  // The pair channel's pin: the 64 hex digits of a SHA-256, nothing else, so
  // that a pasted fingerprint with colons or a truncated one is named here
  // rather than silently never matching.
  const std::string& pin = ha.peer_certificate_sha256();
  const bool hex = std::all_of(pin.begin(), pin.end(), [](char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
  });
  if (!pin.empty() && (pin.size() != 64 || !hex)) {
    sink.error("high_availability.peer_certificate_sha256",
               quoteValue(pin) +
                   " is not a SHA-256 fingerprint; give the 64 hexadecimal digits (no colons) "
                   "that GET /api/v1/ha/identity shows on the peer.");
  }
  if (ha.peer_port() > 65535) {
    sink.error("high_availability.peer_port",
               std::to_string(ha.peer_port()) +
                   " is not a port; use 1 to 65535, or 0 for the pair channel's 4445.");
  }
}

}  // namespace exlb::validation
