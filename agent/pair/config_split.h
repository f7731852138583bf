#pragma once
// Pure: which settings of a pair must be equal on both nodes (shared) and
// which must differ (node-specific), and the fingerprint of the shared part.
//
// Node-specific: network.* (address, host name, VLAN, routes), and of
// high_availability the role, peer address, peer certificate pin and peer
// port, and management.certificate (an id in this node's own certificate
// store). Everything else is shared: the virtual address and cluster id
// (VRRP needs them equal), servers, services, system settings.

#include <string>

#include "exlb/v1/config.pb.h"

namespace exlb::agent {

// `config` with every node-specific field cleared.
v1::ApplianceConfig sharedPart(const v1::ApplianceConfig& config);

// The shared settings of `shared` with the node-specific ones of `node`: what
// a node runs when its peer's settings are applied to it.
v1::ApplianceConfig mergeShared(const v1::ApplianceConfig& shared, const v1::ApplianceConfig& node);

// SHA-256 (64 hex digits, lower case) over a deterministic serialization of
// sharedPart(config): equal on both nodes exactly when they share the same
// settings. What NodeStatus.config_fingerprint carries.
std::string configFingerprint(const v1::ApplianceConfig& config);

// The top-level areas whose shared settings differ, e.g. "cas_servers,http";
// empty when none.
std::string sharedAreasThatDiffer(const v1::ApplianceConfig& a, const v1::ApplianceConfig& b);

}  // namespace exlb::agent
