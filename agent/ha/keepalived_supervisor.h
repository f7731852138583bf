#pragma once
// Runs Debian's keepalived as the agent's own child (VRRP only, in the
// foreground, logging to the agent), the same way everywhere: appliance, lab,
// tests.
//
//   check(text)     writes a candidate under the run dir and runs
//                   `keepalived -t -f` on it; nothing running changes.
//   activate(file)  makes a checked candidate <runDir>/keepalived.conf, then
//                   starts keepalived or reloads it with SIGHUP (a reload
//                   keeps the VRRP state: it never flips the roles).
//   stop()          SIGTERM: keepalived sends a priority-0 advertisement and
//                   removes the address, so the backup takes over at once;
//                   SIGKILL to the whole group after a timeout.
//
// If keepalived dies it is restarted with exponential backoff. Before the
// restart, whatever is left of its process group is stopped and the owner is
// told (diedListener) so it can remove a virtual address the dead process
// left configured.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "exlb/v1/status.pb.h"
#include "supervise/child_stop.h"
#include "supervise/engine_record.h"
#include "supervise/process_runner.h"

namespace spdlog {
class logger;
}

namespace exlb::agent {

struct KeepalivedSupervisorOptions {
  std::filesystem::path keepalived = "/usr/sbin/keepalived";
  std::filesystem::path runDir;
  std::chrono::milliseconds stopTimeout{3000};
  std::chrono::milliseconds restartBackoffMin{200};
  std::chrono::milliseconds restartBackoffMax{10000};
  // How long what is left of a dead keepalived's group gets to stop (it
  // releases its address on SIGTERM) before SIGKILL.
  std::chrono::milliseconds leftoverGrace{300};
};

class KeepalivedSupervisor {
 public:
  using CheckCallback =
      std::function<void(bool ok, std::filesystem::path candidate, std::string message)>;

  KeepalivedSupervisor(boost::asio::io_context& io, ProcessRunner& runner,
                       KeepalivedSupervisorOptions options);
  ~KeepalivedSupervisor();
  KeepalivedSupervisor(const KeepalivedSupervisor&) = delete;
  KeepalivedSupervisor& operator=(const KeepalivedSupervisor&) = delete;

  void check(const std::string& text, CheckCallback done);
  // Installs `candidate` and starts or reloads keepalived. False with
  // `error` when the file cannot be installed or the process not started.
  bool activate(const std::filesystem::path& candidate, std::string& error);
  // Installs `candidate` as keepalived.conf without starting anything (an
  // engine held stopped by an administrator keeps an up-to-date file).
  bool install(const std::filesystem::path& candidate, std::string& error);
  // Starts keepalived on the installed file after a stop() (Services tab).
  bool resume(std::string& error);
  // SIGHUP: keepalived re-reads its file and keeps its VRRP state.
  bool reload(std::string& error);
  // Stops keepalived (if running); `done` runs once it has exited. Also
  // cancels a pending restart: after stop() nothing starts until activate().
  void stop(std::function<void()> done);

  // Notices a dead keepalived sooner than the exit report, which waits for
  // the output pipe (a surviving grandchild holds it). Call it often.
  void poll();

  v1::EngineStatus status() const;
  bool running() const { return pid_ != 0; }
  std::filesystem::path configFile() const { return options_.runDir / "keepalived.conf"; }
  // status() changed (started, died, restarting, stopped).
  void setStatusListener(std::function<void()> l) { record_.setListener(std::move(l)); }
  // keepalived died unexpectedly and its leftovers are gone: clean up state
  // it left in the kernel (the virtual address).
  void setDiedListener(std::function<void()> l) { diedListener_ = std::move(l); }

 private:
  bool start(std::string& error);
  void onExit(pid_t pid, ExitStatus status, bool reported);
  void handleDeath(pid_t pid, const std::string& why);
  void scheduleRestart();
  void readVersion();
  void makeRealtime(pid_t pid);
  void checkVrrpChild();

  boost::asio::io_context& io_;
  ProcessRunner& runner_;
  KeepalivedSupervisorOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  pid_t pid_ = 0;
  EngineRecord record_;
  std::uint64_t candidateSeq_ = 0;
  bool stopping_ = false;
  // SCHED_RR for the VRRP process (vrrp_scheduling.h): set on the current
  // keepalived, its VRRP child checked, the warning given once.
  bool realtime_ = false;
  bool vrrpChildChecked_ = false;
  bool realtimeWarned_ = false;
  std::function<void()> diedListener_;

  ChildStop stop_;
  boost::asio::steady_timer restartTimer_;
  boost::asio::steady_timer leftoverTimer_;
};

}  // namespace exlb::agent
