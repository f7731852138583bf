#pragma once
// The system's answer to the agent's last network request in the status:
// NodeStatus.network_apply, and the `network-apply-failed` alarm while the
// last request failed (the system then still runs its previous network,
// not the one the running configuration shows).

#include <filesystem>

#include "exlb/v1/status.pb.h"

namespace exlb::agent {

class ApplianceImpl;

// Adds the network result of `dataDir` to every status snapshot.
void addNetworkApplyStatus(ApplianceImpl& appliance, std::filesystem::path dataDir);

// Fills `status` from a read result (split out for the unit test).
void reportNetworkApply(const v1::NetworkApplyResult& result, v1::NodeStatus& status);

}  // namespace exlb::agent
