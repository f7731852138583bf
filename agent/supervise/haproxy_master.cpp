// HaproxySupervisor: the HAProxy master process. Start (-W -S), seamless
// reload through the master CLI, the wait for the new worker generation,
// restart with backoff after a death, and the bounded soft stop.
#include <signal.h>

#include <algorithm>

#include <boost/asio/post.hpp>

#include "log/log.h"
#include "supervise/haproxy_supervisor.h"
#include "supervise/haproxy_supervisor_detail.h"
#include "supervise/run_dir_file.h"
#include "supervise/unix_command.h"

namespace exlb::agent {

namespace fs = std::filesystem;
using namespace supervisor_detail;

void HaproxySupervisor::startMaster(StepCallback done) {
  restartTimer_.cancel();
  std::error_code ignored;
  fs::remove(masterSocket(), ignored);
  std::string error;
  std::weak_ptr<bool> alive = alive_;
  const pid_t pid = runner_.spawn(
      {{options_.haproxy.string(), "-W", "-S", masterSocket().string(), "-f",
        (options_.runDir / "haproxy.cfg").string()},
       "haproxy",
       false,
       true},
      [this, alive](ExitStatus status, std::string) {
        // The pid is captured through masterPid_ at exit time.
        if (!alive.expired()) onMasterExit(status);
      },
      error, {kHaproxyMallocTunables});
  if (pid < 0) return done(false, "cannot start HAProxy: " + error);
  masterPid_ = pid;
  record_.started();
  log_->info("started HAProxy master pid {} ({} -W -S {} -f {})", pid, options_.haproxy.string(),
             masterSocket().string(), (options_.runDir / "haproxy.cfg").string());
  waitForGeneration(std::nullopt, std::chrono::steady_clock::now() + options_.reloadTimeout,
                    [this, done = std::move(done)](bool ok, std::string msg) {
                      if (ok) record_.setState(v1::ENGINE_STATE_RUNNING);
                      done(ok, std::move(msg));
                    });
}

void HaproxySupervisor::reloadMaster(StepCallback done) {
  const auto deadline = std::chrono::steady_clock::now() + options_.reloadTimeout;
  // Two questions before the reload, asked at once (both are on every
  // apply's path): the master's process table, to recognise the new
  // generation afterwards, and the servers' states (health, drain), which
  // HAProxy reads back at start (server-state-file in the rendered config).
  struct Asked {
    std::optional<CommandReply> proc;
    std::optional<CommandReply> state;
    StepCallback done;
  };
  auto asked = std::make_shared<Asked>();
  asked->done = std::move(done);
  std::weak_ptr<bool> alive = alive_;
  auto whenBoth = [this, alive, asked, deadline] {
    if (alive.expired() || !asked->proc || !asked->state) return;
    auto before = asked->proc->ok ? parseShowProc(asked->proc->text) : std::nullopt;
    if (!before)
      return asked->done(false, "the HAProxy master does not answer: " + asked->proc->error);
    std::string error;
    if (asked->state->ok && !writeRunFile(options_.runDir / "server-state", asked->state->text, error))
      log_->warn("cannot keep the servers' state across the reload: {}", error);
    // The master re-executes itself and closes this connection; the new
    // generation is awaited below, never inferred from the command.
    sendUnixCommand(io_, masterSocket(), "reload", kCliTimeout, [](CommandReply) {});
    waitForGeneration(before, deadline, std::move(asked->done));
  };
  sendUnixCommand(io_, masterSocket(), "show proc", kCliTimeout,
                  [asked, whenBoth](CommandReply reply) {
                    asked->proc = std::move(reply);
                    whenBoth();
                  });
  sendUnixCommand(io_, statsSocket(), "show servers state", kCliTimeout,
                  [asked, whenBoth](CommandReply reply) {
                    asked->state = std::move(reply);
                    whenBoth();
                  });
}

void HaproxySupervisor::waitForGeneration(std::optional<ProcTable> before,
                                          std::chrono::steady_clock::time_point deadline,
                                          StepCallback done) {
  if (masterPid_ == 0) return done(false, "HAProxy exited while loading the configuration");
  if (std::chrono::steady_clock::now() > deadline)
    return done(false, "timed out waiting for HAProxy's new worker");
  auto again = [this, before, deadline, done](const std::string&) {
    pollTimer_.expires_after(kPollInterval);
    std::weak_ptr<bool> alive = alive_;
    pollTimer_.async_wait([this, alive, before, deadline, done](const boost::system::error_code& ec) {
      if (alive.expired()) return;
      if (ec) return done(false, "cancelled");
      waitForGeneration(before, deadline, done);
    });
  };
  sendUnixCommand(io_, masterSocket(), "show proc", kCliTimeout,
                  [this, before, done, again](CommandReply reply) {
    if (!reply.ok) return again(reply.error);
    auto table = parseShowProc(reply.text);
    if (!table) return again("unreadable show proc");
    if (before && table->failedReloads > before->failedReloads)
      return done(false, "HAProxy could not load the new configuration (its log says why)");
    auto worker = table->currentWorker();
    if (!worker) return again("no worker yet");
    if (before) {
      const bool newGeneration = table->masterReloads > before->masterReloads &&
                                 std::none_of(before->workers.begin(), before->workers.end(),
                                              [&](const ProcWorker& w) { return w.pid == *worker; });
      if (!newGeneration) return again("old generation");
    }
    // The new generation must be the one answering on the stats socket (it
    // took the listening sockets over).
    const pid_t expected = *worker;
    sendUnixCommand(io_, statsSocket(), "show info", kCliTimeout,
                    [done, again, expected](CommandReply info) {
                      if (!info.ok) return again(info.error);
                      auto fields = parseShowInfo(info.text);
                      auto it = fields.find("Pid");
                      if (it == fields.end() || it->second != std::to_string(expected))
                        return again("stats socket served by an old worker");
                      done(true, "");
                    });
  });
}

void HaproxySupervisor::onMasterExit(ExitStatus status) {
  const pid_t pid = masterPid_;
  masterPid_ = 0;
  if (stopping_ || held_) {
    log_->info("HAProxy master pid {} stopped ({})", pid, status.describe());
    record_.setState(v1::ENGINE_STATE_STOPPED);
    stop_.finished();
    return;
  }
  const auto restarts = record_.countRestart();
  log_->error("HAProxy master pid {} exited unexpectedly ({}); restart #{} in {} ms", pid,
              status.describe(), restarts, record_.peekBackoff().count());
  record_.setState(v1::ENGINE_STATE_RESTARTING);
  if (!busy_) scheduleRestart();
}

void HaproxySupervisor::scheduleRestart() {
  if (stopping_ || held_) return;
  restartTimer_.expires_after(record_.nextBackoff());
  std::weak_ptr<bool> alive = alive_;
  restartTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || alive.expired() || busy_ || stopping_ || held_ || masterPid_ != 0) return;
    busy_ = true;
    startMaster([this](bool ok, std::string msg) {
      busy_ = false;
      if (ok) {
        log_->info("HAProxy restarted (pid {})", masterPid_);
      } else {
        log_->error("HAProxy restart failed: {}", msg);
        if (masterPid_ == 0) scheduleRestart();
      }
      if (pending_) scheduleActivation();
    });
  });
}

void HaproxySupervisor::stopMaster(std::function<void()> done) {
  if (masterPid_ == 0) {
    record_.setState(v1::ENGINE_STATE_STOPPED);
    boost::asio::post(io_, std::move(done));
    return;
  }
  if (!stop_.underWay())
    log_->info("stopping HAProxy master pid {} (soft stop, at most {} ms)", masterPid_,
               options_.stopTimeout.count());
  // SIGUSR1: stop listening, let established connections finish; then
  // SIGTERM, then SIGKILL to the master and its workers.
  stop_.begin(masterPid_,
              {{SIGUSR1, options_.stopTimeout, false}, {SIGTERM, kKillGrace, false}, {SIGKILL, {}, true}},
              std::move(done));
}

}  // namespace exlb::agent
