// The rendered peers sections do what the file says, with the real HAProxy on
// loopback, as any user (no namespaces, no root):
//  - a pair: two HAProxies started from the master's and the backup's
//    rendered files (nodes 127.0.0.52 and .53) replicate an rpc-epm entry set
//    on one to the other;
//  - a reload keeps the table (the old worker teaches the new one through the
//    local section's socket in the run directory), standalone and in a pair;
//    without the section it would be empty (measured,
//    docs/dataplane-rendering.md);
//  - the pair on TLS, with real pair identities (agent/pair) and the files the
//    agent's PeerCertificateStore writes: entries cross both ways, the hashed
//    ActiveSync table too (filled by a real HTTPS request), and survive a
//    reload; a third HAProxy posing as the peer, with another certificate or
//    in clear, teaches the master nothing and learns nothing.
// The pair's port is a free port picked here (the context's override), so the
// test never meets an agent's HAProxy on the fixed 4446; each HAProxy's local
// section is a socket in its own run directory.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "haproxy_check.h"
#include "pair/pair_identity.h"
#include "pair/peer_certificate_store.h"
#include "render/haproxy_plan.h"
#include "render/haproxy_renderer.h"
#include "render_cases.h"

namespace exlb::agent {
namespace {

using Clock = std::chrono::steady_clock;

// Binds 127.0.0.0/8's `port` (0: any) and gives the port bound, 0 if taken.
std::uint16_t bindPort(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  socklen_t len = sizeof a;
  std::uint16_t out = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0) {
    out = ntohs(a.sin_port);
  }
  close(fd);
  return out;
}

std::uint16_t freePort() { return bindPort(0); }

// One request on a HAProxy runtime API socket; "" when it cannot connect.
std::string runtime(const std::filesystem::path& socketPath, const std::string& command) {
  const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  const std::string p = socketPath.string();
  p.copy(a.sun_path, sizeof a.sun_path - 1);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return "";
  }
  const std::string line = command + "\n";
  if (write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
    close(fd);
    return "";
  }
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  close(fd);
  return out;
}

