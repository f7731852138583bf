// The pair's alarms from both nodes' observations: raised after their hold
// time, cleared when the condition ends, each change reported once.
#include <gtest/gtest.h>

#include "pair/pair_alarms.h"

using namespace exlb;
using namespace exlb::agent;

namespace {

PairAlarmInput healthy() {
  PairAlarmInput in;
  in.paired = true;
  in.peerReachable = true;
  in.localRole = v1::VRRP_ROLE_MASTER;
  in.localHoldsAddress = true;
  in.peerRole = v1::VRRP_ROLE_BACKUP;
  in.peerHaEnabled = true;
  in.localFingerprint = in.peerFingerprint = "f1";
  in.peerName = "lb2";
  return in;
}

std::vector<std::string> codes(const std::vector<v1::Alarm>& alarms) {
  std::vector<std::string> out;
  for (const auto& a : alarms) out.push_back(a.code());
  return out;
}

}  // namespace

TEST(PairAlarms, AHealthyPairHasNone) {
  PairAlarms alarms;
  EXPECT_TRUE(alarms.update(healthy(), 0).empty());
  EXPECT_TRUE(alarms.update(healthy(), 60000).empty());
  EXPECT_TRUE(alarms.active().empty());
}

TEST(PairAlarms, BothMasterIsSplitBrainAfterItsHoldTimeAndClearsOnce) {
  PairAlarms alarms;
  auto in = healthy();
  in.peerRole = v1::VRRP_ROLE_MASTER;
  EXPECT_TRUE(alarms.update(in, 1000).empty()) << "a poll in the middle of a handover is no split brain";
  EXPECT_TRUE(alarms.update(in, 1500).empty());
  auto raised = alarms.update(in, 2000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alarm.code(), "split-brain");
  EXPECT_EQ(raised[0].alarm.severity(), v1::ALARM_SEVERITY_CRITICAL);
  EXPECT_FALSE(raised[0].alarm.cleared());
  EXPECT_EQ(raised[0].alarm.since_unix_ms(), 1000);
  EXPECT_TRUE(alarms.update(in, 2500).empty()) << "raised once, not at every poll";
  EXPECT_EQ(codes(alarms.active()), std::vector<std::string>{"split-brain"});

  auto cleared = alarms.update(healthy(), 3000);
  ASSERT_EQ(cleared.size(), 1u);
  EXPECT_EQ(cleared[0].alarm.code(), "split-brain");
  EXPECT_TRUE(cleared[0].alarm.cleared());
  EXPECT_TRUE(alarms.active().empty());
}

TEST(PairAlarms, BothHoldingTheAddressIsSplitBrainWhateverTheRoles) {
  PairAlarms alarms;
  auto in = healthy();
  in.peerHoldsAddress = true;  // e.g. keepalived killed on the old master
  alarms.update(in, 0);
  auto raised = alarms.update(in, 1000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_NE(raised[0].alarm.message().find("virtual service address"), std::string::npos);
}

TEST(PairAlarms, NeitherMasterForTwoSecondsIsNoMaster) {
  PairAlarms alarms;
  auto in = healthy();
  in.localRole = v1::VRRP_ROLE_BACKUP;
  in.localHoldsAddress = false;
  in.peerRole = v1::VRRP_ROLE_FAULT;
  EXPECT_TRUE(alarms.update(in, 0).empty());
  EXPECT_TRUE(alarms.update(in, 1900).empty());
  auto raised = alarms.update(in, 2000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alarm.code(), "no-master");
  // A master again before the hold: nothing, and the timer restarts.
  PairAlarms other;
  other.update(in, 0);
  other.update(healthy(), 1500);
  EXPECT_TRUE(other.update(in, 2500).empty());
}

TEST(PairAlarms, UnknownRolesRaiseNoRoleAlarm) {
  PairAlarms alarms;
  auto in = healthy();
  in.localRole = v1::VRRP_ROLE_UNSPECIFIED;  // no HA engine observation
  in.peerRole = v1::VRRP_ROLE_UNSPECIFIED;
  alarms.update(in, 0);
  EXPECT_TRUE(alarms.update(in, 10000).empty());
}

TEST(PairAlarms, UnreachablePeerWarnsAndHidesTheRoleAlarms) {
  PairAlarms alarms;
  auto in = healthy();
  in.peerReachable = false;
  in.peerRole = v1::VRRP_ROLE_MASTER;  // stale: must not count
  EXPECT_TRUE(alarms.update(in, 0).empty());
  auto raised = alarms.update(in, 1000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alarm.code(), "peer-unreachable");
  EXPECT_EQ(raised[0].alarm.severity(), v1::ALARM_SEVERITY_WARNING);
  EXPECT_TRUE(alarms.update(in, 5000).empty());
  auto back = alarms.update(healthy(), 6000);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(back[0].alarm.cleared());
}

TEST(PairAlarms, DriftWarnsUnlessAChangeIsSettling) {
  PairAlarms alarms;
  auto in = healthy();
  in.peerFingerprint = "f2";
  in.settling = true;
  alarms.update(in, 0);
  EXPECT_TRUE(alarms.update(in, 10000).empty()) << "the catch-up is under way";
  in.settling = false;
  EXPECT_TRUE(alarms.update(in, 10100).empty());
  auto raised = alarms.update(in, 11600);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alarm.code(), "config-drift");
}

// The replication normally goes to TLS a second after the channel meets the
// peer; still clear with the peer answering for 30 s means it will not.
TEST(PairAlarms, ReplicationStillClearWithThePeerAnsweringWarns) {
  PairAlarms alarms;
  auto in = healthy();
  in.replicationClear = true;
  alarms.update(in, 0);
  EXPECT_TRUE(alarms.update(in, 29000).empty()) << "the switch to TLS may still come";
  auto raised = alarms.update(in, 30000);
  ASSERT_EQ(raised.size(), 1u);
  EXPECT_EQ(raised[0].alarm.code(), "replication-clear");
  EXPECT_EQ(raised[0].alarm.severity(), v1::ALARM_SEVERITY_WARNING);
  EXPECT_NE(raised[0].alarm.message().find("lb2"), std::string::npos) << raised[0].alarm.message();
  auto back = alarms.update(healthy(), 31000);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_TRUE(back[0].alarm.cleared());
  // An unreachable peer explains a clear replication already: only that alarm.
  PairAlarms other;
  in.peerReachable = false;
  other.update(in, 0);
  EXPECT_EQ(codes(other.active()), std::vector<std::string>{});
  other.update(in, 60000);
  EXPECT_EQ(codes(other.active()), std::vector<std::string>{"peer-unreachable"});
}

TEST(PairAlarms, NotPairedMeansNoAlarmAtAll) {
  PairAlarms alarms;
  PairAlarmInput in;
  alarms.update(in, 0);
  EXPECT_TRUE(alarms.update(in, 100000).empty());
}
