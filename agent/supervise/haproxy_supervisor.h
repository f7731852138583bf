#pragma once
// Runs Debian's HAProxy as the agent's own child, in master-worker mode, and
// changes its configuration safely:
//
//   check(text)   writes a candidate file under the run dir and runs
//                 `haproxy -c -f` on it; nothing running changes.
//   activate(..)  swaps a checked candidate in as <runDir>/haproxy.cfg and
//                 reloads seamlessly (master CLI `reload`; listeners are handed
//                 over through the stats socket's `expose-fd listeners`).
//                 Activations that arrive while one is in flight are coalesced
//                 into one reload (see coalesceWindow). After the reload it waits for the new worker
//                 generation (`show proc`), then probes: every listener accepts
//                 a TCP connection and the stats socket is answered by the new
//                 worker. If anything fails, the last-known-good file is put
//                 back and reloaded: outcome ROLLED_BACK.
//
// If HAProxy dies it is restarted with exponential backoff (logged, counted).
// stop() is a soft stop (SIGUSR1: old connections may finish) bounded by a
// timeout, then SIGTERM, then SIGKILL.
//
// It also keeps the TLS session-ticket keys that HAProxy's TLS binds share
// across reloads, and rotates them at run time (haproxy_ticket_keys.cpp).
//
// The implementation is split by step: haproxy_supervisor.cpp (state, check),
// haproxy_activation.cpp, haproxy_master.cpp, haproxy_service_control.cpp,
// haproxy_ticket_keys.cpp.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "exlb/v1/status.pb.h"
#include "supervise/child_stop.h"
#include "supervise/engine_record.h"
#include "supervise/haproxy_cli_parse.h"
#include "supervise/process_runner.h"
#include "supervise/tcp_probe.h"
#include "supervise/tls_ticket_keys.h"

namespace spdlog {
class logger;
}

namespace exlb::agent {

struct HaproxySupervisorOptions {
  std::filesystem::path haproxy = "/usr/sbin/haproxy";
  std::filesystem::path runDir;  // haproxy.cfg, master.sock, haproxy.sock, candidates
  // How long a change waits for more before its reload starts. 0: a lone
  // change reloads at once (a burst handed over in one go still coalesces,
  // and changes arriving while a reload is in flight always wait for it and
  // share the next one); a window would only add to every apply's latency.
  std::chrono::milliseconds coalesceWindow{0};
  std::chrono::milliseconds reloadTimeout{15000};
  std::chrono::milliseconds probeTimeout{2000};
  std::chrono::milliseconds stopTimeout{5000};
  std::chrono::milliseconds restartBackoffMin{200};
  std::chrono::milliseconds restartBackoffMax{10000};
  // How often the TLS session-ticket keys (<runDir>/tls-ticket-keys) rotate;
  // see supervise/tls_ticket_keys.h for why this equals the session lifetime.
  std::chrono::milliseconds ticketKeyRotation{tls_ticket_keys::kRotationPeriod};
};

class HaproxySupervisor {
 public:
  using CheckCallback =
      std::function<void(bool ok, std::filesystem::path candidate, std::string message)>;
  using ApplyCallback = std::function<void(v1::ApplyOutcome)>;

  HaproxySupervisor(boost::asio::io_context& io, ProcessRunner& runner,
                    HaproxySupervisorOptions options);
  ~HaproxySupervisor();

  // Writes `text` to a new candidate file and checks it with `haproxy -c`.
  // On refusal `message` carries HAProxy's own alert lines.
  void check(const std::string& text, CheckCallback done);

  // Makes a checked candidate the running configuration (starting HAProxy if
  // it is not running). `probes` are the listeners the candidate must open.
  void activate(std::filesystem::path candidate, std::vector<ProbeTarget> probes,
                std::string applyId, std::string etag, ApplyCallback done);

  // Makes `text` the file HAProxy restarts from (haproxy.cfg and the
  // last-known-good copy) WITHOUT a reload: for changes already applied
  // through the runtime API (server states), so a restart keeps them. Skipped
  // while an activation is in flight or waiting: that reload's file wins and
  // the server-state file carries runtime states across it.
  void adopt(const std::string& text);

