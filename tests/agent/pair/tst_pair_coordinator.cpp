// Pair-wide changes between two PairCoordinators over in-process channels
// and fake appliances: apply on both (backup first), refusals and failures
// leave both nodes on their previous version, replays of older generations
// are refused, drift shows and sync clears it, a peer that was away catches
// up (saved configuration too), and the role alarms; the shared TLS
// ticket-key ring (the source's ring reaches the peer, which follows it).
#include <unistd.h>

#include <filesystem>
#include <map>
#include <set>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <gtest/gtest.h>

#include "fake_appliance.h"
#include "pair/config_split.h"
#include "pair/pair_coordinator.h"
#include "supervise/tls_ticket_keys.h"

using namespace exlb;
using namespace exlb::agent;
namespace fs = std::filesystem;
namespace net = boost::asio;

namespace {

const std::string kPinA(64, 'a');
const std::string kPinB(64, 'b');

// The fake appliance, with a switch that makes its next apply fail as a
// refused `haproxy -c` would (nothing changes).
class FlakyAppliance final : public Appliance {
 public:
  VersionedConfig running() const override { return fake.running(); }
  VersionedConfig saved() const override { return fake.saved(); }
  std::vector<SavedVersion> savedVersions() const override { return fake.savedVersions(); }
  v1::NodeStatus status() const override {
    v1::NodeStatus s = fake.status();
    s.set_stick_replication(replication);
    return s;
  }
  void replaceRunning(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                      ChangeCallback done) override {
    ++applies;
    if (refuseApplies > 0) {
      --refuseApplies;
      ChangeResult r;
      r.status = ChangeStatus::Refused;
      r.message = "haproxy -c refused the rendered configuration";
      r.etag = fake.running().etag;
      return done(std::move(r));
    }
    lastActor = actor;
    fake.replaceRunning(std::move(config), std::move(ifMatch), std::move(actor), std::move(done));
  }
  void save(Actor actor, ChangeCallback done) override { fake.save(std::move(actor), std::move(done)); }
  void rollback(std::string id, Actor actor, ChangeCallback done) override {
    fake.rollback(std::move(id), std::move(actor), std::move(done));
  }
  void factoryReset(Actor actor, ChangeCallback done) override {
    fake.factoryReset(std::move(actor), std::move(done));
  }
  void setServerState(std::string name, v1::ServerAdminState state, Actor actor,
                      ChangeCallback done) override {
    fake.setServerState(std::move(name), state, std::move(actor), std::move(done));
  }
  std::uint64_t subscribe(EventListener l) override { return fake.subscribe(std::move(l)); }
  void unsubscribe(std::uint64_t id) override { fake.unsubscribe(id); }

  exlb::agent::testing::FakeAppliance fake;
  int refuseApplies = 0;
  int applies = 0;
  Actor lastActor;
  v1::StickReplication replication = v1::STICK_REPLICATION_TLS;
};

class FakeObserver final : public HaObserver {
 public:
  HaObservation observation() const override { return value; }
  void onChange(std::function<void(const HaObservation&)> l) override { listener = std::move(l); }
  void set(v1::VrrpRole role, bool holds) {
    value.role = role;
    value.holdsVirtualAddress = holds;
    if (listener) listener(value);
  }
  bool setReleased(bool released) override {
    releases.push_back(released);
    if (onRelease) onRelease(released);
    return value.keepalivedRunning;
  }
  HaObservation value;
  std::function<void(const HaObservation&)> listener;
  std::vector<bool> releases;
  std::function<void(bool)> onRelease;
};

// Two keepalived as the handover sees them: a node released while master
// goes FAULT and gives the address up (priority 0), the other (backup) takes
// it after its skew time; an ended release settles as backup. `log` records
// the order of "<node> released" and "<node> master".
struct SimulatedVrrp {
  SimulatedVrrp(net::io_context& io, FakeObserver& a, FakeObserver& b) {
    wire(io, a, b, "a");
    wire(io, b, a, "b");
    for (auto* o : {&a, &b}) o->value.keepalivedRunning = true;
  }
  void wire(net::io_context& io, FakeObserver& self, FakeObserver& other, std::string name) {
    self.onRelease = [this, &io, &self, &other, name](bool released) {
      if (!released) {
        net::post(io, [&self] {
          if (self.value.role == v1::VRRP_ROLE_FAULT) self.set(v1::VRRP_ROLE_BACKUP, false);
        });
        return;
      }
      net::post(io, [this, &io, &self, &other, name] {
        const bool wasMaster = self.value.role == v1::VRRP_ROLE_MASTER;
        self.set(v1::VRRP_ROLE_FAULT, false);
        log.push_back(name + " released");
        if (!wasMaster || other.value.role != v1::VRRP_ROLE_BACKUP) return;
        net::post(io, [this, &other, name] {
          other.set(v1::VRRP_ROLE_MASTER, true);
          log.push_back(std::string(name == "a" ? "b" : "a") + " master");
        });
      });
    };
  }
  std::vector<std::string> log;
};

struct Network {
  std::map<std::string, PairCoordinator*> nodes;
  std::set<std::string> down;
  std::vector<std::pair<std::string, std::string>> changes;  // (to, body) of every "change"
};

class InProcessLink final : public PeerLink {
 public:
  InProcessLink(net::io_context& io, Network& network, std::string self)
      : io_(io), network_(network), self_(std::move(self)) {}
  void call(const std::string& address, std::uint16_t, const std::string& op, std::string body,
            std::chrono::milliseconds, std::function<void(ChannelAnswer)> done) override {
    if (op == "change") network_.changes.emplace_back(address, body);
    net::post(io_, [this, address, op, body = std::move(body), done = std::move(done)]() mutable {
      if (network_.down.count(address) || network_.down.count(self_) || !network_.nodes.count(address)) {
        ChannelAnswer a;
        a.error = "cannot connect: Connection refused";
        return done(std::move(a));
      }
      network_.nodes[address]->handleChannel(
          {op, std::move(body), self_}, [this, done](unsigned status, std::string answer) {
            net::post(io_, [done, status, answer = std::move(answer)] {
              ChannelAnswer a;
              a.reached = true;
              a.status = status;
              a.body = answer;
              done(std::move(a));
            });
          });
    });
  }

