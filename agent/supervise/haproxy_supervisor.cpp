#include "supervise/haproxy_supervisor.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>

#include <boost/asio/post.hpp>

#include "log/log.h"
#include "supervise/unix_command.h"

namespace exlb::agent {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

constexpr auto kCliTimeout = 2000ms;
constexpr auto kPollInterval = 25ms;
constexpr auto kKillGrace = 2000ms;
// A master that ran this long before dying starts the backoff from scratch.
constexpr auto kStableRun = 30s;

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Writes `content` to `target` through a temporary file and a rename, so
// HAProxy's master never reads half a file.
bool writeAtomically(const fs::path& target, const std::string& content, std::string& error) {
  const fs::path tmp = target.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
    return false;
  }
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  ::fsync(fd);
  ::close(fd);
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    error = "cannot rename " + tmp.string() + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool readFile(const fs::path& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

bool copyAtomically(const fs::path& from, const fs::path& to, std::string& error) {
  std::string content;
  if (!readFile(from, content)) {
    error = "cannot read " + from.string();
    return false;
  }
  return writeAtomically(to, content, error);
}

// HAProxy's check output, reduced to the sentences an administrator needs:
// "[ALERT]    (123) : config : parsing [f:3] : unknown keyword" -> the text
// after the pid.
std::string alertsOf(const std::string& output) {
  static const std::regex prefix(R"(^\[(ALERT|EMERG)\]\s+\(\d+\)\s*:\s*)");
  std::istringstream in(output);
  std::string line;
  std::string result;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, prefix)) continue;
    if (!result.empty()) result += "\n";
    result += line.substr(static_cast<std::size_t>(m.length(0)));
  }
  if (result.empty()) result = output;
  while (!result.empty() && (result.back() == '\n' || result.back() == ' ')) result.pop_back();
  return result;
}

}  // namespace

HaproxySupervisor::HaproxySupervisor(boost::asio::io_context& io, ProcessRunner& runner,
                                     HaproxySupervisorOptions options)
    : io_(io),
      runner_(runner),
      options_(std::move(options)),
      log_(moduleLogger("supervisor")),
      backoff_(options_.restartBackoffMin),
      coalesceTimer_(io),
      restartTimer_(io),
      stopTimer_(io),
      pollTimer_(io) {
  // The rendered configuration names a server-state file. Until the first
  // reload saves one, give HAProxy a valid file with no server in it: just
  // the format's version line (an empty file makes HAProxy warn "Can't get
  // version of the global server state file" on every start and check).
  std::error_code ec;
  const auto stateFile = options_.runDir / "server-state";
  if (!fs::exists(stateFile, ec) || fs::file_size(stateFile, ec) == 0) {
    std::string error;
    if (!writeAtomically(stateFile, "1\n", error))
      log_->warn("cannot write an empty server-state file: {}", error);
  }
  readVersion();
}

HaproxySupervisor::~HaproxySupervisor() { *alive_ = false; }

void HaproxySupervisor::readVersion() {
  std::string error;
  std::weak_ptr<bool> alive = alive_;
  runner_.spawn({{options_.haproxy.string(), "-v"}, "haproxy", true, false},
                [this, alive](ExitStatus, std::string output) {
                  if (alive.expired()) return;
                  static const std::regex re(R"(HAProxy version (\S+))");
                  std::smatch m;
                  if (std::regex_search(output, m, re)) version_ = m[1];
                },
                error);
  if (!error.empty()) log_->error("cannot run {}: {}", options_.haproxy.string(), error);
}

// ---- check ---------------------------------------------------------------

