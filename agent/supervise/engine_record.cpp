#include "supervise/engine_record.h"

#include <algorithm>
#include <regex>

#include "log/log.h"
#include "supervise/process_runner.h"

namespace exlb::agent {

EngineRecord::EngineRecord(std::string name, std::chrono::milliseconds backoffMin,
                           std::chrono::milliseconds backoffMax)
    : name_(std::move(name)), backoffMin_(backoffMin), backoffMax_(backoffMax), backoff_(backoffMin) {}

EngineRecord::~EngineRecord() { *alive_ = false; }

void EngineRecord::readVersion(ProcessRunner& runner, std::vector<std::string> argv,
                               std::string pattern, std::shared_ptr<spdlog::logger> log) {
  std::string error;
  const std::string program = argv.front();
  std::weak_ptr<bool> alive = alive_;
  runner.spawn({std::move(argv), name_, true, false, true},
               [this, alive, pattern = std::move(pattern), log](ExitStatus, std::string output) {
                 if (alive.expired()) return;
                 std::smatch m;
                 if (!std::regex_search(output, m, std::regex(pattern))) return;
                 version_ = m[1];
                 log->info("{} version {}", name_, version_);
               },
               error);
  if (!error.empty()) log->error("cannot run {}: {}", program, error);
}

void EngineRecord::setState(v1::EngineState state) {
  if (state_ == state) return;
  state_ = state;
  if (listener_) listener_();
}

void EngineRecord::started() {
  lastStart_ = std::chrono::steady_clock::now();
  startedMs_ = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
}

std::chrono::milliseconds EngineRecord::peekBackoff() const {
  return std::chrono::steady_clock::now() - lastStart_ > kStableRun ? backoffMin_ : backoff_;
}

std::chrono::milliseconds EngineRecord::nextBackoff() {
  backoff_ = peekBackoff();
  const auto wait = backoff_;
  backoff_ = std::min(backoff_ * 2, backoffMax_);
  return wait;
}

v1::EngineStatus EngineRecord::status(pid_t pid) const {
  v1::EngineStatus s;
  s.set_name(name_);
  s.set_state(state_);
  s.set_pid(static_cast<std::uint32_t>(pid));
  s.set_version(version_);
  s.set_started_unix_ms(pid != 0 ? startedMs_ : 0);
  s.set_restarts(restarts_);
  return s;
}

}  // namespace exlb::agent