 private:
  net::io_context& io_;
  Network& network_;
  std::string self_;
};

v1::ApplianceConfig nodeConfig(const std::string& address, v1::HaRole role, const std::string& peer,
                               const std::string& peerPin, const std::string& netmask = "255.255.255.0") {
  v1::ApplianceConfig c = defaultConfig();
  c.mutable_network()->set_hostname("lb-" + address.substr(address.rfind('.') + 1));
  c.mutable_network()->set_address(address);
  c.mutable_network()->set_netmask(netmask);
  auto* ha = c.mutable_high_availability();
  ha->set_role(role);
  ha->set_virtual_address("10.0.0.100");
  ha->set_cluster_id(7);
  ha->set_peer_address(peer);
  ha->set_peer_certificate_sha256(peerPin);
  return c;
}

struct Node {
  Node(net::io_context& io, Network& network, const fs::path& dir, const std::string& address,
       v1::ApplianceConfig config, std::int64_t& clock)
      : generation(dir), link(io, network, address) {
    fs::create_directories(dir);
    std::string error;
    EXPECT_TRUE(generation.load(error)) << error;
    ChangeResult r;
    appliance.fake.replaceRunning(std::move(config), "", {"setup", "test"},
                                  [&](ChangeResult x) { r = std::move(x); });
    EXPECT_EQ(r.status, ChangeStatus::Ok) << r.message;
    PairOptions options;
    options.pollInterval = std::chrono::milliseconds(10);
    options.catchUpRetry = std::chrono::milliseconds(0);
    options.failbackHold = std::chrono::milliseconds(1000);  // on the injected clock
    options.clock = [&clock] { return clock; };
    PairIdentity identity;
    identity.sha256 = address == "10.0.0.17" ? kPinA : kPinB;
    coordinator = std::make_unique<PairCoordinator>(io, appliance, generation, link, identity,
                                                    AuditTrail(dir), options);
    coordinator->setEventSink([this](v1::Event e) { events.push_back(std::move(e)); }, [] {});
    network.nodes[address] = coordinator.get();
  }
  std::string fingerprint() const { return configFingerprint(appliance.running().config); }

  FlakyAppliance appliance;
  PairGeneration generation;
  InProcessLink link;
  std::unique_ptr<PairCoordinator> coordinator;
  std::vector<v1::Event> events;
};

class PairCoordinatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("exlb-pairco-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
    fs::remove_all(root_);
  }

  void makePair(v1::HaRole roleA = v1::HA_ROLE_MASTER, v1::HaRole roleB = v1::HA_ROLE_BACKUP,
                const std::string& netmaskA = "255.255.255.0") {
    a_ = std::make_unique<Node>(io_, network_, root_ / "a", "10.0.0.17",
                                nodeConfig("10.0.0.17", roleA, "10.0.0.18", kPinB, netmaskA), clock_);
    b_ = std::make_unique<Node>(io_, network_, root_ / "b", "10.0.0.18",
                                nodeConfig("10.0.0.18", roleB, "10.0.0.17", kPinA), clock_);
    a_->coordinator->start();
    b_->coordinator->start();
    ASSERT_TRUE(runUntil([&] { return a_->coordinator->pairStatus().peer_reachable() &&
                                      b_->coordinator->pairStatus().peer_reachable(); }));
  }

