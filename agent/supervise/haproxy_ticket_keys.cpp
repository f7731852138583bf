// HaproxySupervisor: the TLS session-ticket keys every rendered TLS bind line
// names (`tls-ticket-keys <runDir>/tls-ticket-keys`). The file exists before
// the first `haproxy -c` and survives reloads and HAProxy restarts, so
// returning clients resume their sessions across them. Rotation happens at
// run time: the file first (what the next reload or restart reads), then
// `set ssl tls-key` on the stats socket for the running worker, which does
// the same drop-oldest-append-newest; no reload is needed.
#include "log/log.h"
#include "render/haproxy_renderer.h"
#include "supervise/haproxy_supervisor.h"
#include "supervise/haproxy_supervisor_detail.h"
#include "supervise/unix_command.h"

namespace exlb::agent {

namespace fs = std::filesystem;
using namespace supervisor_detail;

namespace {

// A rotation that falls during a reload waits for it: the new worker reads
// the file while it starts, and the command must reach the worker that
// serves afterwards, not the one leaving.
constexpr auto kRetryWhileBusy = std::chrono::milliseconds(1000);
// After a failed write (full or read-only run dir) try again soon.
constexpr auto kRetryAfterFailure = std::chrono::milliseconds(60000);

}  // namespace

fs::path HaproxySupervisor::ticketKeysFile() const {
  // The same string the renderer writes (lexically normal), which is also the
  // id HAProxy's `set ssl tls-key` knows the file by.
  return (options_.runDir / kTlsTicketKeysFileName).lexically_normal();
}

void HaproxySupervisor::prepareTicketKeys() {
  const tls_ticket_keys::KeyFile keys(ticketKeysFile());
  bool created = false;
  std::string error;
  if (!keys.ensure(created, error)) {
    // haproxy -c refuses a TLS bind without its key file: the operator
    // learns why from the apply's refusal and this line.
    log_->error("cannot prepare the TLS session-ticket keys: {}", error);
    return;
  }
  if (created) log_->info("created new TLS session-ticket keys in {}", keys.path().string());
  scheduleTicketRotation(keys.untilDue(options_.ticketKeyRotation));
}

void HaproxySupervisor::scheduleTicketRotation(std::chrono::milliseconds after) {
  ticketTimer_.expires_after(after);
  std::weak_ptr<bool> alive = alive_;
  ticketTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (!ec && !alive.expired()) rotateTicketKeys();
  });
}

void HaproxySupervisor::rotateTicketKeys() {
  if (stopping_) return;
  if (busy_) return scheduleTicketRotation(kRetryWhileBusy);
  const tls_ticket_keys::KeyFile keys(ticketKeysFile());
  std::string error;
  const auto fresh = keys.rotate(error);
  if (!fresh) {
    bool created = false;
    // A damaged file: start over with new keys (clients do one full handshake).
    if (!keys.ensure(created, error)) {
      log_->error("cannot rotate the TLS session-ticket keys: {}", error);
      return scheduleTicketRotation(kRetryAfterFailure);
    }
    log_->warn("the TLS session-ticket keys were unreadable and were replaced: {}", error);
    return scheduleTicketRotation(options_.ticketKeyRotation);
  }
  scheduleTicketRotation(options_.ticketKeyRotation);
  if (masterPid_ == 0) {
    log_->info("rotated the TLS session-ticket keys (HAProxy is not running)");
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  sendUnixCommand(io_, statsSocket(), "set ssl tls-key " + keys.path().string() + " " + *fresh,
                  kCliTimeout, [this, alive](CommandReply reply) {
                    if (alive.expired()) return;
                    if (reply.ok && reply.text.find("updated") != std::string::npos) {
                      log_->info("rotated the TLS session-ticket keys");
                    } else if (reply.ok) {
                      // No TLS bind in the running file: nothing holds the keys.
                      log_->debug("rotated the TLS session-ticket key file; HAProxy: {}",
                                  reply.text);
                    } else {
                      // The worker keeps its keys until the next reload reads the
                      // file: its tickets stay readable, one rotation later.
                      log_->warn("rotated the TLS session-ticket key file, but HAProxy did not "
                                 "take the new key: {}",
                                 reply.error);
                    }
                  });
}

}  // namespace exlb::agent
