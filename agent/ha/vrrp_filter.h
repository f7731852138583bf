#pragma once
// The protocol-112 filter of a paired node (issue #6, "Safety"): an nftables
// rule set, rendered from the pair configuration, that accepts VRRP only
// from the peer's address on the HA interface and drops every other VRRP
// packet, each counted. keepalived's check_unicast_src ignores the same
// packets; the filter stops them before they reach any socket of the node
// and makes them visible (`nft list table ip exlb_vrrp`).
//
// Applied by HaEngine with `nft -f` (an argument vector) only when the agent
// was started with --vrrp-filter (the appliance's unit does; a developer's
// host never gets firewall rules from a test run), high availability is on
// and a peer address is set. The table is exlb's own (`ip exlb_vrrp`): each
// file replaces it whole in one nft transaction, and HA off removes it; no
// other table is touched. The VRRP watcher listens in front of netfilter
// (vrrp_watcher.h), so a dropped rogue is still reported. docs/ha.md.

#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"

namespace exlb::agent {

inline constexpr const char* kVrrpFilterTable = "exlb_vrrp";
inline constexpr const char* kVrrpFilterFileName = "vrrp-filter.nft";

struct RenderedVrrpFilter {
  std::string text;  // empty with errors, or when there is nothing to filter to
  std::vector<std::string> errors;
  bool ok() const { return errors.empty(); }
};

// The rule set for `config` on `interface` (the one holding network.address).
// No peer address (multicast VRRP): no rule set, text empty and no errors.
RenderedVrrpFilter renderVrrpFilter(const v1::ApplianceConfig& config,
                                    const std::string& interface);

// A file that removes exlb's table if it exists (and succeeds if it does not).
std::string vrrpFilterRemoval();

}  // namespace exlb::agent