bool waitFor(const std::function<bool()>& done, std::chrono::seconds limit) {
  const auto deadline = Clock::now() + limit;
  while (Clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return done();
}

// `haproxy -W -f <file>` from a rendered text, in its own run folder.
class Haproxy {
 public:
  Haproxy(const std::filesystem::path& root, const std::string& name) : run_(root / name) {
    std::filesystem::create_directories(run_);
    std::ofstream(run_ / kServerStateFileName) << "1\n";
    // TLS binds read the session-ticket keys the supervisor keeps.
    std::ofstream keys(run_ / kTlsTicketKeysFileName);
    for (char c : {'A', 'B', 'C'}) keys << std::string(106, c) << "A=\n";
  }
  ~Haproxy() { stop(); }

  std::filesystem::path runDir() const { return run_; }
  std::filesystem::path socket() const { return run_ / kStatsSocketName; }

  bool start(const std::string& text) {
    const auto file = run_ / "haproxy.cfg";
    std::ofstream(file) << text;
    pid_ = fork();
    if (pid_ == 0) {
      const std::string bin = test::haproxyPath(), f = file.string();
      const int log = ::open((run_ / "haproxy.log").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
      dup2(log, 1);
      dup2(log, 2);
      execl(bin.c_str(), bin.c_str(), "-W", "-f", f.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    // The master takes SIGUSR2 (a reload) only once it has said so.
    return waitFor([this] { return loaded() == 1 && !pidOfWorker().empty(); },
                   std::chrono::seconds(20));
  }

  // A freshly started worker first waits (about 2 s) to learn tables from an
  // old worker or a remote peer; until then it teaches nobody at a reload.
  // True once every peers section says both are done (flags 0x1 and 0x2).
  bool synced() const {
    const std::string text = runtime(socket(), "show peers");
    int sections = 0;
    for (auto at = text.find(" disabled="); at != std::string::npos;
         at = text.find(" disabled=", at + 1)) {
      const auto f = text.find("flags=0x", at);
      if (f == std::string::npos) return false;
      const unsigned long flags = std::stoul(text.substr(f + 8, 8), nullptr, 16);
      if ((flags & 0x3) != 0x3) return false;
      ++sections;
    }
    return sections > 0;
  }

  // How many times the master said "Loading success" (start, then each reload).
  int loaded() const { return count("Loading success"); }

  int count(const std::string& words) const {
    const std::string text = log();
    int n = 0;
    for (auto at = text.find(words); at != std::string::npos; at = text.find(words, at + 1)) ++n;
    return n;
  }

  // The worker answering on the runtime API (changes at a reload).
  std::string pidOfWorker() const {
    const std::string info = runtime(socket(), "show info");
    const auto at = info.find("\nPid: ");
    return at == std::string::npos ? "" : info.substr(at + 6, info.find('\n', at + 1) - at - 6);
  }

  // SIGUSR2 to the master: a reload; waits for the new worker to answer.
  // Measured: a master sometimes ignores a SIGUSR2 that comes right after its
  // worker started, so it is sent again each second until the master says it
  // reloads.
  bool reload() {
    const std::string before = pidOfWorker();
    const int loads = loaded();
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (count("Reloading HAProxy") < loads && Clock::now() < deadline) {
      kill(pid_, SIGUSR2);
      waitFor([&] { return count("Reloading HAProxy") >= loads; }, std::chrono::seconds(1));
    }
    return waitFor([&] {
      const std::string now = pidOfWorker();
      return loaded() > loads && !now.empty() && now != before;
    }, std::chrono::seconds(20));
  }

  std::string log() const {
    std::ifstream in(run_ / "haproxy.log");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  void stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
  }

 private:
  std::filesystem::path run_;
  pid_t pid_ = -1;
};

// The server id the table holds for `key`, or "".
std::string entry(const Haproxy& h, const std::string& table, const std::string& key) {
  const std::string text = runtime(h.socket(), "show table " + table);
  const auto at = text.find(" key=" + key + " ");
  if (at == std::string::npos) return "";
  const auto id = text.find("server_id=", at);
  const auto end = text.find_first_of(" \n", id);
  return id == std::string::npos ? "" : text.substr(id + 10, end - id - 10);
}

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "exlb-peers-XXXXXX").string();
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// RPC on, on free loopback ports, CAS on addresses nothing listens on (the
// tables are filled through the runtime API, no traffic is needed).
v1::ApplianceConfig loopbackConfig(const std::string& own, const std::string& peer, v1::HaRole role,
                                   std::uint16_t rpcBase) {
  v1::ApplianceConfig c;
  for (const auto& rc : test::renderCases()) {
    if (rc.name == "rpc-enabled") c = rc.config;
  }
  c.mutable_network()->set_address(own);
  c.mutable_cas_servers(0)->set_address("127.0.0.55");
  c.mutable_cas_servers(1)->set_address("127.0.0.56");
  auto* rpc = c.mutable_rpc();
  rpc->set_endpoint_mapper_port(rpcBase);
  rpc->set_client_access_port(static_cast<std::uint32_t>(rpcBase) + 1);
  rpc->set_address_book_port(static_cast<std::uint32_t>(rpcBase) + 2);
  c.mutable_management()->set_port(0);
  if (role != v1::HA_ROLE_DISABLED) {
    auto* ha = c.mutable_high_availability();
    ha->set_role(role);
    ha->set_virtual_address("127.0.0.54");
    ha->set_peer_address(peer);
  }
  return c;
}

// Three consecutive free ports for the RPC listeners.
std::uint16_t freeRpcBase() {
  for (int i = 0; i < 50; ++i) {
    const std::uint16_t p = freePort();
    if (p != 0 && p < 65000 && bindPort(static_cast<std::uint16_t>(p + 1)) != 0 &&
        bindPort(static_cast<std::uint16_t>(p + 2)) != 0) {
      return p;
    }
  }
  return 0;
}

class HaproxyPeers : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(test::haproxyPath())) << test::haproxyPath();
  }
  HaproxyRenderContext context(const Haproxy& h) const {
    HaproxyRenderContext c{h.runDir(), dir_.path() / "certs"};
    c.pairPeersPort = pairPort_;
    return c;
  }
  // Starts both HAProxies from their rendered files, waits until each has
  // learnt what it could (a fresh worker teaches nobody before that), sets an
  // rpc-epm entry on the master and expects it in the backup's table.
  void startPairAndReplicateAnEntry(Haproxy& master, const RenderedHaproxy& m, Haproxy& backup,
                                    const RenderedHaproxy& b) {
    ASSERT_TRUE(m.ok()) << m.errors.front();
    ASSERT_TRUE(b.ok()) << b.errors.front();
    ASSERT_TRUE(master.start(m.text)) << master.log();
    ASSERT_TRUE(backup.start(b.text)) << backup.log();
    ASSERT_TRUE(waitFor([&] { return master.synced() && backup.synced(); }, std::chrono::seconds(20)))
        << runtime(master.socket(), "show peers") << runtime(backup.socket(), "show peers");
    const std::string id = std::to_string(haproxy_plan::serverId("127.0.0.56", {}));
    runtime(master.socket(), "set table rpc-epm key 203.0.113.7 data.server_id " + id);
    ASSERT_TRUE(waitFor([&] { return entry(backup, "rpc-epm", "203.0.113.7") == id; },
                        std::chrono::seconds(15)))
        << "backup: " << runtime(backup.socket(), "show table rpc-epm")
        << "peers: " << runtime(master.socket(), "show peers") << master.log() << backup.log();
  }

  TempDir dir_;
  std::uint16_t pairPort_ = freePort();
};

