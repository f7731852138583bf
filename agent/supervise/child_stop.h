#pragma once
// How a supervisor stops the engine it runs as its child, the same for
// HAProxy and keepalived: a first signal, then, each time the child has not
// exited within a bound, a more forceful one (ending with SIGKILL), and the
// callers told once it has exited.
//
// The supervisor still learns of the exit itself (ProcessRunner's report or
// its own poll) and calls finished(): ChildStop only sends signals and keeps
// who waits.

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "supervise/process_runner.h"

namespace spdlog {
class logger;
}

namespace exlb::agent {

struct StopStep {
  int signal = 0;
  // How long the child gets after this signal before the next step.
  std::chrono::milliseconds grace{0};
  // To the child's whole process group (what it started too), not the child only.
  bool wholeGroup = false;
};

class ChildStop {
 public:
  ChildStop(boost::asio::io_context& io, ProcessRunner& runner,
            std::shared_ptr<spdlog::logger> log, std::string engine);
  ~ChildStop();
  ChildStop(const ChildStop&) = delete;
  ChildStop& operator=(const ChildStop&) = delete;

  // Sends steps[0] to `pid` now and every later step when the previous
  // one's grace has passed and finished() has not been called. The caller
  // logs the first step (it knows why it stops); later ones are logged here.
  // While a stop is under way, another begin() only adds its `done`: both
  // callers learn when the child has exited.
  void begin(pid_t pid, std::vector<StopStep> steps, std::function<void()> done);
  bool underWay() const { return static_cast<bool>(done_); }
  // The child has exited: no further signal, and every waiting `done` runs.
  void finished();

 private:
  void escalate(std::size_t step);

  ProcessRunner& runner_;
  std::shared_ptr<spdlog::logger> log_;
  std::string engine_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  pid_t pid_ = 0;
  std::vector<StopStep> steps_;
  std::function<void()> done_;
  boost::asio::steady_timer timer_;
};

}  // namespace exlb::agent
