#include "ha/vrrp_filter.h"

#include <sstream>

#include "exlb/common/ipv4.h"
#include "exlb/common/syntax.h"
#include "ha/keepalived_renderer.h"
#include "render/haproxy_renderer.h"

namespace exlb::agent {

namespace {

// "table ip T" creates the table if missing, so the delete that follows
// always has something to delete: the file works on a fresh node and on one
// that has the table, in one transaction (nft 1.0.6 has no "destroy").
std::string replaceHeader() {
  return std::string("table ip ") + kVrrpFilterTable + "\ndelete table ip " + kVrrpFilterTable +
         "\n";
}

}  // namespace

RenderedVrrpFilter renderVrrpFilter(const v1::ApplianceConfig& config,
                                    const std::string& interface) {
  RenderedVrrpFilter out;
  const auto& ha = config.high_availability();
  if (!highAvailabilityEnabled(config)) {
    out.errors.push_back("high_availability.role: is not master or backup");
    return out;
  }
  if (ha.peer_address().empty()) return out;  // multicast: no single source to accept
  const auto peer = parseIpv4(ha.peer_address());
  if (!peer || isUnusableHostAddress(*peer))
    out.errors.push_back("high_availability.peer_address: " + quoteValue(ha.peer_address()) +
                         " is not a host's IPv4 address");
  const auto own = parseIpv4(config.network().address());
  if (!own || isUnusableHostAddress(*own))
    out.errors.push_back("network.address: " + quoteValue(config.network().address()) +
                         " is not a host's IPv4 address");
  if (!isSafeInterfaceName(interface))
    out.errors.push_back("network.address: no usable network interface holds it (interface " +
                         quoteValue(interface) + ")");
  if (!out.errors.empty()) return out;

  std::ostringstream f;
  f << "# Rendered by exlb-agent from the running configuration; do not edit.\n"
       "# VRRP (IP protocol 112) and the stick-table replication only from the peer on\n"
       "# the HA interface: docs/ha.md.\n"
    << replaceHeader()
    << "table ip " << kVrrpFilterTable << " {\n"
       "  counter peer_adverts {\n"
       "  }\n"
       "  counter dropped_adverts {\n"
       "  }\n"
       "  counter dropped_replication {\n"
       "  }\n"
       // Prerouting, not input: multicast adverts (224.0.0.18) to a group no
       // socket has joined at the IP level are discarded by routing before
       // the input hook; here every VRRP packet arriving is seen and counted.
       "  chain prerouting {\n"
       // Before the usual filter priority (0): an administrator's own rules
       // still see the peer's adverts after ours accept them.
       "    type filter hook prerouting priority -10; policy accept;\n"
       "    iifname \"" << interface << "\" ip saddr " << formatIpv4(*peer)
    << " ip protocol vrrp counter name \"peer_adverts\" accept\n"
       "    ip protocol vrrp counter name \"dropped_adverts\" drop\n"
       // The pair's stick-table replication (HAProxy peers, render/
       // haproxy_renderer.h) has no authentication: on the HA interface only
       // the peer may reach it. A reload's old-to-new worker hand-over runs
       // on the loopback interface and is not concerned.
       "    iifname \"" << interface << "\" ip daddr " << formatIpv4(*own) << " tcp dport "
    << kPairPeersPort << " ip saddr != " << formatIpv4(*peer)
    << " counter name \"dropped_replication\" drop\n"
       "  }\n"
       "}\n";
  out.text = f.str();
  return out;
}

std::string vrrpFilterRemoval() {
  return "# Rendered by exlb-agent: high availability is off or has no peer.\n" +
         replaceHeader();
}

}  // namespace exlb::agent
