// The HAProxy supervisor against Debian's real HAProxy: start, seamless
// reload to a new generation, refusal of a bad file, rollback when a reload
// cannot take effect, coalescing, restart after a crash, clean stop.
#include "supervise/haproxy_supervisor.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <gtest/gtest.h>

#include "haproxy_supervisor_fixture.h"

namespace exlb::agent {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using boost::asio::ip::tcp;

using exlb::test::freeLoopbackPort;

// GET / and return the body, or "" when the connection fails.
std::string httpGet(std::uint16_t port) {
  try {
    boost::asio::io_context io;
    tcp::socket s(io);
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    const std::string req = "GET / HTTP/1.0\r\nHost: t\r\n\r\n";
    boost::asio::write(s, boost::asio::buffer(req));
    std::string resp;
    boost::system::error_code ec;
    boost::asio::read(s, boost::asio::dynamic_buffer(resp), ec);
    const auto body = resp.find("\r\n\r\n");
    return body == std::string::npos ? "" : resp.substr(body + 4);
  } catch (const std::exception&) {
    return "";
  }
}

class SupervisorTest : public exlb::test::HaproxySupervisorFixture {
 protected:
  void adjust(HaproxySupervisorOptions& o) override { o.restartBackoffMin = 100ms; }

  // One listener answering "gen-<n>" so a test sees which file serves.
  std::string config(int generation, std::optional<std::uint16_t> extraPort = {}) const {
    std::string c =
        "global\n"
        "  stats socket " + (dir_ / "haproxy.sock").string() +
        " mode 600 level admin expose-fd listeners\n"
        "  server-state-file " + (dir_ / "server-state").string() + "\n"
        "defaults\n"
        "  mode http\n"
        "  load-server-state-from-file global\n"
        "  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n"
        "frontend web\n"
        "  bind 127.0.0.1:" + std::to_string(port_) + "\n"
        "  http-request return status 200 content-type text/plain string gen-" +
        std::to_string(generation) + "\n";
    if (extraPort) c += "frontend extra\n  bind 127.0.0.1:" + std::to_string(*extraPort) +
                        "\n  http-request return status 200 content-type text/plain string extra\n";
    return c;
  }

  std::vector<ProbeTarget> probes(std::optional<std::uint16_t> extra = {}) const {
    std::vector<ProbeTarget> p{{"web", "127.0.0.1", port_}};
    if (extra) p.push_back({"extra", "127.0.0.1", *extra});
    return p;
  }

