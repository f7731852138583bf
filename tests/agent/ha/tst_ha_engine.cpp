// The HA engine with Debian's real keepalived, inside the test's own network
// namespaces (netns_lab.h; skipped without root): this process is node A
// (198.18.0.1 on exa), a second namespace (198.18.0.2) holds a peer or a rogue.
//
// What an administrator relies on: HA off runs nothing; a master takes the
// virtual address and a reload never takes it away; an unhealthy data plane
// gives the address up; a keepalived killed with -9 leaves no address behind
// and comes back; a clean stop hands the address to the peer; another VRRP
// speaker using our cluster id is reported and cannot take the address.
#include "ha/ha_engine.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "exlb/common/defaults.h"
#include "ha/interface_addresses.h"
#include "ha/keepalived_renderer.h"
#include "ha/vrrp_scheduling.h"
#include "render/haproxy_renderer.h"
#include "ha_cases.h"
#include "netns_lab.h"
#include "io_wait.h"

namespace exlb::agent {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test::NetnsLab;

constexpr const char* kVip = "198.18.0.10";

// A TCP listener in this test's namespace, closed when it goes out of scope.
class Listener {
 public:
  Listener(const char* address, std::uint16_t port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    const int one = 1;
    ok_ = fd_ >= 0 && ::inet_pton(AF_INET, address, &a.sin_addr) == 1 &&
          ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) == 0 &&
          ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 && ::listen(fd_, 8) == 0;
  }
  ~Listener() {
    if (fd_ >= 0) ::close(fd_);
  }
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  bool ok() const { return ok_; }

 private:
  int fd_;
  bool ok_ = false;
};

// Whether a TCP connection from the other namespace (198.18.0.2) to
// address:port is established within a second: a dropped SYN times out.
bool connectsFromThere(const char* address, std::uint16_t port) {
  const std::string script = "import socket; socket.create_connection(('" + std::string(address) +
                             "', " + std::to_string(port) + "), timeout=1).close()";
  return NetnsLab::instance().runThere({"/usr/bin/python3", "-c", script}) == 0;
}

class HaEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& lab = NetnsLab::instance();
    if (!lab.available()) GTEST_SKIP() << lab.reason();
    char tmpl[] = "/tmp/exlb-ha-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    HaEngineOptions o;
    o.runDir = dir_;
    o.preemptDelay = 0s;
    o.supervisor.restartBackoffMin = 100ms;
    o.supervisor.stopTimeout = 3000ms;
    engine_ = std::make_unique<HaEngine>(io_, runner_, o);
    engine_->onChange([this](const HaObservation& o2) { seen_.push_back(o2); });
    engine_->setDataPlaneHealthy(true);
  }
  void TearDown() override {
    if (engine_) {
      bool stopped = false;
      engine_->stop([&] { stopped = true; });
      runUntil([&] { return stopped; }, 10s);
      engine_.reset();
    }
    for (pid_t pid : others_) runner_.signal(pid, SIGKILL, true);
    runUntil([&] { return runner_.childCount() == 0; }, 5s);
    // Nothing may stay behind in the namespaces for the next test.
    std::string error;
    removeAddress(kVip, 24, NetnsLab::kHereInterface, error);
    NetnsLab::instance().runThere({"/usr/sbin/ip", "addr", "del", std::string(kVip) + "/24", "dev", "exb"});
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  template <typename Pred>
  bool runUntil(Pred pred, std::chrono::milliseconds limit) {
    return exlb::test::runIoUntil(io_, pred, limit);
  }
  void runFor(std::chrono::milliseconds d) {
    const auto end = std::chrono::steady_clock::now() + d;
    while (std::chrono::steady_clock::now() < end) io_.run_one_for(10ms);
  }

  std::pair<bool, std::string> apply(const v1::ApplianceConfig& c) {
    std::optional<std::pair<bool, std::string>> r;
    engine_->apply(c, [&](bool ok, std::string m) { r.emplace(ok, m); });
    runUntil([&] { return r.has_value(); }, 20s);
    return r.value_or(std::make_pair(false, std::string("timed out")));
  }

  bool isMasterHolding() const {
    const auto o = engine_->observation();
    return o.role == v1::VRRP_ROLE_MASTER && o.holdsVirtualAddress;
  }

  void becomeMaster(const std::string& peer = "198.18.0.2") {
    const auto [ok, message] = apply(test::haConfig(v1::HA_ROLE_MASTER, peer));
    ASSERT_TRUE(ok) << message;
    ASSERT_TRUE(runUntil([&] { return isMasterHolding(); }, 10s))
        << "role " << v1::VrrpRole_Name(engine_->observation().role);
    EXPECT_TRUE(addressIsLocal(kVip));
  }

  bool otherHoldsVip() const {
    std::string out;
    NetnsLab::instance().runThere({"/usr/sbin/ip", "-4", "addr", "show", "dev", "exb"}, &out);
    return out.find(std::string(kVip) + "/") != std::string::npos;
  }

  // A plain keepalived in the other namespace, from our renderer's output
  // for node B (`edit` may change the text, e.g. the priority).
  void startOther(v1::HaRole role, const std::string& peer,
                  std::function<void(std::string&)> edit = {}) {
    auto c = test::haConfig(role, peer);
    c.mutable_network()->set_address(NetnsLab::kThere);
    const fs::path other = dir_ / "other";
    fs::create_directories(other);
    std::ofstream(other / kHealthFileName) << "0\n";
    ::mkfifo((other / kNotifyFifoName).c_str(), 0600);
    KeepalivedRenderContext ctx;
    ctx.interface = "exb";
    ctx.runDir = other;
    ctx.preemptDelay = 0s;
    auto r = renderKeepalivedConfig(c, ctx);
    ASSERT_TRUE(r.ok());
    if (edit) edit(r.text);
    std::ofstream(other / "keepalived.conf") << r.text;
    std::string error;
    const pid_t pid = runner_.spawn(
        {NetnsLab::instance().there(
             {"/usr/sbin/keepalived", "--vrrp", "--dont-fork", "--log-console", "--no-syslog",
              "--use-file", (other / "keepalived.conf").string(), "--pid",
              (other / "k.pid").string(), "--vrrp_pid", (other / "kv.pid").string()}),
         "other-keepalived", false, true},
        [](ExitStatus, std::string) {}, error);
    ASSERT_GT(pid, 0) << error;
    others_.push_back(pid);
  }

  boost::asio::io_context io_;
  ProcessRunner runner_{io_};
  fs::path dir_;
  std::unique_ptr<HaEngine> engine_;
  std::vector<HaObservation> seen_;
  std::vector<pid_t> others_;
};

