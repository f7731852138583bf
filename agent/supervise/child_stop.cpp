#include "supervise/child_stop.h"

#include <signal.h>
#include <string.h>

#include "log/log.h"

namespace exlb::agent {

ChildStop::ChildStop(boost::asio::io_context& io, ProcessRunner& runner,
                     std::shared_ptr<spdlog::logger> log, std::string engine)
    : runner_(runner), log_(std::move(log)), engine_(std::move(engine)), timer_(io) {}

ChildStop::~ChildStop() { *alive_ = false; }

void ChildStop::begin(pid_t pid, std::vector<StopStep> steps, std::function<void()> done) {
  if (!done) done = [] {};  // "under way" is told by done_, and a chained empty one would throw
  if (done_) {
    done_ = [first = std::move(done_), second = std::move(done)] {
      first();
      second();
    };
    return;
  }
  done_ = std::move(done);
  pid_ = pid;
  steps_ = std::move(steps);
  if (steps_.empty()) return;
  runner_.signal(pid_, steps_.front().signal, steps_.front().wholeGroup);
  escalate(1);
}

void ChildStop::escalate(std::size_t step) {
  if (step >= steps_.size()) return;
  timer_.expires_after(steps_[step - 1].grace);
  std::weak_ptr<bool> alive = alive_;
  timer_.async_wait([this, alive, step, pid = pid_](const boost::system::error_code& ec) {
    if (ec || alive.expired() || pid_ != pid) return;
    const StopStep& s = steps_[step];
    const char* name = ::sigabbrev_np(s.signal);
    const auto level = s.signal == SIGKILL ? spdlog::level::err : spdlog::level::warn;
    log_->log(level, "{} did not stop in time: SIG{}", engine_, name ? name : "?");
    runner_.signal(pid, s.signal, s.wholeGroup);
    escalate(step + 1);
  });
}

void ChildStop::finished() {
  timer_.cancel();
  pid_ = 0;
  steps_.clear();
  if (!done_) return;
  auto done = std::move(done_);
  done_ = nullptr;
  done();
}

}  // namespace exlb::agent