void HaproxySupervisor::check(const std::string& text, CheckCallback done) {
  const fs::path candidate =
      options_.runDir / ("haproxy.candidate-" + std::to_string(++candidateSeq_) + ".cfg");
  std::string error;
  if (!writeAtomically(candidate, text, error)) {
    boost::asio::post(io_, [done = std::move(done), error] { done(false, {}, error); });
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  const pid_t pid = runner_.spawn(
      {{options_.haproxy.string(), "-c", "-f", candidate.string()}, "haproxy-check", true,
       false},
      [alive, candidate, done](ExitStatus status, std::string output) {
        if (alive.expired()) return;
        if (status.ok()) return done(true, candidate, "");
        std::error_code ignored;
        fs::remove(candidate, ignored);
        std::string why = alertsOf(output);
        if (why.empty()) why = "haproxy -c failed (" + status.describe() + ")";
        done(false, {}, "HAProxy refused the configuration: " + why);
      },
      error);
  if (pid < 0) {
    boost::asio::post(io_, [done = std::move(done), error] {
      done(false, {}, "cannot run haproxy -c: " + error);
    });
  }
}

// ---- activate ------------------------------------------------------------

void HaproxySupervisor::activate(fs::path candidate, std::vector<ProbeTarget> probes,
                                 std::string applyId, std::string etag, ApplyCallback done) {
  Waiter waiter{std::move(applyId), std::move(etag), nowMs(), std::move(done)};
  if (stopping_) {
    v1::ApplyOutcome o;
    o.set_apply_id(waiter.applyId);
    o.set_config_etag(waiter.etag);
    o.set_result(v1::APPLY_RESULT_REFUSED);
    o.set_message("the agent is stopping");
    boost::asio::post(io_, [o, cb = std::move(waiter.done)] { cb(o); });
    return;
  }
  if (held_ && !busy_) {
    Pending now{std::move(candidate), std::move(probes), {}};
    now.waiters.push_back(std::move(waiter));
    installHeld(std::move(now));
    return;
  }
  if (pending_) {
    // Coalesced: only the newest configuration is loaded, and every waiter
    // learns the outcome of that one reload.
    log_->info("apply {} coalesced with {} waiting change(s)", waiter.applyId,
               pending_->waiters.size());
    std::error_code ignored;
    if (pending_->candidate != candidate) fs::remove(pending_->candidate, ignored);
    pending_->candidate = std::move(candidate);
    pending_->probes = std::move(probes);
    pending_->waiters.push_back(std::move(waiter));
  } else {
    pending_ = Pending{std::move(candidate), std::move(probes), {}};
    pending_->waiters.push_back(std::move(waiter));
  }
  if (!busy_) scheduleActivation();
}

void HaproxySupervisor::scheduleActivation() {
  coalesceTimer_.expires_after(options_.coalesceWindow);
  std::weak_ptr<bool> alive = alive_;
  coalesceTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (!ec && !alive.expired()) runActivation();
  });
}

void HaproxySupervisor::runActivation() {
  if (busy_ || !pending_ || stopping_) return;
  if (held_) {
    auto p = std::move(*pending_);
    pending_.reset();
    return installHeld(std::move(p));
  }
  busy_ = true;
  auto p = std::make_shared<Pending>(std::move(*pending_));
  pending_.reset();
  log_->info("apply {}: loading {}", p->waiters.back().applyId, p->candidate.filename().string());

  auto rollback = [this, p](std::string why) {
    if (stopping_) return finishActivation(std::move(*p), v1::APPLY_RESULT_REFUSED, why);
    if (!haveLastGood_) {
      if (masterPid_ == 0)
        return finishActivation(std::move(*p), v1::APPLY_RESULT_REFUSED,
                                "HAProxy could not start with this configuration: " + why);
      // Nothing better is known: keep serving what does work.
      return finishActivation(std::move(*p), v1::APPLY_RESULT_APPLIED,
                              "applied, but the probe failed: " + why);
    }
    log_->error("apply {}: {}; restoring the last-known-good configuration",
                p->waiters.back().applyId, why);
    installAndLoad(options_.runDir / "haproxy.last-good.cfg",
                   [this, p, why](bool ok, std::string msg) {
                     auto finish = [this, p, why](bool restored, std::string m) {
                       finishActivation(std::move(*p), v1::APPLY_RESULT_ROLLED_BACK,
                                        why + (restored ? "; the last-known-good configuration "
                                                          "was restored"
                                                        : "; restoring the last-known-good "
                                                          "configuration also failed: " + m));
                     };
                     if (!ok) return finish(false, msg);
                     probe(lastGoodProbes_, finish);
                   });
  };

  installAndLoad(p->candidate, [this, p, rollback](bool ok, std::string msg) {
    if (!ok) return rollback(msg);
    probe(p->probes, [this, p, rollback](bool probed, std::string why) {
      if (!probed) return rollback(why);
      std::string error;
      if (copyAtomically(p->candidate, options_.runDir / "haproxy.last-good.cfg", error)) {
        haveLastGood_ = true;
        lastGoodProbes_ = p->probes;
      } else {
        log_->error("cannot keep the last-known-good configuration: {}", error);
      }
      finishActivation(std::move(*p), v1::APPLY_RESULT_APPLIED, "applied");
    });
  });
}

