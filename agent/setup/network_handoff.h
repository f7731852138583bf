#pragma once
// Where the network settings (guide 4.2.1) cross between the agent and the
// system. The agent runs unprivileged in a read-only system; on the
// appliance the root-side work belongs to exlb-firstboot and
// exlb-network-apply (installer/), and two files connect them to the agent:
//
//   <system root>/etc/exlb/firstboot-network.json
//       what an administrator typed at the console at first boot (guide 4.1).
//       A fresh agent adopts it, so its configuration shows the address the
//       appliance really has instead of the factory 192.168.0.200.
//   <data dir>/network-request.json
//       the network part of the running configuration, written when it
//       changes. exlb-network-apply.path notices it; exlb-network-apply
//       renders and applies it as root and answers in network-result.json.
//
// Both are protobuf JSON of v1::NetworkConfig. In tests the system root and
// the data dir are temporary folders, so nothing reaches the test machine.

#include <filesystem>
#include <optional>
#include <string>

#include "exlb/v1/config.pb.h"
#include "exlb/v1/status.pb.h"

namespace exlb::agent {

inline constexpr const char* kFirstbootNetworkPath = "etc/exlb/firstboot-network.json";
inline constexpr const char* kNetworkRequestName = "network-request.json";
inline constexpr const char* kNetworkResultName = "network-result.json";

// The settings exlb-firstboot saved, or nothing when it saved none. A file
// that is not a regular file, too large, or not a NetworkConfig sets `error`
// and gives nothing: the agent then keeps its own configuration.
std::optional<v1::NetworkConfig> readFirstbootNetwork(const std::filesystem::path& systemRoot,
                                                      std::string& error);

// The network request file, written only when the network the agent runs
// changes, so the system's network is never rewritten for nothing.
class NetworkRequest {
 public:
  explicit NetworkRequest(std::filesystem::path dataDir);

  // At agent start, with the network the agent now runs. When an earlier
  // request differs from it (the appliance rebooted on the saved
  // configuration, dropping an unsaved network change), the system is asked
  // to follow. Without an earlier request nothing is written: the system's
  // network is then the one set at first boot, and an agent start must not
  // change a live network that nobody asked to change.
  // Returns true when it wrote a request; false with `error` set on failure.
  bool start(const v1::NetworkConfig& running, std::string& error);

  // After a change of the running configuration: writes a request when its
  // network differs from the one the agent ran before.
  bool update(const v1::NetworkConfig& running, std::string& error);

 private:
  bool write(const std::string& json, std::string& error);

  std::filesystem::path dataDir_;
  std::string current_;  // the JSON of the network the agent runs
};

// What became of the last request: none, pending (no answer newer than the
// request), applied, or failed with exlb-network-apply's sentence. An answer
// older than the request belongs to an earlier request, so the request is
// still pending. An answer that is not exlb-network-apply's JSON counts as
// failed, with a sentence saying so: the system's state is then unknown.
v1::NetworkApplyResult readNetworkApplyResult(const std::filesystem::path& dataDir);

// The deterministic JSON both files use.
std::string networkJson(const v1::NetworkConfig& network);

}  // namespace exlb::agent
