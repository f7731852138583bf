// The two files through which network settings cross between the agent and
// the system (setup/network_handoff.h): the first-boot settings a fresh agent
// adopts, and the request the root-side exlb-network-apply acts on.
#include "setup/network_handoff.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include "app/network_status.h"
#include "golden_file.h"

namespace exlb::agent {
namespace {

namespace fs = std::filesystem;

class NetworkHandoff : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("exlb-handoff-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "root/etc/exlb");
    fs::create_directories(dir_ / "data");
  }
  void TearDown() override { fs::remove_all(dir_); }

  static v1::NetworkConfig network(const std::string& address) {
    v1::NetworkConfig n;
    n.set_hostname("cas-lb1");
    n.set_address(address);
    n.set_netmask("255.255.255.0");
    n.set_gateway("198.18.7.1");
    return n;
  }
  fs::path request() const { return dir_ / "data" / kNetworkRequestName; }
  fs::path answer() const { return dir_ / "data" / kNetworkResultName; }
  // A request, then (when `answer` is given) exlb-network-apply's answer to
  // it a second later, or (with `answerFirst`) an answer to an earlier one.
  void handOver(const char* answerText, bool answerFirst = false) const {
    std::ofstream(request()) << networkJson(network("198.18.7.21"));
    if (!answerText) return;
    std::ofstream(answer()) << answerText;
    const auto t = fs::last_write_time(request());
    fs::last_write_time(answer(), answerFirst ? t - std::chrono::seconds(1)
                                              : t + std::chrono::seconds(1));
  }
  static ino_t inode(const fs::path& p) {
    struct stat st {};
    return ::stat(p.c_str(), &st) == 0 ? st.st_ino : 0;
  }