TEST_F(HaproxyPeers, StandaloneReloadKeepsTheTable) {
  Haproxy h(dir_.path(), "standalone");
  const auto config = loopbackConfig("127.0.0.52", "", v1::HA_ROLE_DISABLED, freeRpcBase());
  const RenderedHaproxy r = renderHaproxyConfig(config, context(h));
  ASSERT_TRUE(r.ok()) << r.errors.front();
  ASSERT_TRUE(h.start(r.text)) << h.log();
  ASSERT_TRUE(waitFor([&] { return h.synced(); }, std::chrono::seconds(20)))
      << runtime(h.socket(), "show peers");
  const std::string id = std::to_string(haproxy_plan::serverId("127.0.0.56", {}));
  runtime(h.socket(), "set table rpc-epm key 203.0.113.7 data.server_id " + id);
  ASSERT_EQ(entry(h, "rpc-epm", "203.0.113.7"), id);
  ASSERT_TRUE(h.reload()) << h.log();
  EXPECT_TRUE(waitFor([&] { return entry(h, "rpc-epm", "203.0.113.7") == id; },
                      std::chrono::seconds(10)))
      << "the new worker's table: " << runtime(h.socket(), "show table rpc-epm") << h.log();
}

TEST_F(HaproxyPeers, PairReplicatesAndKeepsTablesAcrossReloads) {
  Haproxy master(dir_.path(), "master"), backup(dir_.path(), "backup");
  const std::uint16_t rpcMaster = freeRpcBase();
  const std::uint16_t rpcBackup = freeRpcBase();
  const RenderedHaproxy m = renderHaproxyConfig(
      loopbackConfig("127.0.0.52", "127.0.0.53", v1::HA_ROLE_MASTER, rpcMaster), context(master));
  const RenderedHaproxy b = renderHaproxyConfig(
      loopbackConfig("127.0.0.53", "127.0.0.52", v1::HA_ROLE_BACKUP, rpcBackup), context(backup));
  startPairAndReplicateAnEntry(master, m, backup, b);
  if (HasFatalFailure()) return;
  const std::string id = std::to_string(haproxy_plan::serverId("127.0.0.56", {}));

  // The other way, after the backup reloaded: its new worker has the table
  // and still shares what it learns.
  ASSERT_TRUE(backup.reload()) << backup.log();
  EXPECT_TRUE(waitFor([&] { return entry(backup, "rpc-epm", "203.0.113.7") == id; },
                      std::chrono::seconds(15)))
      << runtime(backup.socket(), "show table rpc-epm") << backup.log();
  runtime(backup.socket(), "set table rpc-epm key 203.0.113.8 data.server_id " + id);
  EXPECT_TRUE(waitFor([&] { return entry(master, "rpc-epm", "203.0.113.8") == id; },
                      std::chrono::seconds(15)))
      << "master: " << runtime(master.socket(), "show table rpc-epm") << master.log();
}


