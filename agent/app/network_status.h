#pragma once
// The system's answer to the agent's last network request in the status:
// NodeStatus.network_apply; the `network-apply-failed` alarm while the last
// request failed (the system then still runs its previous network, not the
// one the running configuration shows); and the `network-apply-pending`
// warning while a request has had no answer for longer than
// kNetworkApplyPendingLimit (nothing on the system is acting on it).

#include <chrono>
#include <filesystem>

#include "exlb/v1/status.pb.h"

namespace exlb::agent {

class ApplianceImpl;

// How long a request may stay unanswered before `network-apply-pending`.
// exlb-network-apply.path starts the tool within a second of the write, and
// the tool (parse, render, write a few files, `networkctl reload`) answers
// in seconds. Its unit is a oneshot with systemd's default start timeout
// (DefaultTimeoutStartSec, 90 s): past that systemd has killed a hung run,
// which never answers. So two minutes without an answer means no answer is
// coming (the path unit is not running, the appliance package is missing,
// the tool was killed), while a slow but working apply never raises it.
inline constexpr std::chrono::milliseconds kNetworkApplyPendingLimit = std::chrono::minutes(2);

// Adds the network result of `dataDir` to every status snapshot.
void addNetworkApplyStatus(ApplianceImpl& appliance, std::filesystem::path dataDir);

// Fills `status` from a read result (split out for the unit test). The
// pending alarm measures against the snapshot's own time_unix_ms (a status
// without a time raises none).
void reportNetworkApply(const v1::NetworkApplyResult& result, v1::NodeStatus& status);

}  // namespace exlb::agent
