// HaproxySupervisor: the TLS session-ticket keys every rendered TLS bind line
// names (`tls-ticket-keys <runDir>/tls-ticket-keys`). The file exists before
// the first `haproxy -c` and survives reloads and HAProxy restarts, so
// returning clients resume their sessions across them. Rotation happens at
// run time: the file first (what the next reload or restart reads), then
// `set ssl tls-key` on the stats socket for the running worker, which does
// the same drop-oldest-append-newest; no reload is needed.
//
// A pair shares one ring (agent/pair/pair_ticket_keys.cpp): the node that
// receives its peer's ring installs it the same way (file, then one
// `set ssl tls-key` per key the worker lacks) and, while it follows its peer,
// rotates on its own only when no ring came for two periods.
#include <boost/asio/post.hpp>

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
// A ring that arrives during a reload waits for it the same way, polling at
// this pace, for at most kInstallWaitLimit (a reload's own bound is 15 s).
constexpr auto kInstallRetry = std::chrono::milliseconds(200);
constexpr auto kInstallWaitLimit = std::chrono::milliseconds(20000);

// How many keys at the start of `next` the file already ends with: those the
// worker holds already, so only the rest are sent (one `set ssl tls-key`
// each, as a rotation does).
std::size_t overlap(const std::optional<std::vector<std::string>>& current,
                    const std::vector<std::string>& next) {
  if (!current) return 0;
  for (std::size_t k = std::min(current->size(), next.size()); k > 0; --k) {
    if (std::equal(next.begin(), next.begin() + static_cast<std::ptrdiff_t>(k),
                   current->end() - static_cast<std::ptrdiff_t>(k)))
      return k;
  }
  return 0;
}

}  // namespace

struct HaproxySupervisor::TicketShare {
  bool following = false;          // this node takes its peer's ring
  bool installing = false;         // `set ssl tls-key` commands in flight
  std::function<void()> listener;  // told after a rotation here
  // A ring that waits for a reload to end (installTicketKeys).
  struct Waiting {
    std::vector<std::string> keys;
    ResultCallback done;
  };
  std::optional<Waiting> waiting;
  std::optional<std::chrono::steady_clock::time_point> waitUntil;
  std::unique_ptr<boost::asio::steady_timer> timer;
};

HaproxySupervisor::TicketShare& HaproxySupervisor::ticketShare() {
  if (!ticketShare_) ticketShare_ = std::make_shared<TicketShare>();
  return *ticketShare_;
}

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
  if (busy_ || ticketShare().installing) return scheduleTicketRotation(kRetryWhileBusy);
  const tls_ticket_keys::KeyFile keys(ticketKeysFile());
  // A follower's ring is rewritten whenever its peer's arrives; it rotates on
  // its own only when that stopped for two periods (the peer is unreachable
  // then too, unless something is wrong with its rotation).
  const auto period = ticketShare().following ? 2 * options_.ticketKeyRotation
                                              : options_.ticketKeyRotation;
  if (const auto left = keys.untilDue(period); left.count() > 0)
    return scheduleTicketRotation(left);
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
  if (auto& listener = ticketShare().listener) boost::asio::post(io_, listener);
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

std::optional<std::vector<std::string>> HaproxySupervisor::ticketKeys() const {
  return tls_ticket_keys::KeyFile(ticketKeysFile()).read();
}

void HaproxySupervisor::setTicketKeysListener(std::function<void()> listener) {
  ticketShare().listener = std::move(listener);
}

void HaproxySupervisor::setTicketKeysFollowing(bool following) {
  if (ticketShare().following == following) return;
  ticketShare().following = following;
  log_->info(following ? "TLS session-ticket keys: following the pair's peer (no rotation here "
                         "while its keys arrive)"
                       : "TLS session-ticket keys: rotating on this node");
  if (!stopping_) scheduleTicketRotation(std::chrono::milliseconds{0});  // re-reads the due time
}

void HaproxySupervisor::installTicketKeys(std::vector<std::string> keys, ResultCallback done) {
  std::string error;
  if (!tls_ticket_keys::checkRing(keys, error)) return done(false, error);
  if (stopping_) return done(false, "HAProxy is stopping");
  // A reload reads the file while its new worker starts, and a command sent
  // meanwhile may reach the worker that leaves: wait for it (bounded). A
  // newer ring that arrives meanwhile replaces the waiting one.
  auto& share = ticketShare();
  if (busy_ || share.installing) {
    const auto now = std::chrono::steady_clock::now();
    if (!share.waitUntil) share.waitUntil = now + kInstallWaitLimit;
    if (share.waiting) share.waiting->done(false, "a newer ring arrived meanwhile");
    share.waiting.reset();
    if (now > *share.waitUntil) {
      share.waitUntil.reset();
      return done(false, "HAProxy stayed busy with a reload");
    }
    share.waiting = TicketShare::Waiting{std::move(keys), std::move(done)};
    if (!share.timer) share.timer = std::make_unique<boost::asio::steady_timer>(io_);
    share.timer->expires_after(kInstallRetry);
    std::weak_ptr<bool> alive = alive_;
    share.timer->async_wait([this, alive](const boost::system::error_code& ec) {
      if (ec || alive.expired() || !ticketShare().waiting) return;
      auto waiting = std::move(*ticketShare().waiting);
      ticketShare().waiting.reset();
      installTicketKeys(std::move(waiting.keys), std::move(waiting.done));
    });
    return;
  }
  share.waitUntil.reset();
  const tls_ticket_keys::KeyFile file(ticketKeysFile());
  const auto current = file.read();
  if (current == keys) return done(true, "this node holds these keys already");
  if (!file.replace(keys, error)) return done(false, error);
  // The file is fresh: the next rotation here is a full period (or two) away.
  scheduleTicketRotation(std::chrono::milliseconds{0});
  if (masterPid_ == 0 || held_) return done(true, "key file written (HAProxy is not running)");
  const std::size_t held = overlap(current, keys);
  keys.erase(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(held));
  ticketShare().installing = true;
  sendTicketKeys(std::move(keys), 0, std::move(done));
}

// One `set ssl tls-key` per key, oldest first: each drops the worker's oldest
// key and appends the one sent, so after the last the worker holds the ring
// the file holds, in the same order.
void HaproxySupervisor::sendTicketKeys(std::vector<std::string> keys, std::size_t next,
                                       ResultCallback done) {
  if (next == keys.size()) {
    ticketShare().installing = false;
    return done(true, "installed in the running HAProxy");
  }
  const std::string command = "set ssl tls-key " + ticketKeysFile().string() + " " + keys[next];
  std::weak_ptr<bool> alive = alive_;
  sendUnixCommand(io_, statsSocket(), command, kCliTimeout,
                  [this, alive, keys = std::move(keys), next,
                   done = std::move(done)](CommandReply reply) mutable {
                    if (alive.expired()) return;
                    if (reply.ok && reply.text.find("updated") != std::string::npos)
                      return sendTicketKeys(std::move(keys), next + 1, std::move(done));
                    ticketShare().installing = false;
                    // No TLS bind in the running file: nothing holds keys, the
                    // file is what a later reload reads.
                    if (reply.ok) return done(true, "key file written (HAProxy: " + reply.text + ")");
                    // The worker keeps its keys until the next reload reads the file.
                    done(false, "the running HAProxy did not take the keys: " + reply.error);
                  });
}

}  // namespace exlb::agent