  bool runUntil(const std::function<bool()>& done, std::chrono::seconds limit = std::chrono::seconds(5)) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!done()) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      io_.run_one_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  PairResult applyOnA(v1::ApplianceConfig config, std::string ifMatch = "") {
    std::optional<PairResult> result;
    a_->coordinator->applyRunning(std::move(config), std::move(ifMatch), {"alice", "192.0.2.9"},
                                  [&](PairResult r) { result = std::move(r); });
    EXPECT_TRUE(runUntil([&] { return result.has_value(); }));
    return result.value_or(PairResult{});
  }

  static v1::ApplianceConfig withServer(v1::ApplianceConfig c, const std::string& address) {
    auto* s = c.add_cas_servers();
    s->set_address(address);
    s->set_name("cas" + address.substr(address.rfind('.') + 1));
    s->set_admin_state(v1::SERVER_ADMIN_STATE_READY);
    return c;
  }

  static bool hasServer(const Node& n, const std::string& address) {
    const VersionedConfig running = n.appliance.running();
    for (const auto& s : running.config.cas_servers())
      if (s.address() == address) return true;
    return false;
  }

  net::io_context io_;
  Network network_;
  fs::path root_;
  std::int64_t clock_ = 1000000;
  std::unique_ptr<Node> a_, b_;
};

}  // namespace

TEST_F(PairCoordinatorTest, PairApplyChangesBothNodesBackupFirstAndAdvancesTheGeneration) {
  makePair();
  ASSERT_EQ(a_->fingerprint(), b_->fingerprint());
  const auto etag = a_->appliance.running().etag;
  const auto r = applyOnA(withServer(a_->appliance.running().config, "10.0.0.31"), etag);
  ASSERT_EQ(r.httpStatus, 200u) << r.code << ": " << r.message;
  EXPECT_TRUE(r.response.local().ok());
  EXPECT_TRUE(r.response.peer().ok());
  EXPECT_TRUE(r.response.peer().applied_first()) << "the backup (B) is changed first";
  EXPECT_FALSE(r.response.local().applied_first());
  EXPECT_TRUE(hasServer(*a_, "10.0.0.31"));
  EXPECT_TRUE(hasServer(*b_, "10.0.0.31"));
  EXPECT_EQ(a_->fingerprint(), b_->fingerprint());
  // B kept its own node-specific settings.
  EXPECT_EQ(b_->appliance.running().config.network().address(), "10.0.0.18");
  EXPECT_EQ(b_->appliance.running().config.high_availability().role(), v1::HA_ROLE_BACKUP);
  EXPECT_EQ(a_->generation.current(), 1u);
  EXPECT_EQ(b_->generation.current(), 1u);
  EXPECT_EQ(r.response.generation(), 1u);
  EXPECT_EQ(b_->appliance.lastActor.user, "alice") << "the peer's audit names the person";
  EXPECT_EQ(b_->appliance.lastActor.address, "pair:10.0.0.17");
}

TEST_F(PairCoordinatorTest, AReplayedOlderGenerationIsRefusedAndChangesNothing) {
  makePair();
  auto first = applyOnA(withServer(a_->appliance.running().config, "10.0.0.31"));
  ASSERT_EQ(first.httpStatus, 200u) << first.message;
  // Capture the apply that carried the server, then make a newer change.
  std::string recorded;
  for (const auto& [to, body] : network_.changes) {
    v1::PeerChange c;
    ASSERT_TRUE(c.ParseFromString(body));
    if (!c.validate_only() && c.shared().cas_servers_size() > 0) recorded = body;
  }
  ASSERT_FALSE(recorded.empty());
  auto cfg = a_->appliance.running().config;
  cfg.clear_cas_servers();
  ASSERT_EQ(applyOnA(withServer(cfg, "10.0.0.32")).httpStatus, 200u);
  ASSERT_EQ(b_->generation.current(), 2u);
  const auto before = b_->appliance.running().etag;

  // An attacker (or a delayed packet) replays the older change.
  std::optional<std::pair<unsigned, std::string>> answer;
  b_->coordinator->handleChannel({"change", recorded, "10.0.0.17"},
                                 [&](unsigned s, std::string body) { answer.emplace(s, body); });
  ASSERT_TRUE(runUntil([&] { return answer.has_value(); }));
  EXPECT_EQ(answer->first, 409u);
  v1::PeerChangeResult result;
  ASSERT_TRUE(result.ParseFromString(answer->second));
  EXPECT_EQ(result.code(), "stale-generation");
  EXPECT_NE(result.message().find("not newer"), std::string::npos);
  EXPECT_EQ(b_->appliance.running().etag, before);
  EXPECT_TRUE(hasServer(*b_, "10.0.0.32"));
  EXPECT_FALSE(hasServer(*b_, "10.0.0.31"));
}