  // check() then activate(); returns the outcome.
  v1::ApplyOutcome apply(const std::string& text, std::vector<ProbeTarget> p, bool* refused = nullptr,
                         std::string* refusal = nullptr) {
    std::optional<v1::ApplyOutcome> outcome;
    bool checked = false;
    supervisor_->check(text, [&](bool ok, fs::path candidate, std::string message) {
      checked = true;
      if (!ok) {
        if (refused) *refused = true;
        if (refusal) *refusal = message;
        v1::ApplyOutcome o;
        o.set_result(v1::APPLY_RESULT_REFUSED);
        outcome = o;
        return;
      }
      supervisor_->activate(candidate, p, "t", "e", [&](v1::ApplyOutcome o) { outcome = o; });
    });
    EXPECT_TRUE(runUntil([&] { return outcome.has_value(); }, 30s));
    return outcome.value_or(v1::ApplyOutcome{});
  }
};

TEST_F(SupervisorTest, StartsHaproxyAndServesTheConfiguration) {
  auto o = apply(config(1), probes());
  EXPECT_EQ(o.result(), v1::APPLY_RESULT_APPLIED) << o.message();
  EXPECT_EQ(httpGet(port_), "gen-1");
  auto s = supervisor_->status();
  EXPECT_EQ(s.state(), v1::ENGINE_STATE_RUNNING);
  EXPECT_GT(s.pid(), 0u);
  EXPECT_TRUE(runUntil([&] { return !supervisor_->status().version().empty(); }, 5s));
}

// HAProxy's 32 kB buffers made glibc grow and shrink its heaps all the time
// under TLS load (docs/benchmarks.md, section 1): the master runs with a
// larger trim threshold, and keeps it for the workers it re-executes.
TEST_F(SupervisorTest, HaproxyRunsWithGlibcsTrimThresholdRaised) {
  ASSERT_EQ(apply(config(1), probes()).result(), v1::APPLY_RESULT_APPLIED);
  ASSERT_EQ(apply(config(2), probes()).result(), v1::APPLY_RESULT_APPLIED);
  std::ifstream in("/proc/" + std::to_string(supervisor_->status().pid()) + "/environ");
  std::string env((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(env.find(std::string("GLIBC_TUNABLES=glibc.malloc.trim_threshold=16777216") + '\0'),
            std::string::npos);
}

// Before any reload has saved the servers' states, the state file the
// configuration names must still be one HAProxy reads without a warning
// (an empty file makes every start and every check warn).
TEST_F(SupervisorTest, FirstStartHasAServerStateFileHaproxyReadsWithoutWarning) {
  const fs::path cfg = dir_ / "first.cfg";
  std::ofstream(cfg) << config(1);
  std::optional<std::string> output;
  std::string error;
  ASSERT_GT(runner_.spawn({{"/usr/sbin/haproxy", "-c", "-f", cfg.string()}, "t", true, false, false},
                          [&](ExitStatus status, std::string out) {
                            EXPECT_TRUE(status.ok()) << out;
                            output = out;
                          },
                          error),
            0)
      << error;
  ASSERT_TRUE(runUntil([&] { return output.has_value(); }, 30s));
  EXPECT_EQ(output->find("server state file"), std::string::npos) << *output;
  EXPECT_EQ(output->find("WARNING"), std::string::npos) << *output;
}

TEST_F(SupervisorTest, ReloadMakesTheNewGenerationServeWithoutRestartingTheMaster) {
  ASSERT_EQ(apply(config(1), probes()).result(), v1::APPLY_RESULT_APPLIED);
  const auto pid = supervisor_->status().pid();
  auto o = apply(config(2), probes());
  EXPECT_EQ(o.result(), v1::APPLY_RESULT_APPLIED) << o.message();
  EXPECT_EQ(httpGet(port_), "gen-2");
  EXPECT_EQ(supervisor_->status().pid(), pid);
  EXPECT_EQ(masterReloads(), 1u);
}

TEST_F(SupervisorTest, RefusesAFileHaproxyRejectsAndKeepsServing) {
  ASSERT_EQ(apply(config(1), probes()).result(), v1::APPLY_RESULT_APPLIED);
  bool refused = false;
  std::string why;
  apply(config(2) + "  no-such-keyword here\n", probes(), &refused, &why);
  EXPECT_TRUE(refused);
  EXPECT_NE(why.find("no-such-keyword"), std::string::npos) << why;
  EXPECT_EQ(httpGet(port_), "gen-1");
  EXPECT_EQ(masterReloads(), 0u);
}

TEST_F(SupervisorTest, RollsBackWhenTheNewListenerCannotBind) {
  ASSERT_EQ(apply(config(1), probes()).result(), v1::APPLY_RESULT_APPLIED);
  // Someone else holds the port: `haproxy -c` passes, the reload cannot bind.
  boost::asio::io_context other;
  tcp::acceptor squatter(other, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto taken = squatter.local_endpoint().port();
  auto o = apply(config(2, taken), probes(taken));
  EXPECT_EQ(o.result(), v1::APPLY_RESULT_ROLLED_BACK) << o.message();
  EXPECT_EQ(httpGet(port_), "gen-1");
  EXPECT_EQ(supervisor_->status().state(), v1::ENGINE_STATE_RUNNING);
}

TEST_F(SupervisorTest, RollsBackWhenAProbedListenerDoesNotAccept) {
  ASSERT_EQ(apply(config(1), probes()).result(), v1::APPLY_RESULT_APPLIED);
  // The probe expects a listener that the new file does not open.
  auto o = apply(config(2), probes(freeLoopbackPort()));
  EXPECT_EQ(o.result(), v1::APPLY_RESULT_ROLLED_BACK) << o.message();
  EXPECT_NE(o.message().find("not accepting"), std::string::npos) << o.message();
  EXPECT_EQ(httpGet(port_), "gen-1");
}

TEST_F(SupervisorTest, CoalescesABurstOfChangesIntoFewReloads) {
  ASSERT_EQ(apply(config(1), probes()).result(), v1::APPLY_RESULT_APPLIED);
  constexpr int kBurst = 6;
  std::vector<fs::path> candidates(kBurst);
  int checked = 0;
  for (int i = 0; i < kBurst; ++i)
    supervisor_->check(config(10 + i), [&, i](bool ok, fs::path c, std::string) {
      ASSERT_TRUE(ok);
      candidates[static_cast<std::size_t>(i)] = c;
      ++checked;
    });
  ASSERT_TRUE(runUntil([&] { return checked == kBurst; }, 30s));
  int done = 0;
  for (int i = 0; i < kBurst; ++i)
    supervisor_->activate(candidates[static_cast<std::size_t>(i)], probes(), "b", "e",
                          [&](v1::ApplyOutcome o) {
                            EXPECT_EQ(o.result(), v1::APPLY_RESULT_APPLIED) << o.message();
                            ++done;
                          });
  ASSERT_TRUE(runUntil([&] { return done == kBurst; }, 30s));
  EXPECT_EQ(httpGet(port_), "gen-" + std::to_string(10 + kBurst - 1));
  EXPECT_LT(masterReloads(), static_cast<unsigned>(kBurst));
}

TEST_F(SupervisorTest, RestartsHaproxyAfterACrash) {
  ASSERT_EQ(apply(config(3), probes()).result(), v1::APPLY_RESULT_APPLIED);
  const auto pid = static_cast<pid_t>(supervisor_->status().pid());
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  ASSERT_TRUE(runUntil(
      [&] {
        auto s = supervisor_->status();
        return s.state() == v1::ENGINE_STATE_RUNNING && s.pid() != 0 &&
               static_cast<pid_t>(s.pid()) != pid;
      },
      20s));
  EXPECT_EQ(supervisor_->status().restarts(), 1u);
  EXPECT_TRUE(runUntil([&] { return httpGet(port_) == "gen-3"; }, 5s));
}

TEST_F(SupervisorTest, StopEndsHaproxyAndClosesItsListeners) {
  ASSERT_EQ(apply(config(1), probes()).result(), v1::APPLY_RESULT_APPLIED);
  const auto pid = static_cast<pid_t>(supervisor_->status().pid());
  bool stopped = false;
  supervisor_->stop([&] { stopped = true; });
  ASSERT_TRUE(runUntil([&] { return stopped; }, 10s));
  EXPECT_EQ(supervisor_->status().state(), v1::ENGINE_STATE_STOPPED);
  EXPECT_NE(::kill(pid, 0), 0);
  EXPECT_EQ(httpGet(port_), "");
}

}  // namespace
}  // namespace exlb::agent