  // Stops HAProxy (soft, then by force). `done` runs when it has exited.
  void stop(std::function<void()> done);

  // The Services tab (guide 6). hold() stops HAProxy the same way (traffic
  // stops) but the agent lives on: nothing restarts HAProxy, and an
  // activation meanwhile only installs its checked file as haproxy.cfg, which
  // loads when release() starts HAProxy again. The agent also starts held
  // when HAProxy's startup mode is "manual".
  using ResultCallback = std::function<void(bool ok, std::string message)>;
  void hold(std::function<void()> done);
  void release(ResultCallback done);
  // Reloads haproxy.cfg as it is, seamlessly (the Services tab's reload).
  void reloadNow(ResultCallback done);
  bool held() const { return held_; }

  v1::EngineStatus status() const;
  bool serving() const { return record_.state() == v1::ENGINE_STATE_RUNNING; }
  std::filesystem::path statsSocket() const { return options_.runDir / "haproxy.sock"; }
  std::filesystem::path masterSocket() const { return options_.runDir / "master.sock"; }
  // The key file the rendered bind lines name (renderer: kTlsTicketKeysFileName).
  std::filesystem::path ticketKeysFile() const;
  // The pair's shared ticket-key ring (haproxy_ticket_keys.cpp): the ring in
  // force (oldest first; nullopt when the file is unreadable); a peer's ring
  // installed at run time (the file, then `set ssl tls-key`, never a reload);
  // following a peer (no rotation of its own unless the peer's ring stops
  // coming for two periods); who to tell after a rotation here.
  std::optional<std::vector<std::string>> ticketKeys() const;
  void installTicketKeys(std::vector<std::string> keys, ResultCallback done);
  void setTicketKeysFollowing(bool following);
  void setTicketKeysListener(std::function<void()> listener);
  // Called whenever status() changes (started, died, restarting, stopped).
  void setStatusListener(std::function<void()> listener) { record_.setListener(std::move(listener)); }

 private:
  struct Waiter {
    std::string applyId;
    std::string etag;
    std::int64_t startedMs = 0;
    ApplyCallback done;
  };
  struct Pending {
    std::filesystem::path candidate;
    std::vector<ProbeTarget> probes;
    std::vector<Waiter> waiters;
  };
  using StepCallback = std::function<void(bool ok, std::string message)>;

  void scheduleActivation();
  void runActivation();
  void installAndLoad(const std::filesystem::path& source, StepCallback done);
  void startMaster(StepCallback done);
  void reloadMaster(StepCallback done);
  void waitForGeneration(std::optional<ProcTable> before,
                         std::chrono::steady_clock::time_point deadline, StepCallback done);
  void probe(const std::vector<ProbeTarget>& probes, StepCallback done);
  void finishActivation(Pending pending, v1::ApplyResult result, std::string message);
  void onMasterExit(ExitStatus status);
  void stopMaster(std::function<void()> done);
  void installHeld(Pending pending);
  void scheduleRestart();
  void readVersion();
  void prepareTicketKeys();
  void scheduleTicketRotation(std::chrono::milliseconds after);
  void rotateTicketKeys();
  struct TicketShare;
  TicketShare& ticketShare();
  void sendTicketKeys(std::vector<std::string> keys, std::size_t next, ResultCallback done);

  boost::asio::io_context& io_;
  ProcessRunner& runner_;
  HaproxySupervisorOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  // Guards callbacks that may run after the supervisor is gone.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  pid_t masterPid_ = 0;
  EngineRecord record_;
  ChildStop stop_;
  bool stopping_ = false;
  bool held_ = false;  // stopped by an administrator (or "manual" at start)

  std::optional<Pending> pending_;
  bool busy_ = false;
  bool haveLastGood_ = false;
  std::vector<ProbeTarget> lastGoodProbes_;
  std::uint64_t candidateSeq_ = 0;

  boost::asio::steady_timer coalesceTimer_;
  boost::asio::steady_timer restartTimer_;
  boost::asio::steady_timer pollTimer_;
  boost::asio::steady_timer ticketTimer_;
  std::shared_ptr<TicketShare> ticketShare_;  // created on first use
};

}  // namespace exlb::agent