// --- the pair on TLS ---------------------------------------------------------

// Answers every connection on `addresses`:`port` with 401, as an Exchange
// 2010 CAS answers an ActiveSync request without credentials (and as the
// rendered health check expects), so HAProxy picks a server and stores the
// request's Authorization digest in the ActiveSync table.
class Cas401 {
 public:
  Cas401(const std::vector<std::string>& addresses, std::uint16_t port) {
    for (const auto& address : addresses) {
      const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      const int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(port);
      inet_pton(AF_INET, address.c_str(), &a.sin_addr);
      if (bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(fd, 16) != 0) ok_ = false;
      fds_.push_back(fd);
    }
    thread_ = std::thread([this] { run(); });
  }
  ~Cas401() {
    stop_ = true;
    thread_.join();
    for (const int fd : fds_) close(fd);
  }
  bool ok() const { return ok_; }

 private:
  void run() {
    while (!stop_) {
      std::vector<pollfd> polls;
      for (const int fd : fds_) polls.push_back({fd, POLLIN, 0});
      if (poll(polls.data(), polls.size(), 100) <= 0) continue;
      for (const auto& p : polls) {
        if (!(p.revents & POLLIN)) continue;
        const int c = accept4(p.fd, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0) continue;
        answer(c);
        close(c);
      }
    }
  }
  static void answer(int c) {
    timeval limit{1, 0};
    setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    std::string head;
    char buf[2048];
    ssize_t n;
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 65536 &&
           (n = read(c, buf, sizeof buf)) > 0) {
      head.append(buf, static_cast<size_t>(n));
    }
    const std::string reply =
        "HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
    [[maybe_unused]] const ssize_t w = write(c, reply.data(), reply.size());
  }

  std::vector<int> fds_;
  std::atomic<bool> stop_{false};
  bool ok_ = true;
  std::thread thread_;
};

// The first key of a table ("" when empty): binary keys (the ActiveSync
// digests) cannot be set on the runtime API, only read.
std::string firstKey(const Haproxy& h, const std::string& table) {
  const std::string text = runtime(h.socket(), "show table " + table);
  const auto at = text.find(" key=");
  if (at == std::string::npos) return "";
  return text.substr(at + 5, text.find(' ', at + 5) - at - 5);
}

bool hasKey(const Haproxy& h, const std::string& table, const std::string& key) {
  return runtime(h.socket(), "show table " + table).find(" key=" + key + " ") != std::string::npos;
}

// Outgoing connection attempts of `h` to the remote peer (`show peers`,
// new_conn), counting only the peer's own line.
int attemptsToPeer(const Haproxy& h, const std::string& peerName) {
  const std::string text = runtime(h.socket(), "show peers");
  const auto at = text.find("id=" + peerName + "(remote");
  if (at == std::string::npos) return 0;
  const auto n = text.find("new_conn=", at);
  return n == std::string::npos ? 0 : std::atoi(text.c_str() + n + 9);
}

class HaproxyPeersTls : public HaproxyPeers {
 protected:
  void SetUp() override {
    HaproxyPeers::SetUp();
    for (const char* who : {"master", "backup", "intruder"}) {
      std::string error;
      auto id = loadOrCreatePairIdentity(dir_.path() / ("data-" + std::string(who)), who, error);
      ASSERT_TRUE(id) << error;
      ids_.emplace(who, std::move(*id));
    }
  }