void HaproxySupervisor::installHeld(Pending p) {
  // Checked by `haproxy -c` already; it loads when HAProxy is started.
  std::string error;
  const bool ok = copyAtomically(p.candidate, options_.runDir / "haproxy.cfg", error);
  std::error_code ignored;
  fs::remove(p.candidate, ignored);
  const auto finished = nowMs();
  for (auto& w : p.waiters) {
    v1::ApplyOutcome o;
    o.set_apply_id(w.applyId);
    o.set_config_etag(w.etag);
    o.set_result(ok ? v1::APPLY_RESULT_APPLIED : v1::APPLY_RESULT_REFUSED);
    o.set_message(ok ? "stored; HAProxy is stopped (Services tab) and loads this configuration "
                       "when it is started"
                     : error);
    o.set_started_unix_ms(w.startedMs);
    o.set_finished_unix_ms(finished);
    o.set_reloaded(false);
    log_->info("apply {}: {}", w.applyId, o.message());
    if (w.done) w.done(o);
  }
}

void HaproxySupervisor::adopt(const std::string& text) {
  if (busy_ || pending_ || stopping_) return;
  std::string error;
  if (!writeAtomically(options_.runDir / "haproxy.cfg", text, error) ||
      (haveLastGood_ && !writeAtomically(options_.runDir / "haproxy.last-good.cfg", text, error)))
    log_->error("cannot record the runtime change in the configuration file: {}", error);
}

void HaproxySupervisor::finishActivation(Pending p, v1::ApplyResult result, std::string message) {
  std::error_code ignored;
  fs::remove(p.candidate, ignored);
  busy_ = false;
  const auto finished = nowMs();
  for (auto& w : p.waiters) {
    v1::ApplyOutcome o;
    o.set_apply_id(w.applyId);
    o.set_config_etag(w.etag);
    o.set_result(result);
    o.set_message(message);
    o.set_started_unix_ms(w.startedMs);
    o.set_finished_unix_ms(finished);
    o.set_reloaded(true);
    if (result == v1::APPLY_RESULT_APPLIED)
      log_->info("apply {}: {}", w.applyId, message);
    else
      log_->error("apply {}: {} ({})", w.applyId, v1::ApplyResult_Name(result), message);
    if (w.done) w.done(o);
  }
  if (stopping_) return;
  if (masterPid_ == 0) scheduleRestart();
  if (pending_) scheduleActivation();
}

void HaproxySupervisor::installAndLoad(const fs::path& source, StepCallback done) {
  if (stopping_) return done(false, "the agent is stopping");
  if (held_) return done(false, "HAProxy was stopped by an administrator");
  std::string error;
  if (!copyAtomically(source, options_.runDir / "haproxy.cfg", error)) return done(false, error);
  if (masterPid_ != 0)
    reloadMaster(std::move(done));
  else
    startMaster(std::move(done));
}

