#include "app/network_status.h"

#include "app/appliance_impl.h"
#include "setup/network_handoff.h"

namespace exlb::agent {

void reportNetworkApply(const v1::NetworkApplyResult& result, v1::NodeStatus& status) {
  *status.mutable_network_apply() = result;
  if (result.state() != v1::NETWORK_APPLY_STATE_FAILED) return;
  auto* alarm = status.add_alarms();
  alarm->set_code("network-apply-failed");
  alarm->set_severity(v1::ALARM_SEVERITY_CRITICAL);
  alarm->set_message("The system did not apply the network settings: " + result.message() +
                     ". It still runs its previous network, not the one the configuration shows.");
  alarm->set_since_unix_ms(result.answered_unix_ms());
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
