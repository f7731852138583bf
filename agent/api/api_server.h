#pragma once
// The management plane's HTTPS server on :4444: the JSON/protobuf API under
// /api/v1/, the live event WebSocket (/api/v1/events) and the built-in web
// page's static assets, behind one authentication (see docs/api.md).
//
// Threading: construct, start() and stop() on the io_context's thread; the
// agent runs its io_context on ONE thread (Appliance's contract), and every
// connection is bound to a strand of it.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>

#include "app/appliance.h"

namespace exlb::agent {

class ApiServerState;
class PairService;
class EngineControl;
class Listener;

class ApiServer {
 public:
  struct Options {
    std::string listen_address = "0.0.0.0";
    std::uint16_t port = 4444;                 // 0: ephemeral (tests)
    std::filesystem::path data_dir;            // accounts.json, audit.log, certs/
    // The management TLS identity (PEM chain + key). Empty: <data_dir>/certs/default.pem,
    // created self-signed (ECDSA P-256) for `host_name` when missing.
    std::filesystem::path certificate_file;
    std::string host_name;                     // empty: the machine's host name
    // Stands for / for what the setup routes read and write outside the data
    // dir (firmware slots, /sys identity). Empty: "/".
    std::filesystem::path system_root;

    // Sessions.
    std::chrono::seconds session_idle_timeout{30 * 60};
    std::chrono::seconds session_absolute_timeout{12 * 60 * 60};
    std::size_t max_sessions = 1024;           // the oldest is evicted beyond this

    // Failed-login throttling (per client address and per account).
    unsigned login_failures_per_account = 5;   // then the account waits, doubling
    unsigned login_failures_per_address = 20;  // then the address waits, doubling
    std::chrono::seconds login_lockout{30};    // first wait; doubles up to 15 minutes

    // Argon2id cost of new password hashes (libsodium crypto_pwhash_str).
    // Tests lower it; the appliance keeps libsodium's "interactive" limits.
    unsigned long long pwhash_ops_limit = 2;                 // crypto_pwhash_OPSLIMIT_INTERACTIVE
    std::size_t pwhash_mem_limit = 64ull * 1024 * 1024;      // crypto_pwhash_MEMLIMIT_INTERACTIVE

    // Hostile-client limits.
    std::size_t max_connections = 256;
    std::size_t max_connections_per_address = 64;
    std::size_t max_event_streams = 64;
    std::size_t header_limit_bytes = 8 * 1024;     // whole request head
    std::size_t body_limit_bytes = 1024 * 1024;
    // The firmware upload (POST /api/v1/firmware, admin only) is streamed to
    // a private file under <data_dir>/uploads/ instead: a bundle holds a
    // root filesystem image.
    std::size_t upload_limit_bytes = 512ull * 1024 * 1024;
    std::chrono::seconds upload_timeout{600};
    std::chrono::seconds handshake_timeout{10};
    std::chrono::seconds request_timeout{15};      // whole request, head + body (slowloris)
    std::chrono::seconds keep_alive_timeout{60};   // idle between requests
    std::size_t audit_read_limit = 1000;           // lines returned by GET /api/v1/audit

    // Open <data_dir>/audit.log on the audit logger in start(), unless the
    // audit logger already has a file sink.
    bool open_audit_log = true;

    // The engines the Services tab drives (must outlive the server). Null:
    // the rows come from the appliance's status and the actions answer 503.
    EngineControl* haproxy_control = nullptr;
    EngineControl* vrrp_control = nullptr;

    // The pair (agent/pair/): serves the /api/v1/ha/ and /api/v1/pair/
    // routes when set; must outlive the server.
    PairService* pair = nullptr;
  };

  ApiServer(boost::asio::io_context& io, Appliance& appliance, Options options);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Loads or creates the TLS identity and the accounts (factory admin/admin),
  // binds and listens. On failure returns false and a sentence in `error`.
  bool start(std::string& error);
  // The bound port (useful with port 0).
  std::uint16_t port() const;
  // Designed shutdown: stops accepting, closes every connection and event
  // stream (WebSocket close frame, then by force). Idempotent.
  void stop();

 private:
  std::shared_ptr<ApiServerState> state_;
  std::shared_ptr<Listener> listener_;
};

}  // namespace exlb::agent