  // The node `who` once its pair channel has met `peer`: its identity, and
  // the trust file the agent's store writes (the peer's certificate, then
  // its own).
  PairPeersTls trusting(const std::string& who, const std::string& peer) {
    PeerCertificateStore store(dir_.path() / ("data-" + who));
    std::string error;
    EXPECT_NE(store.keep(ids_.at(peer).certificatePem, ids_.at(peer).sha256, error),
              PeerCertificateStore::Kept::Failed) << error;
    const PairPeersTls tls = store.tlsFor(ids_.at(peer).sha256);
    EXPECT_TRUE(tls.on());
    return tls;
  }

  // RPC (a table set on the runtime API) and HTTPS offload for Exchange 2010
  // (the ActiveSync table, filled by a request) on ports of this test.
  v1::ApplianceConfig config(const std::string& own, const std::string& peer, v1::HaRole role) {
    v1::ApplianceConfig c = loopbackConfig(own, peer, role, freeRpcBase());
    auto* http = c.mutable_http();
    http->set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
    http->set_virtual_https_port(freePort());
    http->set_redirect_http_port(freePort());
    http->set_cas_http_port(casPort_);
    return c;
  }

  HaproxyRenderContext tlsContext(const Haproxy& h, const PairPeersTls& tls) const {
    HaproxyRenderContext c = context(h);
    c.pairTls = tls;
    return c;
  }

  std::map<std::string, PairIdentity> ids_;
  std::uint16_t casPort_ = freePort();
};

TEST_F(HaproxyPeersTls, PairOnTlsSharesEveryTableBothWaysAndKeepsThemAcrossAReload) {
  {
    const test::CommandResult cert = test::runCommand(
        {"/bin/bash", std::string(EXLB_SOURCE_DIR) + "/tests/support/make_test_cert.sh",
         "mail.mydomain.local", (dir_.path() / "certs").string(), "default"});
    ASSERT_EQ(cert.exitCode, 0) << cert.output;
  }
  Cas401 cas({"127.0.0.55", "127.0.0.56"}, casPort_);
  ASSERT_TRUE(cas.ok());
  Haproxy master(dir_.path(), "master"), backup(dir_.path(), "backup");
  const v1::ApplianceConfig mc = config("127.0.0.52", "127.0.0.53", v1::HA_ROLE_MASTER);
  const RenderedHaproxy m =
      renderHaproxyConfig(mc, tlsContext(master, trusting("master", "backup")));
  const RenderedHaproxy b = renderHaproxyConfig(
      config("127.0.0.53", "127.0.0.52", v1::HA_ROLE_BACKUP),
      tlsContext(backup, trusting("backup", "master")));
  ASSERT_NE(m.text.find("bind 127.0.0.52:" + std::to_string(pairPort_) + " ssl crt "),
            std::string::npos) << m.text;
  ASSERT_NE(m.text.find("expire 1h peers exlb-pair"), std::string::npos) << "the ActiveSync table";
  startPairAndReplicateAnEntry(master, m, backup, b);
  if (HasFatalFailure()) return;
  const std::string id = std::to_string(haproxy_plan::serverId("127.0.0.56", {}));

  // A phone's request through the master: its Authorization digest reaches the backup.
  const test::CommandResult phone = test::runCommand(
      {"/usr/bin/curl", "-sk", "--max-time", "5", "-o", "/dev/null", "-w", "%{http_code}", "-H",
       "Authorization: Basic ZGV2aWNlOnNlY3JldA==",
       "https://127.0.0.54:" + std::to_string(mc.http().virtual_https_port()) +
           "/Microsoft-Server-ActiveSync"});
  EXPECT_EQ(phone.output, "401") << "the CAS's answer";
  std::string digest;
  ASSERT_TRUE(waitFor([&] { return !(digest = firstKey(master, "activesync")).empty(); },
                      std::chrono::seconds(5)))
      << runtime(master.socket(), "show table activesync") << master.log();
  EXPECT_TRUE(waitFor([&] { return hasKey(backup, "activesync", digest); }, std::chrono::seconds(15)))
      << "backup: " << runtime(backup.socket(), "show table activesync");

  // The other way.
  runtime(backup.socket(), "set table rpc-epm key 203.0.113.8 data.server_id " + id);
  EXPECT_TRUE(waitFor([&] { return entry(master, "rpc-epm", "203.0.113.8") == id; },
                      std::chrono::seconds(15)))
      << "master: " << runtime(master.socket(), "show table rpc-epm") << master.log();

  // The master is gone and the backup reloads: only its old worker can teach
  // the new one, over the same TLS section, showing this node's own
  // certificate (the second one of the trust file; with the peer's alone the
  // tables would be empty, measured).
  master.stop();
  ASSERT_TRUE(backup.reload()) << backup.log();
  EXPECT_TRUE(waitFor([&] {
    return entry(backup, "rpc-epm", "203.0.113.7") == id &&
           entry(backup, "rpc-epm", "203.0.113.8") == id && hasKey(backup, "activesync", digest);
  }, std::chrono::seconds(15)))
      << runtime(backup.socket(), "show table rpc-epm")
      << runtime(backup.socket(), "show table activesync") << backup.log();
}

