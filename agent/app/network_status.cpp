#include "app/network_status.h"

#include <string>

#include "app/appliance_impl.h"
#include "setup/network_handoff.h"

namespace exlb::agent {

namespace {

void reportFailed(const v1::NetworkApplyResult& result, v1::NodeStatus& status) {
  auto* alarm = status.add_alarms();
  alarm->set_code("network-apply-failed");
  alarm->set_severity(v1::ALARM_SEVERITY_CRITICAL);
  alarm->set_message("The system did not apply the network settings: " + result.message() +
                     ". It still runs its previous network, not the one the configuration shows.");
  alarm->set_since_unix_ms(result.answered_unix_ms());
}

void reportPending(const v1::NetworkApplyResult& result, v1::NodeStatus& status) {
  const std::int64_t waited = status.time_unix_ms() - result.requested_unix_ms();
  if (result.requested_unix_ms() <= 0 || waited <= kNetworkApplyPendingLimit.count()) return;
  auto* alarm = status.add_alarms();
  alarm->set_code("network-apply-pending");
  alarm->set_severity(v1::ALARM_SEVERITY_WARNING);
  // A fixed text (since_unix_ms carries the time): the snapshot, and so
  // the status events, do not change while the request keeps waiting.
  alarm->set_message("The network settings handed to the system have had no answer for more "
                     "than " + std::to_string(kNetworkApplyPendingLimit.count() / 60000) +
                     " minutes: exlb-network-apply.path may not be running (systemctl status "
                     "exlb-network-apply.path). The system still runs its previous network, not "
                     "the one the configuration shows.");
  // Raised from the moment the bound passed, so the alarm's age says how
  // long it has been overdue, and it stays the same alarm from poll to poll.
  alarm->set_since_unix_ms(result.requested_unix_ms() + kNetworkApplyPendingLimit.count());
}

}  // namespace

void reportNetworkApply(const v1::NetworkApplyResult& result, v1::NodeStatus& status) {
  *status.mutable_network_apply() = result;
  if (result.state() == v1::NETWORK_APPLY_STATE_FAILED) reportFailed(result, status);
  if (result.state() == v1::NETWORK_APPLY_STATE_PENDING) reportPending(result, status);
}

void addNetworkApplyStatus(ApplianceImpl& appliance, std::filesystem::path dataDir) {
  // Read at every snapshot (two stats and a small file, about once a
  // second): exlb-network-apply answers whenever it is done, and the next
  // poll publishes the change.
  appliance.addStatusContributor([dataDir = std::move(dataDir)](v1::NodeStatus& status) {
    reportNetworkApply(readNetworkApplyResult(dataDir), status);
  });
}

}  // namespace exlb::agent
