#pragma once
// The VRRP filter's three counters (vrrp_filter.h: peer_adverts, accepted
// from the peer; dropped_adverts, every other VRRP packet; dropped_replication,
// packets to the stick-table replication port from anyone but the peer) as
// the status shows them (NodeStatus.vrrp_filter). HaEngine reads them with
// `nft -j list table ip exlb_vrrp` (an argument vector) about once a second
// while its filter is in place; this is the pure part, tested with nft's
// real output.

#include <optional>
#include <string>

#include "exlb/v1/status.pb.h"

namespace exlb::agent {

// The counters in the JSON `nft -j list table ip exlb_vrrp` prints. Nothing
// when the text is not nft's JSON or lacks any counter of exlb's table.
std::optional<v1::VrrpFilterCounters> parseVrrpFilterCounters(const std::string& nftJson);

}  // namespace exlb::agent