TEST_F(HaEngineTest, FactoryConfigurationRunsNoVrrp) {
  const auto [ok, message] = apply(defaultConfig());
  EXPECT_TRUE(ok) << message;
  runFor(500ms);
  EXPECT_EQ(engine_->observation().role, v1::VRRP_ROLE_DISABLED);
  EXPECT_FALSE(engine_->observation().keepalivedRunning);
  EXPECT_FALSE(engine_->engineStatus().has_value());
  EXPECT_FALSE(fs::exists(dir_ / kKeepalivedConfigName));
  EXPECT_FALSE(fs::exists(dir_ / kNotifyFifoName));
  EXPECT_EQ(runner_.childCount(), 0u);
}

TEST_F(HaEngineTest, MasterTakesTheAddressAndAReloadKeepsIt) {
  becomeMaster();
  const auto engine = engine_->engineStatus();
  ASSERT_TRUE(engine.has_value());
  EXPECT_EQ(engine->name(), "keepalived");
  EXPECT_EQ(engine->state(), v1::ENGINE_STATE_RUNNING);
  const auto pid = engine->pid();
  seen_.clear();
  // A changed peer makes a different file: a real reload (SIGHUP).
  const auto [ok, message] = apply(test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.3"));
  ASSERT_TRUE(ok) << message;
  EXPECT_EQ(message, "keepalived reloaded");
  for (int i = 0; i < 60; ++i) {  // watch for 1.5 s: no flip, not even briefly
    runFor(25ms);
    ASSERT_TRUE(isMasterHolding()) << "role " << v1::VrrpRole_Name(engine_->observation().role);
  }
  for (const auto& o : seen_) EXPECT_EQ(o.role, v1::VRRP_ROLE_MASTER);
  EXPECT_EQ(engine_->engineStatus()->pid(), pid);
  std::ifstream conf(dir_ / kKeepalivedConfigName);
  std::stringstream text;
  text << conf.rdbuf();
  EXPECT_NE(text.str().find("198.18.0.3"), std::string::npos);
}

// The VRRP process runs real-time so that a saturated machine cannot delay
// its adverts (ha/vrrp_scheduling.h), and it stays so across reloads, which
// never flip the master: keepalived's own vrrp_rt_priority failed both.
TEST_F(HaEngineTest, VrrpRunsRealtimeAndReloadsNeverFlipTheMaster) {
  becomeMaster();
  const pid_t parent = static_cast<pid_t>(engine_->engineStatus()->pid());
  const std::string vrrpPidFile = (dir_ / "keepalived_vrrp.pid").string();
  pid_t child = 0;
  ASSERT_TRUE(runUntil([&] { return (child = readPidFile(vrrpPidFile)) != 0; }, 5s));
  EXPECT_TRUE(runsVrrpRealtime(parent));
  EXPECT_TRUE(runsVrrpRealtime(child));
  seen_.clear();
  for (int reload = 0; reload < 10; ++reload) {
    ASSERT_EQ(::kill(parent, SIGHUP), 0);
    for (int i = 0; i < 12; ++i) {  // 0.3 s per reload, watched every 25 ms
      runFor(25ms);
      ASSERT_TRUE(isMasterHolding()) << "reload " << reload << ": role "
                                     << v1::VrrpRole_Name(engine_->observation().role);
    }
  }
  for (const auto& o : seen_) EXPECT_EQ(o.role, v1::VRRP_ROLE_MASTER);
  // The same VRRP process throughout (keepalived restarts a killed child), still real-time.
  EXPECT_EQ(readPidFile(vrrpPidFile), child);
  EXPECT_TRUE(runsVrrpRealtime(child));
  EXPECT_EQ(engine_->engineStatus()->pid(), static_cast<std::uint32_t>(parent));
}

// --vrrp-filter: the rule set is loaded with the real nft (inside this
// test's namespace only), follows the peer, and goes with HA off; its
// counters (the status's vrrp_filter) count the peer's adverts as accepted
// and, once the peer is another address, the same sender's as dropped.
TEST_F(HaEngineTest, VrrpFilterIsLoadedForThePeerAndRemovedWithHaOff) {
  std::string out;
  if (NetnsLab::instance().run({"/usr/sbin/nft", "list", "tables"}, &out) != 0)
    GTEST_SKIP() << "nftables is not usable here: " << out;
  engine_.reset();
  HaEngineOptions o;
  o.runDir = dir_;
  o.preemptDelay = 0s;
  o.vrrpFilter = true;
  engine_ = std::make_unique<HaEngine>(io_, runner_, o);
  engine_->setDataPlaneHealthy(true);
  auto table = [&] {
    std::string text;
    NetnsLab::instance().run({"/usr/sbin/nft", "list", "table", "ip", "exlb_vrrp"}, &text);
    return text;
  };
  becomeMaster("198.18.0.2");
  ASSERT_TRUE(runUntil([&] { return table().find("ip saddr 198.18.0.2") != std::string::npos; },
                       10s))
      << table();
  EXPECT_NE(table().find("dropped_adverts"), std::string::npos);
  ASSERT_TRUE(runUntil([&] { return engine_->filterCounters().has_value(); }, 5s));
  // The peer at .2 outranks us, so it takes over and sends adverts.
  startOther(v1::HA_ROLE_BACKUP, NetnsLab::kHere, [](std::string& text) {
    const auto at = text.find("priority 100");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 12, "priority 200");
  });
  ASSERT_TRUE(runUntil(
      [&] {
        const auto c = engine_->filterCounters();
        return c && c->peer_adverts() >= 5;
      },
      10s))
      << table();
  EXPECT_EQ(engine_->filterCounters()->dropped_adverts(), 0u);
  // The stick-table replication port: the peer reaches it, a stranger does not.
  Listener replication(NetnsLab::kHere, kPairPeersPort);
  ASSERT_TRUE(replication.ok());
  EXPECT_TRUE(connectsFromThere(NetnsLab::kHere, kPairPeersPort));
  // A new peer replaces the rule set whole; .2 is now a stranger.
  ASSERT_TRUE(apply(test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.3")).first);
  ASSERT_TRUE(runUntil([&] { return table().find("ip saddr 198.18.0.3") != std::string::npos; },
                       10s));
  EXPECT_EQ(table().find("198.18.0.2"), std::string::npos);
  EXPECT_FALSE(connectsFromThere(NetnsLab::kHere, kPairPeersPort))
      << "a host other than the peer reached the stick-table replication port";
  EXPECT_TRUE(runUntil(
      [&] {
        const auto c = engine_->filterCounters();
        return c && c->dropped_replication() >= 1;
      },
      10s))
      << "the stranger's connection attempt was not counted: " << table();
  ASSERT_TRUE(runUntil(
      [&] {
        const auto c = engine_->filterCounters();
        return c && c->dropped_adverts() >= 5;
      },
      10s))
      << table();
  EXPECT_EQ(engine_->filterCounters()->peer_adverts(), 0u) << "the new table counts from zero";
  for (const auto& a : engine_->alarms()) EXPECT_NE(a.code(), "vrrp-filter") << a.message();
  ASSERT_TRUE(apply(defaultConfig()).first);
  auto tableExists = [] {
    return NetnsLab::instance().run({"/usr/sbin/nft", "list", "table", "ip", "exlb_vrrp"}) == 0;
  };
  EXPECT_TRUE(runUntil([&] { return !tableExists(); }, 10s)) << table();
  EXPECT_FALSE(engine_->filterCounters().has_value());
}

TEST_F(HaEngineTest, AnUnhealthyDataPlaneGivesTheAddressUp) {
  becomeMaster();
  engine_->setDataPlaneHealthy(false);
  ASSERT_TRUE(runUntil([&] { return engine_->observation().role == v1::VRRP_ROLE_FAULT; }, 5s));
  ASSERT_TRUE(runUntil([&] { return !engine_->observation().holdsVirtualAddress; }, 5s));
  EXPECT_FALSE(addressIsLocal(kVip));
  engine_->setDataPlaneHealthy(true);
  EXPECT_TRUE(runUntil([&] { return isMasterHolding(); }, 5s));
}

TEST_F(HaEngineTest, KeepalivedKilledLeavesNoAddressAndComesBack) {
  becomeMaster();
  const auto pid = static_cast<pid_t>(engine_->engineStatus()->pid());
  ASSERT_GT(pid, 0);
  ::kill(-pid, SIGKILL);  // the whole keepalived: parent and VRRP child
  ASSERT_TRUE(runUntil([&] { return !addressIsLocal(kVip); }, 3s))
      << "the dead keepalived's address is still configured";
  EXPECT_TRUE(runUntil([&] { return !engine_->observation().holdsVirtualAddress; }, 1s));
  ASSERT_TRUE(runUntil(
      [&] {
        const auto e = engine_->engineStatus();
        return e && e->state() == v1::ENGINE_STATE_RUNNING && e->pid() != static_cast<std::uint32_t>(pid);
      },
      10s));
  EXPECT_GE(engine_->engineStatus()->restarts(), 1u);
  EXPECT_TRUE(runUntil([&] { return isMasterHolding(); }, 10s));
}

TEST_F(HaEngineTest, AStopHandsTheAddressToThePeer) {
  becomeMaster();
  startOther(v1::HA_ROLE_BACKUP, NetnsLab::kHere);
  runFor(1000ms);
  ASSERT_TRUE(isMasterHolding()) << "the backup must not take over from a healthy master";
  EXPECT_FALSE(otherHoldsVip());
  bool stopped = false;
  engine_->stop([&] { stopped = true; });
  ASSERT_TRUE(runUntil([&] { return stopped; }, 10s));
  EXPECT_FALSE(addressIsLocal(kVip));
  EXPECT_TRUE(runUntil([&] { return otherHoldsVip(); }, 5s));
  engine_.reset();
}

TEST_F(HaEngineTest, ForeignSpeakerIsReportedAndCannotTakeTheAddress) {
  // Our pair is unicast to a peer at .3; a rogue at .2 speaks multicast with
  // our cluster id and the highest priority.
  becomeMaster("198.18.0.3");
  startOther(v1::HA_ROLE_MASTER, "", [](std::string& text) {
    const auto at = text.find("priority 150");
    ASSERT_NE(at, std::string::npos);
    text.replace(at, 12, "priority 255");
  });
  ASSERT_TRUE(runUntil([&] { return engine_->observation().foreignSpeaker == NetnsLab::kThere; }, 10s));
  bool alarmed = false;
  for (const auto& a : engine_->alarms()) alarmed = alarmed || a.code() == "vrrp-id-clash";
  EXPECT_TRUE(alarmed);
  for (int i = 0; i < 40; ++i) {
    runFor(25ms);
    ASSERT_TRUE(isMasterHolding()) << "the rogue took the address";
  }
}

}  // namespace
}  // namespace exlb::agent
