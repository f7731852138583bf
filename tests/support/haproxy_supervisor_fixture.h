#pragma once
// The GoogleTest fixture of the tests that run the HAProxy supervisor
// against Debian's real HAProxy (tst_haproxy_supervisor,
// tst_haproxy_ticket_rotation): a temporary run dir, a free loopback port,
// one supervisor on the test's io_context, stopped and cleaned up after
// each test. A test fixture adjusts the options (adjust()) or prepares the
// run dir before the supervisor exists (prepare()).

#include <stdlib.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include "io_wait.h"
#include "supervise/haproxy_cli_parse.h"
#include "supervise/haproxy_supervisor.h"
#include "supervise/process_runner.h"
#include "supervise/unix_command.h"

namespace exlb::test {

// A loopback port nobody listens on right now.
inline std::uint16_t freeLoopbackPort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

class HaproxySupervisorFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/exlb-sup-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    port_ = freeLoopbackPort();
    prepare();
    if (HasFatalFailure()) return;
    agent::HaproxySupervisorOptions o;
    o.runDir = dir_;
    o.stopTimeout = std::chrono::milliseconds(2000);
    adjust(o);
    supervisor_.emplace(io_, runner_, o);
  }
  void TearDown() override {
    if (supervisor_) {
      bool stopped = false;
      supervisor_->stop([&] { stopped = true; });
      runUntil([&] { return stopped; }, std::chrono::seconds(10));
      supervisor_.reset();
    }
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Runs in SetUp once dir_ and port_ exist, before the supervisor is made.
  virtual void prepare() {}
  // Changes the supervisor's options (run dir and a 2 s stop bound are set).
  virtual void adjust(agent::HaproxySupervisorOptions&) {}

  template <typename Pred>
  bool runUntil(Pred pred, std::chrono::milliseconds limit) {
    return runIoUntil(io_, pred, limit);
  }

  // The master's reload count (`show proc`), 9999 when it does not answer.
  unsigned masterReloads() {
    std::optional<agent::CommandReply> reply;
    agent::sendUnixCommand(io_, supervisor_->masterSocket(), "show proc",
                           std::chrono::milliseconds(2000),
                           [&](agent::CommandReply r) { reply = std::move(r); });
    runUntil([&] { return reply.has_value(); }, std::chrono::seconds(5));
    auto t = reply ? agent::parseShowProc(reply->text) : std::nullopt;
    return t ? t->masterReloads : 9999;
  }

  boost::asio::io_context io_;
  agent::ProcessRunner runner_{io_};
  std::optional<agent::HaproxySupervisor> supervisor_;
  std::filesystem::path dir_;
  std::uint16_t port_ = 0;
};

}  // namespace exlb::test
