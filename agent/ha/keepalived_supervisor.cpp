#include "ha/keepalived_supervisor.h"

#include <signal.h>


#include <boost/asio/post.hpp>

#include "config/atomic_file.h"
#include "ha/vrrp_scheduling.h"
#include "log/log.h"

namespace exlb::agent {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

namespace {

// keepalived -t prints "(file: Line 3) Unknown keyword 'x'" lines and a few
// general ones; keep them, drop blank lines.
std::string problemsOf(const std::string& output) {
  std::string out;
  std::size_t start = 0;
  while (start < output.size()) {
    auto nl = output.find('\n', start);
    if (nl == std::string::npos) nl = output.size();
    const std::string line = output.substr(start, nl - start);
    if (!line.empty()) out += (out.empty() ? "" : "\n") + line;
    start = nl + 1;
  }
  return out;
}

}  // namespace

KeepalivedSupervisor::KeepalivedSupervisor(boost::asio::io_context& io, ProcessRunner& runner,
                                           KeepalivedSupervisorOptions options)
    : io_(io),
      runner_(runner),
      options_(std::move(options)),
      log_(moduleLogger("keepalived")),
      record_("keepalived", options_.restartBackoffMin, options_.restartBackoffMax),
      stop_(io, runner, log_, "keepalived"),
      restartTimer_(io),
      leftoverTimer_(io) {
  readVersion();
}

KeepalivedSupervisor::~KeepalivedSupervisor() {
  *alive_ = false;
  // Never leave VRRP running behind a supervisor that is gone.
  if (pid_ != 0) ::kill(-pid_, SIGTERM);
}

void KeepalivedSupervisor::readVersion() {
  record_.readVersion(runner_, {options_.keepalived.string(), "--version"},
                      R"(Keepalived v(\S+))", log_);
}

void KeepalivedSupervisor::check(const std::string& text, CheckCallback done) {
  const std::string name = "keepalived.candidate-" + std::to_string(++candidateSeq_) + ".conf";
  const fs::path candidate = options_.runDir / name;
  std::string error;
  if (!writeFileAtomically(options_.runDir, name, text, error)) {
    boost::asio::post(io_, [done = std::move(done), error] { done(false, {}, error); });
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  const pid_t pid = runner_.spawn(
      {{options_.keepalived.string(), "--config-test", "-f", candidate.string()},
       "keepalived-check",
       true,
       true},
      [alive, candidate, done](ExitStatus status, std::string output) {
        if (alive.expired()) return;
        if (status.ok()) return done(true, candidate, "");
        std::error_code ignored;
        fs::remove(candidate, ignored);
        std::string why = problemsOf(output);
        if (why.empty()) why = "keepalived -t failed (" + status.describe() + ")";
        done(false, {}, "keepalived refused the configuration: " + why);
      },
      error);
  if (pid < 0) {
    boost::asio::post(io_, [done = std::move(done), error] {
      done(false, {}, "cannot run keepalived -t: " + error);
    });
  }
}

bool KeepalivedSupervisor::activate(const fs::path& candidate, std::string& error) {
  std::error_code ec;
  fs::rename(candidate, configFile(), ec);
  if (ec) {
    error = "cannot install " + candidate.string() + ": " + ec.message();
    return false;
  }
  stopping_ = false;
  if (pid_ != 0) {
    // SIGHUP to the parent only: it re-reads the file and passes the reload
    // on to its VRRP child, which keeps its state.
    log_->info("reloading keepalived pid {} (SIGHUP)", pid_);
    runner_.signal(pid_, SIGHUP);
    return true;
  }
  if (record_.state() == v1::ENGINE_STATE_RESTARTING) return true;  // the restart reads the new file
  return start(error);
}

bool KeepalivedSupervisor::install(const fs::path& candidate, std::string& error) {
  std::error_code ec;
  fs::rename(candidate, configFile(), ec);
  if (ec) error = "cannot install " + candidate.string() + ": " + ec.message();
  return !ec;
}

bool KeepalivedSupervisor::resume(std::string& error) {
  stopping_ = false;
  if (pid_ != 0 || record_.state() == v1::ENGINE_STATE_RESTARTING) return true;
  std::error_code ec;
  if (!fs::exists(configFile(), ec)) {
    error = "there is no keepalived.conf to start keepalived with";
    return false;
  }
  return start(error);
}

bool KeepalivedSupervisor::reload(std::string& error) {
  if (pid_ == 0) {
    error = "keepalived is not running";
    return false;
  }
  log_->info("reloading keepalived pid {} (SIGHUP)", pid_);
  runner_.signal(pid_, SIGHUP);
  return true;
}

bool KeepalivedSupervisor::start(std::string& error) {
  restartTimer_.cancel();
  const auto& dir = options_.runDir;
  // Our previous keepalived is gone (its group was killed): its pid files
  // would make the new one refuse to start ("daemon is already running")
  // when a killed VRRP child lingers as a zombie or its pid was reused.
  std::error_code ignored;
  fs::remove(dir / "keepalived.pid", ignored);
  fs::remove(dir / "keepalived_vrrp.pid", ignored);
  std::weak_ptr<bool> alive = alive_;
  auto self = std::make_shared<pid_t>(0);
  // -P: VRRP only. -n: stay our child. -l -D -G: log to us, in detail, not
  // to syslog. Pid files in the run dir: two nodes of a lab share one /run.
  const pid_t pid = runner_.spawn(
      {{options_.keepalived.string(), "--vrrp", "--dont-fork", "--log-console", "--log-detail",
        "--no-syslog", "--use-file", configFile().string(),
        "--pid", (dir / "keepalived.pid").string(), "--vrrp_pid",
        (dir / "keepalived_vrrp.pid").string()},
       "keepalived",
       false,
       true},
      [this, alive, self](ExitStatus status, std::string) {
        if (!alive.expired()) onExit(*self, status, true);
      },
      error);
  if (pid < 0) {
    error = "cannot start keepalived: " + error;
    return false;
  }
  *self = pid;
  pid_ = pid;
  makeRealtime(pid);
  record_.started();
  log_->info("started keepalived pid {} with {}", pid, configFile().string());
  record_.setState(v1::ENGINE_STATE_RUNNING);
  return true;
}

void KeepalivedSupervisor::poll() {
  if (pid_ != 0 && !runner_.running(pid_)) onExit(pid_, {}, false);
  if (pid_ != 0 && realtime_ && !vrrpChildChecked_) checkVrrpChild();
}

void KeepalivedSupervisor::makeRealtime(pid_t pid) {
  // Right after fork: keepalived has not forked its VRRP child yet (it reads
  // its configuration first), so the child inherits the policy.
  vrrpChildChecked_ = false;
  const std::string why = setVrrpRealtime(pid);
  realtime_ = why.empty();
  if (realtime_) return;
  // Not fatal: the VRRP process still runs at nice -20 (vrrp_priority).
  if (!realtimeWarned_)
    log_->warn("keepalived pid {}: {}; its VRRP process runs at nice -20 instead, and may miss "
               "adverts on a saturated machine (docs/ha.md)",
               pid, why);
  else
    log_->debug("keepalived pid {}: {}", pid, why);
  realtimeWarned_ = true;
}

void KeepalivedSupervisor::checkVrrpChild() {
  const pid_t child = readPidFile((options_.runDir / "keepalived_vrrp.pid").string());
  if (child == 0) return;  // not written yet: next poll
  vrrpChildChecked_ = true;
  if (runsVrrpRealtime(child)) {
    log_->debug("keepalived VRRP process pid {} runs at SCHED_RR {}", child, kVrrpRtPriority);
    return;
  }
  // It was forked before our call reached its parent: set it directly.
  const std::string why = setVrrpRealtime(child);
  if (why.empty())
    log_->info("keepalived VRRP process pid {} set to SCHED_RR {}", child, kVrrpRtPriority);
  else
    log_->warn("keepalived VRRP process pid {}: {}", child, why);
}

void KeepalivedSupervisor::onExit(pid_t pid, ExitStatus status, bool reported) {
  // Called by poll() (reaped, output not drained yet) or by the runner's
  // report: whichever comes first handles the exit of the current process.
  if (pid_ == 0 || pid != pid_) return;
  const pid_t dead = pid_;
  pid_ = 0;
  if (stopping_) {
    log_->info("keepalived pid {} stopped", dead);
    ::kill(-dead, SIGKILL);  // nothing of it may keep speaking VRRP
    record_.setState(v1::ENGINE_STATE_STOPPED);
    stop_.finished();
    return;
  }
  handleDeath(dead, reported ? status.describe() : "exited");
}

void KeepalivedSupervisor::handleDeath(pid_t pid, const std::string& why) {
  const auto restarts = record_.countRestart();
  log_->error("keepalived pid {} died unexpectedly ({}); restart #{}", pid, why, restarts);
  record_.setState(v1::ENGINE_STATE_RESTARTING);
  // Its VRRP child may still run: let it release its address, then make sure.
  ::kill(-pid, SIGTERM);
  leftoverTimer_.expires_after(options_.leftoverGrace);
  std::weak_ptr<bool> alive = alive_;
  leftoverTimer_.async_wait([this, alive, pid](const boost::system::error_code& ec) {
    if (ec || alive.expired()) return;
    ::kill(-pid, SIGKILL);
    if (diedListener_) diedListener_();
    scheduleRestart();
  });
}

void KeepalivedSupervisor::scheduleRestart() {
  if (stopping_) return;
  const auto wait = record_.nextBackoff();
  restartTimer_.expires_after(wait);
  log_->info("restarting keepalived in {} ms", wait.count());
  std::weak_ptr<bool> alive = alive_;
  restartTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (ec || alive.expired() || stopping_ || pid_ != 0) return;
    std::string error;
    if (!start(error)) {
      log_->error("{}", error);
      record_.setState(v1::ENGINE_STATE_RESTARTING);
      scheduleRestart();
    }
  });
}

void KeepalivedSupervisor::stop(std::function<void()> done) {
  stopping_ = true;
  restartTimer_.cancel();
  leftoverTimer_.cancel();
  if (pid_ == 0) {
    record_.setState(v1::ENGINE_STATE_STOPPED);
    boost::asio::post(io_, std::move(done));
    return;
  }
  if (!stop_.underWay())
    log_->info("stopping keepalived pid {} (SIGTERM: it hands the address over)", pid_);
  // SIGTERM to keepalived itself: it tells its VRRP child to send the
  // priority-0 advert. SIGKILL to the whole group if that takes too long.
  stop_.begin(pid_, {{SIGTERM, options_.stopTimeout, false}, {SIGKILL, {}, true}}, std::move(done));
}

v1::EngineStatus KeepalivedSupervisor::status() const { return record_.status(pid_); }

}  // namespace exlb::agent
