#include "pair/pair_alarms.h"

namespace exlb::agent {

namespace {

bool known(v1::VrrpRole role) {
  return role != v1::VRRP_ROLE_UNSPECIFIED && role != v1::VRRP_ROLE_DISABLED;
}

}  // namespace

void PairAlarms::track(const std::string& code, bool holds, std::chrono::milliseconds hold,
                       v1::AlarmSeverity severity, const std::string& message, std::int64_t now,
                       std::vector<Change>& changes) {
  auto it = conditions_.find(code);
  if (!holds) {
    if (it == conditions_.end()) return;
    if (it->second.raised) {
      v1::Alarm ended = it->second.alarm;
      ended.set_cleared(true);
      changes.push_back({ended});
    }
    conditions_.erase(it);
    return;
  }
  if (it == conditions_.end()) {
    Condition c;
    c.since = now;
    it = conditions_.emplace(code, c).first;
  }
  Condition& c = it->second;
  c.alarm.set_code(code);
  c.alarm.set_severity(severity);
  c.alarm.set_message(message);
  c.alarm.set_since_unix_ms(c.since);
  if (!c.raised && now - c.since >= hold.count()) {
    c.raised = true;
    changes.push_back({c.alarm});
  }
}

std::vector<PairAlarms::Change> PairAlarms::update(const PairAlarmInput& in, std::int64_t now) {
  std::vector<Change> changes;
  const std::string peer = in.peerName.empty() ? std::string("the peer") : "the peer (" + in.peerName + ")";
  const bool seen = in.paired && in.peerReachable;
  const bool rolesKnown = seen && in.peerHaEnabled && known(in.localRole) && known(in.peerRole);

  const bool bothMaster = rolesKnown && in.localRole == v1::VRRP_ROLE_MASTER &&
                          in.peerRole == v1::VRRP_ROLE_MASTER;
  const bool bothHold = seen && in.localHoldsAddress && in.peerHoldsAddress;
  track("split-brain", bothMaster || bothHold, times_.splitBrain, v1::ALARM_SEVERITY_CRITICAL,
        bothHold ? "Split brain: this node and " + peer +
                       " both hold the virtual service address; clients reach either at random. "
                       "Check that VRRP (IP protocol 112) passes between the two nodes."
                 : "Split brain: this node and " + peer +
                       " are both VRRP master. Check that VRRP (IP protocol 112) passes between "
                       "the two nodes.",
        now, changes);

  const bool noMaster = rolesKnown && in.localRole != v1::VRRP_ROLE_MASTER &&
                        in.peerRole != v1::VRRP_ROLE_MASTER;
  track("no-master", noMaster, times_.noMaster, v1::ALARM_SEVERITY_CRITICAL,
        "No master: neither this node nor " + peer +
            " is VRRP master, so nobody serves the virtual service address. Check HAProxy and "
            "keepalived on both nodes (status.engines).",
        now, changes);

  track("peer-unreachable", in.paired && !in.peerReachable, times_.unreachable,
        v1::ALARM_SEVERITY_WARNING,
        "The pair channel cannot reach " + peer +
            ": pair-wide changes apply to this node only until it answers again.",
        now, changes);

  const bool drift = seen && !in.settling && !in.peerFingerprint.empty() &&
                     in.peerFingerprint != in.localFingerprint;
  track("config-drift", drift, times_.drift, v1::ALARM_SEVERITY_WARNING,
        "The shared settings of this node and " + peer +
            " differ (configuration fingerprints). Bring them in line: POST /api/v1/pair/sync "
            "on the node whose settings are right.",
        now, changes);

  track("replication-clear", seen && in.replicationClear, times_.replicationClear,
        v1::ALARM_SEVERITY_WARNING,
        "The stick tables are shared with " + peer +
            " in clear text although the pair channel reaches it: this node could not keep the "
            "peer's certificate (the agent's log says why). Client addresses cross the network "
            "unencrypted and ActiveSync phones lose their CAS at a failover.",
        now, changes);
  return changes;
}

std::vector<v1::Alarm> PairAlarms::active() const {
  std::vector<v1::Alarm> out;
  for (const auto& [code, c] : conditions_)
    if (c.raised) out.push_back(c.alarm);
  return out;
}

}  // namespace exlb::agent