TEST_F(PairCoordinatorTest, AChangeThePeerFindsInvalidChangesNeitherNode) {
  // A's subnet is a /16, B's a /24: a virtual address outside B's subnet is
  // fine for A and wrong for B.
  makePair(v1::HA_ROLE_MASTER, v1::HA_ROLE_BACKUP, "255.255.0.0");
  const auto etagA = a_->appliance.running().etag;
  const auto etagB = b_->appliance.running().etag;
  auto cfg = a_->appliance.running().config;
  cfg.mutable_high_availability()->set_virtual_address("10.0.5.1");
  const auto r = applyOnA(cfg);
  EXPECT_EQ(r.httpStatus, 422u);
  EXPECT_EQ(r.code, "invalid-config");
  ASSERT_FALSE(r.violations.empty());
  EXPECT_EQ(r.violations[0].path(), "high_availability.virtual_address");
  EXPECT_EQ(r.violations[0].description().rfind("peer: ", 0), 0u);
  EXPECT_EQ(a_->appliance.running().etag, etagA);
  EXPECT_EQ(b_->appliance.running().etag, etagB);
  EXPECT_EQ(a_->generation.current(), 0u);
  EXPECT_EQ(b_->generation.current(), 0u);
}

TEST_F(PairCoordinatorTest, WhenTheMasterFailsTheBackupThatAppliedFirstReturns) {
  makePair();
  const auto etagA = a_->appliance.running().etag;
  const auto fpB = b_->fingerprint();
  a_->appliance.refuseApplies = 1;  // A (master) goes second and fails
  const auto r = applyOnA(withServer(a_->appliance.running().config, "10.0.0.31"));
  EXPECT_EQ(r.httpStatus, 422u);
  EXPECT_EQ(r.code, "refused");
  EXPECT_NE(r.message.find("returned to its previous version"), std::string::npos) << r.message;
  EXPECT_FALSE(hasServer(*a_, "10.0.0.31"));
  EXPECT_FALSE(hasServer(*b_, "10.0.0.31"));
  EXPECT_EQ(b_->fingerprint(), fpB);
  EXPECT_EQ(a_->appliance.running().etag, etagA);
  // Both carry the revert's generation: neither the change nor older can come back.
  EXPECT_EQ(a_->generation.current(), 2u);
  EXPECT_EQ(b_->generation.current(), 2u);
}

TEST_F(PairCoordinatorTest, WhenThePeerFailsThisNodeThatAppliedFirstReturns) {
  makePair(v1::HA_ROLE_BACKUP, v1::HA_ROLE_MASTER);  // A is the backup: A first
  const auto fpA = a_->fingerprint();
  b_->appliance.refuseApplies = 1;
  const auto r = applyOnA(withServer(a_->appliance.running().config, "10.0.0.31"));
  EXPECT_NE(r.httpStatus, 200u);
  EXPECT_TRUE(r.response.local().ok() == false);
  EXPECT_FALSE(hasServer(*a_, "10.0.0.31"));
  EXPECT_FALSE(hasServer(*b_, "10.0.0.31"));
  EXPECT_EQ(a_->fingerprint(), fpA);
  EXPECT_NE(r.message.find("this node: applied, then returned"), std::string::npos) << r.message;
}

TEST_F(PairCoordinatorTest, DriftShowsAndSyncClearsIt) {
  makePair();
  // Someone changes B behind the pair's back.
  ChangeResult ignored;
  b_->appliance.replaceRunning(withServer(b_->appliance.running().config, "10.0.0.40"), "",
                               {"bob", "local"}, [&](ChangeResult x) { ignored = std::move(x); });
  ASSERT_TRUE(runUntil([&] { return a_->coordinator->pairStatus().drift(); }));
  clock_ += 5000;
  ASSERT_TRUE(runUntil([&] {
    for (const auto& a : a_->coordinator->alarms())
      if (a.code() == "config-drift") return true;
    return false;
  }));
  std::optional<PairResult> result;
  a_->coordinator->sync(std::nullopt, {"alice", "192.0.2.9"}, [&](PairResult r) { result = r; });
  ASSERT_TRUE(runUntil([&] { return result.has_value(); }));
  ASSERT_EQ(result->httpStatus, 200u) << result->message;
  EXPECT_FALSE(hasServer(*b_, "10.0.0.40"));
  EXPECT_EQ(a_->fingerprint(), b_->fingerprint());
  ASSERT_TRUE(runUntil([&] { return !a_->coordinator->pairStatus().drift() &&
                                    a_->coordinator->alarms().empty(); }));
  bool clearedEvent = false;
  for (const auto& e : a_->events)
    clearedEvent = clearedEvent || (e.has_alarm() && e.alarm().code() == "config-drift" && e.alarm().cleared());
  EXPECT_TRUE(clearedEvent);
}