  fs::path dir_;
};

TEST_F(NetworkHandoff, NoFirstbootFileMeansNothingToAdoptAndNoError) {
  std::string error;
  EXPECT_FALSE(readFirstbootNetwork(dir_ / "root", error).has_value());
  EXPECT_EQ(error, "");
}

TEST_F(NetworkHandoff, AdoptsWhatTheFirstbootPromptSaved) {
  std::ofstream(dir_ / "root" / kFirstbootNetworkPath) << networkJson(network("198.18.7.20"));
  std::string error;
  const auto adopted = readFirstbootNetwork(dir_ / "root", error);
  ASSERT_TRUE(adopted.has_value()) << error;
  EXPECT_EQ(adopted->address(), "198.18.7.20");
  EXPECT_EQ(adopted->gateway(), "198.18.7.1");
  EXPECT_EQ(adopted->hostname(), "cas-lb1");
}

TEST_F(NetworkHandoff, ADamagedFirstbootFileIsNamedAndNotAdopted) {
  std::ofstream(dir_ / "root" / kFirstbootNetworkPath) << R"({"address": "198.18.7.20", "colour": 1})";
  std::string error;
  EXPECT_FALSE(readFirstbootNetwork(dir_ / "root", error).has_value());
  EXPECT_NE(error.find("firstboot-network.json"), std::string::npos) << error;
}

TEST_F(NetworkHandoff, APlantedLinkIsNotFollowed) {
  std::ofstream(dir_ / "elsewhere.json") << networkJson(network("198.18.7.20"));
  fs::create_symlink(dir_ / "elsewhere.json", dir_ / "root" / kFirstbootNetworkPath);
  std::string error;
  EXPECT_FALSE(readFirstbootNetwork(dir_ / "root", error).has_value());
  EXPECT_NE(error, "");
}

TEST_F(NetworkHandoff, AStartWithoutAnEarlierRequestLeavesTheSystemAlone) {
  NetworkRequest r(dir_ / "data");
  std::string error;
  EXPECT_FALSE(r.start(network("198.18.7.20"), error));
  EXPECT_EQ(error, "");
  EXPECT_FALSE(fs::exists(request()));
}

TEST_F(NetworkHandoff, AChangedNetworkIsRequestedOnceAndOnlyWhenItChanges) {
  NetworkRequest r(dir_ / "data");
  std::string error;
  ASSERT_FALSE(r.start(network("198.18.7.20"), error));
  EXPECT_FALSE(r.update(network("198.18.7.20"), error)) << "an unchanged network is not requested";
  EXPECT_FALSE(fs::exists(request()));

  ASSERT_TRUE(r.update(network("198.18.7.21"), error)) << error;
  EXPECT_EQ(test::readWholeFile(request()), networkJson(network("198.18.7.21")));
  const auto first = inode(request());
  EXPECT_FALSE(r.update(network("198.18.7.21"), error));
  EXPECT_EQ(inode(request()), first) << "the same network again must not rewrite the request";
}

TEST_F(NetworkHandoff, AfterARebootTheSystemFollowsTheSavedNetwork) {
  // An unsaved change had been requested; the reboot starts the agent on
  // the saved configuration, whose network the system must take back.
  std::ofstream(request()) << networkJson(network("198.18.7.99"));
  NetworkRequest r(dir_ / "data");
  std::string error;
  EXPECT_TRUE(r.start(network("198.18.7.20"), error)) << error;
  EXPECT_EQ(test::readWholeFile(request()), networkJson(network("198.18.7.20")));
}

TEST_F(NetworkHandoff, ARestartOnTheRequestedNetworkWritesNothing) {
  std::ofstream(request()) << networkJson(network("198.18.7.20"));
  const auto before = inode(request());
  NetworkRequest r(dir_ / "data");
  std::string error;
  EXPECT_FALSE(r.start(network("198.18.7.20"), error));
  EXPECT_EQ(inode(request()), before);
}

TEST_F(NetworkHandoff, NoRequestMeansNoResultAndNoAlarm) {
  const auto result = readNetworkApplyResult(dir_ / "data");
  EXPECT_EQ(result.state(), v1::NETWORK_APPLY_STATE_UNSPECIFIED);
  v1::NodeStatus status;
  reportNetworkApply(result, status);
  EXPECT_EQ(status.alarms_size(), 0);
}

TEST_F(NetworkHandoff, ARequestWithoutAnAnswerIsPending) {
  handOver(nullptr);
  const auto result = readNetworkApplyResult(dir_ / "data");
  EXPECT_EQ(result.state(), v1::NETWORK_APPLY_STATE_PENDING);
  EXPECT_GT(result.requested_unix_ms(), 0);
  EXPECT_EQ(result.answered_unix_ms(), 0);
}

// The path unit that runs exlb-network-apply is not running: the request
// waits for ever. A warning tells the administrator once the wait is longer
// than a working apply ever takes, and goes when the answer comes.
TEST_F(NetworkHandoff, ARequestLeftUnansweredRaisesAWarningUntilItIsAnswered) {
  handOver(nullptr);
  const auto requested = fs::last_write_time(request());
  const auto statusAt = [&](std::chrono::milliseconds sinceRequest) {
    v1::NodeStatus status;
    const auto result = readNetworkApplyResult(dir_ / "data");
    status.set_time_unix_ms(result.requested_unix_ms() + sinceRequest.count());
    reportNetworkApply(result, status);
    return status;
  };
  using std::chrono::seconds;
  EXPECT_EQ(statusAt(seconds(5)).alarms_size(), 0) << "an apply in progress is no alarm";
  EXPECT_EQ(statusAt(kNetworkApplyPendingLimit).alarms_size(), 0);

  const auto late = statusAt(kNetworkApplyPendingLimit + seconds(1));
  ASSERT_EQ(late.alarms_size(), 1);
  EXPECT_EQ(late.alarms(0).code(), "network-apply-pending");
  EXPECT_EQ(late.alarms(0).severity(), v1::ALARM_SEVERITY_WARNING);
  EXPECT_NE(late.alarms(0).message().find("exlb-network-apply.path"), std::string::npos);
  EXPECT_EQ(late.alarms(0).since_unix_ms(),
            late.network_apply().requested_unix_ms() + kNetworkApplyPendingLimit.count());
  EXPECT_EQ(statusAt(std::chrono::hours(5)).alarms(0).message(), late.alarms(0).message())
      << "the text stays the same while it waits (no status event per poll)";

  std::ofstream(answer()) << R"({"ok": true, "message": "applied"})";
  fs::last_write_time(answer(), requested + std::chrono::minutes(10));
  const auto answered = statusAt(std::chrono::minutes(10));
  EXPECT_EQ(answered.network_apply().state(), v1::NETWORK_APPLY_STATE_APPLIED);
  EXPECT_EQ(answered.alarms_size(), 0);
}

TEST_F(NetworkHandoff, AnAnswerToAnEarlierRequestLeavesTheNewOnePending) {
  handOver(R"({"ok": false, "message": "an older failure"})", true);
  EXPECT_EQ(readNetworkApplyResult(dir_ / "data").state(), v1::NETWORK_APPLY_STATE_PENDING);
}

TEST_F(NetworkHandoff, AnAppliedAnswerIsShownWithoutAnAlarm) {
  handOver(R"({"ok": true, "message": "applied"})");
  const auto result = readNetworkApplyResult(dir_ / "data");
  EXPECT_EQ(result.state(), v1::NETWORK_APPLY_STATE_APPLIED);
  EXPECT_EQ(result.message(), "applied");
  EXPECT_EQ(result.answered_unix_ms() - result.requested_unix_ms(), 1000);
  v1::NodeStatus status;
  reportNetworkApply(result, status);
  EXPECT_EQ(status.network_apply().state(), v1::NETWORK_APPLY_STATE_APPLIED);
  EXPECT_EQ(status.alarms_size(), 0);
}

TEST_F(NetworkHandoff, AFailedAnswerRaisesAnAlarmWithItsReason) {
  handOver(R"({"ok": false, "message": "files written, but systemd-networkd did not reload them"})");
  const auto result = readNetworkApplyResult(dir_ / "data");
  EXPECT_EQ(result.state(), v1::NETWORK_APPLY_STATE_FAILED);
  v1::NodeStatus status;
  reportNetworkApply(result, status);
  ASSERT_EQ(status.alarms_size(), 1);
  EXPECT_EQ(status.alarms(0).code(), "network-apply-failed");
  EXPECT_NE(status.alarms(0).message().find("did not reload them"), std::string::npos);
  EXPECT_EQ(status.alarms(0).since_unix_ms(), result.answered_unix_ms());
}

TEST_F(NetworkHandoff, AnAnswerThatIsNotTheToolsCountsAsFailed) {
  handOver("applied, probably");
  const auto result = readNetworkApplyResult(dir_ / "data");
  EXPECT_EQ(result.state(), v1::NETWORK_APPLY_STATE_FAILED);
  EXPECT_NE(result.message().find("network-result.json"), std::string::npos) << result.message();
}

}  // namespace
}  // namespace exlb::agent
