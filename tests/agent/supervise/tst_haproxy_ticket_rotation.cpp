// The supervisor rotates the TLS session-ticket keys of a running HAProxy
// without a reload, against Debian's real HAProxy: after one rotation a
// client's TLS 1.2 ticket still resumes (its key now only decrypts), after
// a second one it no longer does (its key is gone from HAProxy, not just
// from the file), and HAProxy's keys always equal the file's, so the next
// reload reads what the running worker holds.
#include <openssl/ssl.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <gtest/gtest.h>

#include "haproxy_supervisor_fixture.h"

namespace exlb::agent {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using boost::asio::ip::tcp;

constexpr auto kRotation = 3000ms;

struct Handshake {
  bool ok = false;
  bool reused = false;
  SSL_SESSION* session = nullptr;  // owned by the caller (SSL_SESSION_free)
};

// One TLS 1.2 handshake, offering `offer` for resumption when given.
Handshake tls12(std::uint16_t port, SSL_SESSION* offer) {
  Handshake h;
  try {
    boost::asio::io_context io;
    boost::asio::ssl::context ctx(boost::asio::ssl::context::tls_client);
    SSL_CTX_set_min_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    SSL_CTX_set_max_proto_version(ctx.native_handle(), TLS1_2_VERSION);
    ctx.set_verify_mode(boost::asio::ssl::verify_none);
    boost::asio::ssl::stream<tcp::socket> s(io, ctx);
    s.lowest_layer().connect({boost::asio::ip::make_address("127.0.0.1"), port});
    if (offer) SSL_set_session(s.native_handle(), offer);
    s.handshake(boost::asio::ssl::stream_base::client);
    h.ok = true;
    h.reused = SSL_session_reused(s.native_handle()) == 1;
    h.session = SSL_get1_session(s.native_handle());
    // Closed without a close_notify, OpenSSL would mark the session as
    // not resumable (a "bad" session): say the shutdown is done.
    SSL_set_shutdown(s.native_handle(), SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
  } catch (const std::exception&) {
  }
  return h;
}

class TicketRotationTest : public exlb::test::HaproxySupervisorFixture {
 protected:
  // A test certificate in the run dir for the TLS bind.
  void prepare() override {
    std::optional<ExitStatus> made;
    std::string error;
    runner_.spawn({{"/bin/bash", std::string(EXLB_SOURCE_DIR) + "/tests/support/make_test_cert.sh",
                    "mail.exlb.test", dir_.string(), "cert"},
                   "cert", true, false, true},
                  [&](ExitStatus st, std::string) { made = st; }, error);
    ASSERT_TRUE(runUntil([&] { return made.has_value(); }, 30s));
    ASSERT_TRUE(made->ok());
  }
  void adjust(HaproxySupervisorOptions& o) override { o.ticketKeyRotation = kRotation; }

  std::string config() const {
    return "global\n"
           "  stats socket " + (dir_ / "haproxy.sock").string() +
           " mode 600 level admin expose-fd listeners\n"
           "  server-state-file " + (dir_ / "server-state").string() + "\n"
           "  tune.ssl.lifetime 3600\n"
           "defaults\n"
           "  mode http\n"
           "  timeout connect 1s\n  timeout client 5s\n  timeout server 5s\n"
           "frontend tls\n"
           "  bind 127.0.0.1:" + std::to_string(port_) + " ssl crt " + (dir_ / "cert.pem").string() +
           " tls-ticket-keys " + supervisor_->ticketKeysFile().string() + "\n"
           "  http-request return status 200 content-type text/plain string ok\n";
  }

  std::string fileKeys() const {
    std::ifstream in(supervisor_->ticketKeysFile());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }

  // HAProxy's keys for the file, oldest first, one per line (`show tls-keys *`).
  std::string haproxyKeys() {
    std::optional<CommandReply> reply;
    sendUnixCommand(io_, supervisor_->statsSocket(), "show tls-keys *", 2000ms,
                    [&](CommandReply r) { reply = std::move(r); });
    runUntil([&] { return reply.has_value(); }, 5s);
    std::string keys;
    std::istringstream in(reply->text);
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty() || line[0] == '#') continue;
      const auto space = line.find(' ');
      if (space != std::string::npos) keys += line.substr(space + 1) + "\n";
    }
    return keys;
  }

  // Waits until the file has changed from `before` and HAProxy holds the same keys.
  bool waitForRotation(const std::string& before) {
    return runUntil([&] { return fileKeys() != before && haproxyKeys() == fileKeys(); },
                    kRotation * 4);
  }
};

TEST_F(TicketRotationTest, RotatesTheRunningKeysWithoutAReload) {
  std::optional<v1::ApplyOutcome> outcome;
  supervisor_->check(config(), [&](bool ok, fs::path candidate, std::string message) {
    ASSERT_TRUE(ok) << message;
    supervisor_->activate(candidate, {{"tls", "127.0.0.1", port_}}, "t", "e",
                          [&](v1::ApplyOutcome o) { outcome = o; });
  });
  ASSERT_TRUE(runUntil([&] { return outcome.has_value(); }, 30s));
  ASSERT_EQ(outcome->result(), v1::APPLY_RESULT_APPLIED) << outcome->message();
  EXPECT_EQ(haproxyKeys(), fileKeys());

  // A rotation may fall just after this first ticket; start right after one
  // so the ticket's key has a whole period as the encryption key.
  ASSERT_TRUE(waitForRotation(fileKeys()));
  const std::string afterFirst = fileKeys();
  Handshake first = tls12(port_, nullptr);
  ASSERT_TRUE(first.ok);
  ASSERT_NE(first.session, nullptr);
  EXPECT_FALSE(first.reused);
  Handshake at_once = tls12(port_, first.session);
  EXPECT_TRUE(at_once.reused) << "the ticket resumes before any rotation";
  if (at_once.session) SSL_SESSION_free(at_once.session);

  ASSERT_TRUE(waitForRotation(afterFirst));
  const std::string afterSecond = fileKeys();
  Handshake again = tls12(port_, first.session);
  EXPECT_TRUE(again.ok);
  EXPECT_TRUE(again.reused) << "a ticket one rotation old still resumes";

  ASSERT_TRUE(waitForRotation(afterSecond));
  Handshake late = tls12(port_, first.session);
  EXPECT_TRUE(late.ok);
  EXPECT_FALSE(late.reused) << "two rotations later the ticket's key is gone from HAProxy";

  EXPECT_EQ(masterReloads(), 0u);
  SSL_SESSION_free(first.session);
  if (again.session) SSL_SESSION_free(again.session);
  if (late.session) SSL_SESSION_free(late.session);
}

}  // namespace
}  // namespace exlb::agent