TEST_F(PairCoordinatorTest, APeerThatWasAwayCatchesUpWithRunningAndSaved) {
  makePair();
  network_.down.insert("10.0.0.18");
  ASSERT_TRUE(runUntil([&] { return !a_->coordinator->pairStatus().peer_reachable(); }));
  const auto r = applyOnA(withServer(a_->appliance.running().config, "10.0.0.31"));
  ASSERT_EQ(r.httpStatus, 200u) << r.message;
  EXPECT_TRUE(r.response.local().ok());
  EXPECT_TRUE(r.response.peer().pending());
  EXPECT_FALSE(hasServer(*b_, "10.0.0.31"));
  ChangeResult saved;
  a_->appliance.save({"alice", "local"}, [&](ChangeResult x) { saved = std::move(x); });
  clock_ += 5000;
  ASSERT_TRUE(runUntil([&] {
    for (const auto& a : a_->coordinator->alarms())
      if (a.code() == "peer-unreachable") return true;
    return false;
  }));

  network_.down.clear();
  ASSERT_TRUE(runUntil([&] { return hasServer(*b_, "10.0.0.31") &&
                                    configFingerprint(b_->appliance.saved().config) == a_->fingerprint(); }));
  EXPECT_EQ(b_->generation.current(), a_->generation.current());
  ASSERT_TRUE(runUntil([&] { return a_->coordinator->alarms().empty(); }));
}

TEST_F(PairCoordinatorTest, BothMasterRaisesSplitBrainOnBothNodesAndEndsWithIt) {
  FakeObserver obsA, obsB;
  makePair();
  a_->coordinator->setObserver(&obsA);
  b_->coordinator->setObserver(&obsB);
  obsA.set(v1::VRRP_ROLE_MASTER, true);
  obsB.set(v1::VRRP_ROLE_MASTER, true);
  auto hasAlarm = [](Node& n, const std::string& code) {
    for (const auto& a : n.coordinator->alarms())
      if (a.code() == code) return true;
    return false;
  };
  // Seen once, then again after the hold time.
  ASSERT_TRUE(runUntil([&] { return b_->coordinator->pairStatus().peer_role() == v1::VRRP_ROLE_MASTER &&
                                    a_->coordinator->pairStatus().peer_role() == v1::VRRP_ROLE_MASTER; }));
  clock_ += 1500;
  ASSERT_TRUE(runUntil([&] { return hasAlarm(*a_, "split-brain") && hasAlarm(*b_, "split-brain"); }));
  bool raisedEvent = false;
  for (const auto& e : a_->events)
    raisedEvent = raisedEvent || (e.has_alarm() && e.alarm().code() == "split-brain" && !e.alarm().cleared());
  EXPECT_TRUE(raisedEvent);
  obsB.set(v1::VRRP_ROLE_BACKUP, false);
  ASSERT_TRUE(runUntil([&] { return !hasAlarm(*a_, "split-brain") && !hasAlarm(*b_, "split-brain"); }));
}

// A node whose stick tables still cross in clear although its peer answers
// (it could not keep the peer's certificate) says so after the hold time;
// its peer, on TLS, does not; back on TLS the alarm ends.
TEST_F(PairCoordinatorTest, AReplicationStillClearWithThePeerAnsweringRaisesAWarning) {
  makePair();
  auto hasAlarm = [](Node& n, const std::string& code) {
    for (const auto& a : n.coordinator->alarms())
      if (a.code() == code) return true;
    return false;
  };
  a_->appliance.replication = v1::STICK_REPLICATION_CLEAR;
  // Polls every 10 ms: about twenty looks at the condition on the same clock.
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
  runUntil([&] { return std::chrono::steady_clock::now() > until; });
  EXPECT_FALSE(hasAlarm(*a_, "replication-clear")) << "the switch to TLS takes a second or so";
  clock_ += 31000;
  ASSERT_TRUE(runUntil([&] { return hasAlarm(*a_, "replication-clear"); }));
  EXPECT_FALSE(hasAlarm(*b_, "replication-clear"));
  a_->appliance.replication = v1::STICK_REPLICATION_TLS;
  ASSERT_TRUE(runUntil([&] { return !hasAlarm(*a_, "replication-clear"); }));
}

