#pragma once
// Pure: the pair's alarms from both nodes' observations. A condition must
// hold for a while before its alarm is raised (a poll that catches a role
// change half-way is not a split brain), and the alarm ends as soon as the
// condition does.
//
//   split-brain      critical  both MASTER, or both hold the virtual address
//   no-master        critical  both reachable, HA on, neither MASTER
//   peer-unreachable warning   the peer has not answered its polls
//   config-drift     warning   the shared settings differ (fingerprints)
//   replication-clear warning  the peer answers, yet the stick tables still
//                              cross in clear (its certificate was not kept)

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "exlb/v1/status.pb.h"

namespace exlb::agent {

struct PairAlarmInput {
  bool paired = false;                // HA on, peer address and pin set
  bool peerReachable = false;
  v1::VrrpRole localRole = v1::VRRP_ROLE_UNSPECIFIED;   // UNSPECIFIED: unknown
  bool localHoldsAddress = false;
  v1::VrrpRole peerRole = v1::VRRP_ROLE_UNSPECIFIED;
  bool peerHoldsAddress = false;
  bool peerHaEnabled = false;
  std::string localFingerprint;
  std::string peerFingerprint;
  bool settling = false;              // a pair change or catch-up is under way: drift expected
  bool replicationClear = false;      // status.stick_replication is CLEAR
  std::string peerName;               // for the sentences
};

struct PairAlarmTimes {
  std::chrono::milliseconds splitBrain{1000};
  std::chrono::milliseconds noMaster{2000};
  std::chrono::milliseconds unreachable{1000};
  std::chrono::milliseconds drift{1500};
  // The switch to TLS takes about a second once the channel has met the
  // peer (a re-render and a reload); far longer means it will not happen.
  std::chrono::milliseconds replicationClear{30000};
};

class PairAlarms {
 public:
  explicit PairAlarms(PairAlarmTimes times = {}) : times_(times) {}

  struct Change {
    v1::Alarm alarm;   // cleared() tells raised from ended
  };
  // Feeds one evaluation at `nowMs`; returns the alarms raised or cleared by it.
  std::vector<Change> update(const PairAlarmInput& input, std::int64_t nowMs);
  // The alarms in force, by code order.
  std::vector<v1::Alarm> active() const;

 private:
  struct Condition {
    std::int64_t since = 0;   // when the condition started holding
    bool raised = false;
    v1::Alarm alarm;
  };
  void track(const std::string& code, bool holds, std::chrono::milliseconds hold,
             v1::AlarmSeverity severity, const std::string& message, std::int64_t now,
             std::vector<Change>& changes);

  PairAlarmTimes times_;
  std::map<std::string, Condition> conditions_;
};

}  // namespace exlb::agent
