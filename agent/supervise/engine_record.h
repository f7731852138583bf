#pragma once
// What a supervisor reports about the engine it runs (v1::EngineStatus:
// state, version, start time, restarts), whom it tells when the state
// changes, and how long it waits before restarting a dead engine. The same
// for HAProxy and keepalived.

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "exlb/v1/status.pb.h"

namespace spdlog {
class logger;
}

namespace exlb::agent {

class ProcessRunner;

class EngineRecord {
 public:
  EngineRecord(std::string name, std::chrono::milliseconds backoffMin,
               std::chrono::milliseconds backoffMax);
  ~EngineRecord();
  EngineRecord(const EngineRecord&) = delete;
  EngineRecord& operator=(const EngineRecord&) = delete;

  v1::EngineState state() const { return state_; }
  // Tells the listener when the state really changes.
  void setState(v1::EngineState state);
  void setListener(std::function<void()> listener) { listener_ = std::move(listener); }
  // Runs the engine's version command (`argv`) once and keeps the first
  // group `pattern` captures in its output as the version (logged at info).
  void readVersion(ProcessRunner& runner, std::vector<std::string> argv, std::string pattern,
                   std::shared_ptr<spdlog::logger> log);

  // The engine was started now (its start time, and the restart backoff's
  // measure of a stable run).
  void started();
  // One more unexpected death; returns the count.
  std::uint32_t countRestart() { return ++restarts_; }

  // The wait before the next restart: the minimum again after a run longer
  // than kStableRun, else twice the previous one, up to the maximum.
  std::chrono::milliseconds nextBackoff();
  // What nextBackoff() would return now, without moving it on.
  std::chrono::milliseconds peekBackoff() const;

  // `pid`: the engine's process, 0 when none runs (no start time then).
  v1::EngineStatus status(pid_t pid) const;

  // An engine that ran this long before dying restarts from the minimum.
  static constexpr std::chrono::seconds kStableRun{30};

 private:
  std::string name_;
  std::chrono::milliseconds backoffMin_;
  std::chrono::milliseconds backoffMax_;
  std::chrono::milliseconds backoff_;
  v1::EngineState state_ = v1::ENGINE_STATE_STOPPED;
  std::string version_;
  std::int64_t startedMs_ = 0;
  std::chrono::steady_clock::time_point lastStart_;
  std::uint32_t restarts_ = 0;
  std::function<void()> listener_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace exlb::agent