TEST_F(PairCoordinatorTest, NotPairedRefusesAPairChange) {
  makePair();
  auto cfg = a_->appliance.running().config;
  cfg.mutable_high_availability()->set_peer_certificate_sha256("");
  ChangeResult r;
  a_->appliance.replaceRunning(cfg, "", {"x", "y"}, [&](ChangeResult x) { r = std::move(x); });
  const auto result = applyOnA(a_->appliance.running().config);
  EXPECT_EQ(result.httpStatus, 409u);
  EXPECT_EQ(result.code, "not-paired");
}

TEST_F(PairCoordinatorTest, AStaleIfMatchChangesNothing) {
  makePair();
  const auto r = applyOnA(withServer(a_->appliance.running().config, "10.0.0.31"), "not-the-etag");
  EXPECT_EQ(r.httpStatus, 409u);
  EXPECT_EQ(r.code, "etag-mismatch");
  EXPECT_FALSE(hasServer(*b_, "10.0.0.31"));
}

// ---- planned handover and automatic failback ----------------------------------

class PairHandoverTest : public PairCoordinatorTest {
 protected:
  void SetUp() override {
    PairCoordinatorTest::SetUp();
    makePair();
    a_->coordinator->setObserver(&obsA_);
    b_->coordinator->setObserver(&obsB_);
    vrrp_ = std::make_unique<SimulatedVrrp>(io_, obsA_, obsB_);
  }
  // `holder` master with the address, the other a healthy backup, both seen
  // by the peer.
  void rest(FakeObserver& holder, FakeObserver& other) {
    holder.set(v1::VRRP_ROLE_MASTER, true);
    other.set(v1::VRRP_ROLE_BACKUP, false);
    ASSERT_TRUE(runUntil([&] {
      return a_->coordinator->pairStatus().peer_role() == obsB_.value.role &&
             b_->coordinator->pairStatus().peer_role() == obsA_.value.role;
    }));
  }
  HandoverResult handover(Node& n, bool take) {
    std::optional<HandoverResult> result;
    n.coordinator->handover(take, {"alice", "192.0.2.9"},
                            [&](HandoverResult r) { result = std::move(r); });
    EXPECT_TRUE(runUntil([&] { return result.has_value(); }));
    return result.value_or(HandoverResult{});
  }

  FakeObserver obsA_, obsB_;
  std::unique_ptr<SimulatedVrrp> vrrp_;
};

TEST_F(PairHandoverTest, GivingReleasesHereBeforeThePeerTakesAndEndsTheRelease) {
  rest(obsA_, obsB_);
  const auto r = handover(*a_, false);
  ASSERT_EQ(r.httpStatus, 200u) << r.code << ": " << r.message;
  EXPECT_EQ(r.response.holder(), "peer");
  EXPECT_EQ(vrrp_->log, (std::vector<std::string>{"a released", "b master"}));
  EXPECT_EQ(obsA_.releases, (std::vector<bool>{true, false})) << "the release ends once B holds";
  ASSERT_TRUE(runUntil([&] { return obsA_.value.role == v1::VRRP_ROLE_BACKUP; }));
  EXPECT_FALSE(a_->coordinator->pairStatus().handover_in_progress());
}

TEST_F(PairHandoverTest, TakingAsksTheHolderToReleaseFirst) {
  rest(obsA_, obsB_);
  const auto r = handover(*b_, true);
  ASSERT_EQ(r.httpStatus, 200u) << r.code << ": " << r.message;
  EXPECT_EQ(r.response.holder(), "local");
  EXPECT_EQ(vrrp_->log, (std::vector<std::string>{"a released", "b master"}));
  EXPECT_TRUE(obsB_.releases.empty()) << "the taker never releases";
  ASSERT_TRUE(runUntil([&] { return obsA_.releases == std::vector<bool>{true, false}; }));
}

TEST_F(PairHandoverTest, RefusesWhatCannotWork) {
  rest(obsA_, obsB_);
  auto r = handover(*b_, false);
  EXPECT_EQ(r.httpStatus, 409u) << "B does not hold the address";
  EXPECT_EQ(r.code, "not-possible");
  r = handover(*a_, true);
  EXPECT_EQ(r.httpStatus, 409u) << "A already holds it";
  obsB_.set(v1::VRRP_ROLE_FAULT, false);
  ASSERT_TRUE(runUntil([&] { return a_->coordinator->pairStatus().peer_role() == v1::VRRP_ROLE_FAULT; }));
  r = handover(*a_, false);
  EXPECT_EQ(r.httpStatus, 409u) << "an unhealthy backup cannot take the address";
  EXPECT_TRUE(obsA_.releases.empty()) << "a refused handover releases nothing";
  network_.down.insert("10.0.0.18");
  ASSERT_TRUE(runUntil([&] { return !a_->coordinator->pairStatus().peer_reachable(); }));
  r = handover(*a_, false);
  EXPECT_EQ(r.httpStatus, 503u);
  EXPECT_EQ(r.code, "peer-unreachable");
}