// A third HAProxy posing as the backup (same address, same names) can neither
// push entries to the master nor learn its entries: with another certificate
// (its own key, the master's certificate trusted), or in clear. Checked once
// each side has tried to connect twice, so the link had its chances.
TEST_F(HaproxyPeersTls, AThirdPartyPosingAsThePeerTeachesNothingAndLearnsNothing) {
  Haproxy master(dir_.path(), "master");
  const RenderedHaproxy m =
      renderHaproxyConfig(loopbackConfig("127.0.0.52", "127.0.0.53", v1::HA_ROLE_MASTER, freeRpcBase()),
                          tlsContext(master, trusting("master", "backup")));
  ASSERT_TRUE(m.ok()) << m.errors.front();
  ASSERT_TRUE(master.start(m.text)) << master.log();
  const std::string id = std::to_string(haproxy_plan::serverId("127.0.0.56", {}));
  runtime(master.socket(), "set table rpc-epm key 203.0.113.7 data.server_id " + id);

  struct Intruder {
    std::string what;
    PairPeersTls tls;
  };
  const std::vector<Intruder> intruders = {{"another certificate", trusting("intruder", "master")},
                                           {"clear text", {}}};
  int n = 0;
  for (const auto& who : intruders) {
    SCOPED_TRACE(who.what);
    Haproxy intruder(dir_.path(), "intruder-" + std::to_string(++n));
    HaproxyRenderContext c = context(intruder);
    c.pairTls = who.tls;
    if (who.tls.on()) c.pairTls.identityFile = ids_.at("intruder").pemFile;
    const RenderedHaproxy r = renderHaproxyConfig(
        loopbackConfig("127.0.0.53", "127.0.0.52", v1::HA_ROLE_BACKUP, freeRpcBase()), c);
    ASSERT_TRUE(r.ok()) << r.errors.front();
    ASSERT_TRUE(intruder.start(r.text)) << intruder.log();
    const std::string key = "203.0.113." + std::to_string(60 + n);
    runtime(intruder.socket(), "set table rpc-epm key " + key + " data.server_id " + id);
    // Until an entry crossed (the failure), or each side has tried twice.
    const int masterBefore = attemptsToPeer(master, "node-127.0.0.53");
    waitFor([&] {
      return hasKey(master, "rpc-epm", key) || hasKey(intruder, "rpc-epm", "203.0.113.7") ||
             (attemptsToPeer(master, "node-127.0.0.53") >= masterBefore + 2 &&
              attemptsToPeer(intruder, "node-127.0.0.52") >= 2);
    }, std::chrono::seconds(30));
    EXPECT_GE(attemptsToPeer(intruder, "node-127.0.0.52"), 2)
        << runtime(master.socket(), "show peers") << runtime(intruder.socket(), "show peers");
    EXPECT_FALSE(hasKey(master, "rpc-epm", key))
        << runtime(master.socket(), "show table rpc-epm");
    EXPECT_FALSE(hasKey(intruder, "rpc-epm", "203.0.113.7"))
        << runtime(intruder.socket(), "show table rpc-epm");
    intruder.stop();
  }
}

}  // namespace
}  // namespace exlb::agent