// ---- master process ------------------------------------------------------

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
      error);
  if (pid < 0) return done(false, "cannot start HAProxy: " + error);
  masterPid_ = pid;
  lastStart_ = std::chrono::steady_clock::now();
  startedMs_ = nowMs();
  log_->info("started HAProxy master pid {} ({} -W -S {} -f {})", pid, options_.haproxy.string(),
             masterSocket().string(), (options_.runDir / "haproxy.cfg").string());
  waitForGeneration(std::nullopt, std::chrono::steady_clock::now() + options_.reloadTimeout,
                    [this, done = std::move(done)](bool ok, std::string msg) {
                      if (ok) setState(v1::ENGINE_STATE_RUNNING);
                      done(ok, std::move(msg));
                    });
}

void HaproxySupervisor::reloadMaster(StepCallback done) {
  auto deadline = std::chrono::steady_clock::now() + options_.reloadTimeout;
  sendUnixCommand(io_, masterSocket(), "show proc", kCliTimeout,
                  [this, done = std::move(done), deadline](CommandReply reply) mutable {
    auto before = reply.ok ? parseShowProc(reply.text) : std::nullopt;
    if (!before) return done(false, "the HAProxy master does not answer: " + reply.error);
    // Keep the servers' states (health, drain) across the reload: HAProxy
    // reads this file at start (server-state-file in the rendered config).
    sendUnixCommand(io_, statsSocket(), "show servers state", kCliTimeout,
                    [this, before, done = std::move(done), deadline](CommandReply state) mutable {
      std::string error;
      if (state.ok && !writeAtomically(options_.runDir / "server-state", state.text, error))
        log_->warn("cannot keep the servers' state across the reload: {}", error);
      // The master re-executes itself and closes this connection; the new
      // generation is awaited below, never inferred from the command.
      sendUnixCommand(io_, masterSocket(), "reload", kCliTimeout, [](CommandReply) {});
      waitForGeneration(before, deadline, std::move(done));
    });
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

void HaproxySupervisor::probe(const std::vector<ProbeTarget>& probes, StepCallback done) {
  probeListeners(io_, probes, options_.probeTimeout,
                 [done = std::move(done)](std::vector<ProbeResult> results) {
                   std::string failed;
                   for (const auto& r : results) {
                     if (r.accepting) continue;
                     if (!failed.empty()) failed += ", ";
                     failed += r.name + " (" + r.error + ")";
                   }
                   if (failed.empty()) return done(true, "");
                   done(false, "listeners not accepting connections: " + failed);
                 });
}

void HaproxySupervisor::onMasterExit(ExitStatus status) {
  const pid_t pid = masterPid_;
  masterPid_ = 0;
  if (stopping_ || held_) {
    log_->info("HAProxy master pid {} stopped ({})", pid, status.describe());
    stopTimer_.cancel();
    setState(v1::ENGINE_STATE_STOPPED);
    if (stopDone_) {
      auto cb = std::move(stopDone_);
      stopDone_ = nullptr;
      cb();
    }
    return;
  }
  ++restarts_;
  log_->error("HAProxy master pid {} exited unexpectedly ({}); restart #{} in {} ms", pid,
              status.describe(), restarts_,
              std::chrono::steady_clock::now() - lastStart_ > kStableRun
                  ? options_.restartBackoffMin.count()
                  : backoff_.count());
  setState(v1::ENGINE_STATE_RESTARTING);
  if (!busy_) scheduleRestart();
}

void HaproxySupervisor::scheduleRestart() {
  if (stopping_ || held_) return;
  if (std::chrono::steady_clock::now() - lastStart_ > kStableRun) backoff_ = options_.restartBackoffMin;
  restartTimer_.expires_after(backoff_);
  backoff_ = std::min(backoff_ * 2, options_.restartBackoffMax);
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

// ---- stop and status -----------------------------------------------------

void HaproxySupervisor::stop(std::function<void()> done) {
  stopping_ = true;
  coalesceTimer_.cancel();
  restartTimer_.cancel();
  if (pending_) {
    auto p = std::move(*pending_);
    pending_.reset();
    for (auto& w : p.waiters) {
      v1::ApplyOutcome o;
      o.set_apply_id(w.applyId);
      o.set_config_etag(w.etag);
      o.set_result(v1::APPLY_RESULT_REFUSED);
      o.set_message("the agent is stopping");
      if (w.done) w.done(o);
    }
  }
  stopMaster(std::move(done));
}

void HaproxySupervisor::hold(std::function<void()> done) {
  held_ = true;
  restartTimer_.cancel();
  if (pending_ && !busy_) {
    coalesceTimer_.cancel();
    auto p = std::move(*pending_);
    pending_.reset();
    installHeld(std::move(p));
  }
  stopMaster(std::move(done));
}

void HaproxySupervisor::release(ResultCallback done) {
  auto answer = [this, done](bool ok, std::string message) {
    boost::asio::post(io_, [done, ok, message] { done(ok, message); });
  };
  if (stopping_) return answer(false, "the agent is stopping");
  if (stopDone_) return answer(false, "HAProxy is still stopping; try again in a moment");
  held_ = false;
  if (masterPid_ != 0) return answer(true, "HAProxy is already running");
  if (busy_) return answer(false, "a configuration change is in progress; try again");
  busy_ = true;
  startMaster([this, done](bool ok, std::string message) {
    busy_ = false;
    if (!ok && masterPid_ == 0) held_ = true;  // stays stopped until someone starts it again
    if (pending_) scheduleActivation();
    done(ok, ok ? "HAProxy started (pid " + std::to_string(masterPid_) + ")"
                : "HAProxy could not start: " + message);
  });
}

void HaproxySupervisor::reloadNow(ResultCallback done) {
  auto answer = [this, done](bool ok, std::string message) {
    boost::asio::post(io_, [done, ok, message] { done(ok, message); });
  };
  if (masterPid_ == 0 || held_) return answer(false, "HAProxy is not running; start it instead");
  if (busy_ || pending_)
    return answer(false, "a configuration change is being applied and reloads HAProxy already");
  busy_ = true;
  reloadMaster([this, done](bool ok, std::string message) {
    busy_ = false;
    if (pending_) scheduleActivation();
    done(ok, ok ? "HAProxy reloaded seamlessly" : "the reload failed: " + message);
  });
}

void HaproxySupervisor::stopMaster(std::function<void()> done) {
  if (masterPid_ == 0) {
    setState(v1::ENGINE_STATE_STOPPED);
    boost::asio::post(io_, std::move(done));
    return;
  }
  if (stopDone_) {
    // Already stopping: both callers learn when it has exited.
    stopDone_ = [first = std::move(stopDone_), second = std::move(done)] {
      first();
      second();
    };
    return;
  }
  stopDone_ = std::move(done);
  const pid_t pid = masterPid_;
  log_->info("stopping HAProxy master pid {} (soft stop, at most {} ms)", pid,
             options_.stopTimeout.count());
  // SIGUSR1: stop listening, let established connections finish.
  runner_.signal(pid, SIGUSR1);
  stopTimer_.expires_after(options_.stopTimeout);
  std::weak_ptr<bool> alive = alive_;
  stopTimer_.async_wait([this, alive, pid](const boost::system::error_code& ec) {
    if (ec || alive.expired() || masterPid_ != pid) return;
    log_->warn("HAProxy did not stop in time: SIGTERM");
    runner_.signal(pid, SIGTERM);
    stopTimer_.expires_after(kKillGrace);
    stopTimer_.async_wait([this, alive, pid](const boost::system::error_code& ec2) {
      if (ec2 || alive.expired() || masterPid_ != pid) return;
      log_->error("HAProxy still running: SIGKILL");
      runner_.signal(pid, SIGKILL, true);
    });
  });
}

v1::EngineStatus HaproxySupervisor::status() const {
  v1::EngineStatus s;
  s.set_name("haproxy");
  s.set_state(state_);
  s.set_pid(static_cast<std::uint32_t>(masterPid_));
  s.set_version(version_);
  s.set_started_unix_ms(masterPid_ != 0 ? startedMs_ : 0);
  s.set_restarts(restarts_);
  return s;
}

void HaproxySupervisor::setState(v1::EngineState state) {
  if (state_ == state) return;
  state_ = state;
  if (statusListener_) statusListener_();
}

}  // namespace exlb::agent