TEST_F(PairHandoverTest, TheConfiguredMasterTakesTheAddressBackAfterTheHoldTime) {
  rest(obsB_, obsA_);  // after a failure: B (configured backup) serves, A is back as backup
  ASSERT_TRUE(runUntil([&] { return a_->coordinator->pairStatus().failback_due_unix_ms() != 0; }));
  EXPECT_EQ(a_->coordinator->pairStatus().failback_due_unix_ms(), clock_ + 1000);
  EXPECT_TRUE(vrrp_->log.empty()) << "nothing moves before the hold time";
  clock_ += 1000;
  ASSERT_TRUE(runUntil([&] { return obsA_.value.role == v1::VRRP_ROLE_MASTER; }));
  EXPECT_EQ(vrrp_->log, (std::vector<std::string>{"b released", "a master"}));
  ASSERT_TRUE(runUntil([&] { return obsB_.value.role == v1::VRRP_ROLE_BACKUP; }));
  EXPECT_FALSE(b_->coordinator->pairStatus().failback_due_unix_ms()) << "B is not the configured master";
}

TEST_F(PairHandoverTest, NoFailbackWhileTheSettingsDifferOrAfterAnAdministratorsHandover) {
  // Drift: A's shared settings differ from B's; it must not pull the address.
  auto cfg = withServer(a_->appliance.running().config, "10.0.0.31");
  ChangeResult changed;
  a_->appliance.replaceRunning(cfg, "", {"x", "y"}, [&](ChangeResult x) { changed = std::move(x); });
  rest(obsB_, obsA_);
  clock_ += 5000;
  for (int i = 0; i < 20; ++i) io_.run_one_for(std::chrono::milliseconds(10));
  EXPECT_EQ(a_->coordinator->pairStatus().failback_due_unix_ms(), 0);
  EXPECT_EQ(obsB_.value.role, v1::VRRP_ROLE_MASTER);
  // In step again, A master; then an administrator gives the address to B:
  // it stays there.
  std::optional<PairResult> synced;
  a_->coordinator->sync(std::nullopt, {"alice", "x"}, [&](PairResult r) { synced = r; });
  ASSERT_TRUE(runUntil([&] { return synced.has_value(); }));
  rest(obsA_, obsB_);
  ASSERT_EQ(handover(*a_, false).httpStatus, 200u);
  clock_ += 5000;
  for (int i = 0; i < 20; ++i) io_.run_one_for(std::chrono::milliseconds(10));
  EXPECT_EQ(obsB_.value.role, v1::VRRP_ROLE_MASTER) << "an administrator's handover holds";
  EXPECT_EQ(a_->coordinator->pairStatus().failback_due_unix_ms(), 0);
  ASSERT_EQ(handover(*a_, true).httpStatus, 200u);
  EXPECT_EQ(obsA_.value.role, v1::VRRP_ROLE_MASTER);
}

// ---- the shared TLS session-ticket key ring -------------------------------------

namespace {

// A node's ticket keys as the pair sees them (HaproxySupervisor in the daemon).
class FakeTicketKeys final : public TicketKeyStore {
 public:
  FakeTicketKeys() {
    for (int i = 0; i < 3; ++i) ring.push_back(tls_ticket_keys::newKey());
  }
  std::optional<std::vector<std::string>> keys() const override { return ring; }
  void install(std::vector<std::string> k, Done done) override {
    installs.push_back(k);
    ring = std::move(k);
    done(true, "installed");
  }
  void setFollowing(bool f) override { following = f; }
  void setRotationListener(std::function<void()> l) override { listener = std::move(l); }
  void rotate() {
    ring.erase(ring.begin());
    ring.push_back(tls_ticket_keys::newKey());
    if (listener) listener();
  }
  std::vector<std::string> ring;
  std::vector<std::vector<std::string>> installs;
  bool following = false;
  std::function<void()> listener;
};

}  // namespace

TEST_F(PairCoordinatorTest, TheMastersRingReachesTheBackupAtPairingAfterRotationsAndOnReturn) {
  makePair();
  FakeTicketKeys keysA, keysB;
  const auto ownB = keysB.ring;
  a_->coordinator->setTicketKeys(&keysA);
  b_->coordinator->setTicketKeys(&keysB);
  // No node holds the address (no HA engine here): the configured master's ring wins.
  // B marks itself a follower at its next look at A's state, which may come
  // just after the ring is installed: wait for both.
  ASSERT_TRUE(runUntil([&] { return keysB.ring == keysA.ring && keysB.following; }))
      << "the backup does not rotate on its own while it receives (B has A's ring: "
      << (keysB.ring == keysA.ring) << ", B follows: " << keysB.following << ")";
  EXPECT_FALSE(keysA.following);
  EXPECT_TRUE(keysA.installs.empty()) << "the source never takes the backup's ring";
  EXPECT_NE(keysB.ring, ownB);
  // A rotation at the source reaches the peer at once.
  keysA.rotate();
  ASSERT_TRUE(runUntil([&] { return keysB.ring == keysA.ring; }));
  EXPECT_EQ(keysB.installs.size(), 2u);
  // Unreachable: the backup rotates on its own again; the source's ring wins
  // when the link returns.
  network_.down.insert("10.0.0.17");
  ASSERT_TRUE(runUntil([&] { return !b_->coordinator->pairStatus().peer_reachable(); }));
  EXPECT_FALSE(keysB.following);
  keysB.rotate();
  keysA.rotate();
  network_.down.erase("10.0.0.17");
  ASSERT_TRUE(runUntil([&] { return keysB.ring == keysA.ring && keysB.following; }));
  EXPECT_TRUE(keysA.installs.empty());
  // In step, nothing more is sent.
  const auto installs = keysB.installs.size();
  for (int i = 0; i < 30; ++i) io_.run_one_for(std::chrono::milliseconds(5));
  EXPECT_EQ(keysB.installs.size(), installs);
  // High availability off on B: it rotates on its own again.
  auto config = b_->appliance.running().config;
  config.mutable_high_availability()->set_role(v1::HA_ROLE_DISABLED);
  ChangeResult changed;
  b_->appliance.replaceRunning(config, "", {"x", "y"}, [&](ChangeResult x) { changed = std::move(x); });
  ASSERT_EQ(changed.status, ChangeStatus::Ok) << changed.message;
  b_->coordinator->pollNow();
  ASSERT_TRUE(runUntil([&] { return !keysB.following; }));
}

TEST_F(PairCoordinatorTest, AMalformedRingOrOneSentToTheSourceChangesNothing) {
  makePair();
  FakeTicketKeys keysA, keysB;
  b_->coordinator->setTicketKeys(&keysB);
  const auto before = keysB.ring;
  auto send = [&](PairCoordinator& to, std::string body) {
    std::optional<std::pair<unsigned, std::string>> answer;
    to.handleChannel({"ticket-keys", std::move(body), "10.0.0.17"},
                     [&](unsigned status, std::string b) { answer.emplace(status, std::move(b)); });
    EXPECT_TRUE(runUntil([&] { return answer.has_value(); }));
    v1::PeerChangeResult r;
    EXPECT_TRUE(r.ParseFromString(answer->second));
    return std::make_pair(answer->first, r);
  };
  auto [status, r] = send(*b_->coordinator, "garbage that is no ring");
  EXPECT_EQ(status, 400u);
  EXPECT_EQ(r.code(), "bad-request");
  auto shortRing = keysA.ring;
  shortRing.pop_back();
  std::tie(status, r) = send(*b_->coordinator, encodeTicketRing(shortRing, "lb-17"));
  EXPECT_EQ(status, 400u);
  EXPECT_TRUE(keysB.installs.empty());
  EXPECT_EQ(keysB.ring, before);
  // The configured master (no holder) is the source: it refuses a peer's ring.
  a_->coordinator->setTicketKeys(&keysA);
  const auto ownA = keysA.ring;
  std::tie(status, r) = send(*a_->coordinator, encodeTicketRing(keysB.ring, "lb-18"));
  EXPECT_EQ(status, 409u);
  EXPECT_EQ(r.code(), "ticket-key-source");
  EXPECT_EQ(keysA.ring, ownA);
}

TEST_F(PairHandoverTest, AfterAFailoverTheHoldersRingReachesTheReturningMaster) {
  rest(obsB_, obsA_);  // B (configured backup) serves after a failure, A is back as backup
  FakeTicketKeys keysA, keysB;
  a_->coordinator->setTicketKeys(&keysA);
  b_->coordinator->setTicketKeys(&keysB);
  // The clients' tickets come from B's ring: A takes it before it takes the
  // address back, so they resume on A after the failback. A marks itself a
  // follower at its next look at B's state, which may come just after the
  // ring is installed: wait for both.
  ASSERT_TRUE(runUntil([&] { return keysA.ring == keysB.ring && keysA.following; }))
      << "A has B's ring: " << (keysA.ring == keysB.ring) << ", A follows: " << keysA.following;
  EXPECT_FALSE(keysB.following);
  EXPECT_TRUE(keysB.installs.empty());
}
