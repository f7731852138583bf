#pragma once
// Starts child processes from an argument vector (never through a shell) and
// reports their exit on the io_context. The seam between the supervisors and
// the operating system: the agent has one ProcessRunner, the tests too.
//
// Children get /dev/null as stdin and a pipe as stdout+stderr; every line they
// write is logged through the named spdlog logger given at spawn (and, when
// asked, collected for the exit callback, as `haproxy -c` needs). Each child
// runs in its own process group so a terminal's Ctrl-C reaches the agent only
// (the agent then stops its engines in order), and it is sent SIGTERM by the
// kernel if the agent dies without stopping it (PR_SET_PDEATHSIG).

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

namespace exlb::agent {

struct ExitStatus {
  int code = -1;      // exit code when the child exited normally, else -1
  int signal = 0;     // the signal that killed it, else 0
  bool ok() const { return signal == 0 && code == 0; }
  std::string describe() const;  // "exit code 1", "killed by signal 9 (Killed)"
};

struct SpawnRequest {
  std::vector<std::string> argv;  // argv[0] is the program's path (no PATH search)
  std::string logger = "child";   // module logger that receives the child's lines
  bool collectOutput = false;     // keep the lines for the exit callback (bounded)
  bool ownProcessGroup = true;
  // The child's lines go to the log at debug level only: a version banner
  // read at every start is not news for the operator.
  bool quiet = false;
};

using ExitCallback = std::function<void(ExitStatus status, std::string output)>;

class ProcessRunner {
 public:
  explicit ProcessRunner(boost::asio::io_context& io);
  ~ProcessRunner();
  ProcessRunner(const ProcessRunner&) = delete;
  ProcessRunner& operator=(const ProcessRunner&) = delete;

  // Starts the program. Returns its pid, or -1 with `error` set (then
  // `onExit` is never called). `onExit` runs on the io_context once the
  // child has exited and its output pipe is drained.
  // `environment`: "NAME=value" entries added to (or replacing in) the
  // agent's environment for this child.
  pid_t spawn(const SpawnRequest& request, ExitCallback onExit, std::string& error,
              const std::vector<std::string>& environment = {});

  // Sends `signal` to the child, or to its whole process group (the child and
  // everything it started) when `wholeGroup` and it has one. Unknown or
  // already reaped pids are ignored.
  void signal(pid_t pid, int signal, bool wholeGroup = false);

  bool running(pid_t pid) const;
  std::size_t childCount() const { return children_.size(); }

 private:
  struct Child;
  void waitForSignal();
  void reapChildren();
  void readOutput(const std::shared_ptr<Child>& child);
  void finishIfDone(const std::shared_ptr<Child>& child);

  boost::asio::io_context& io_;
  boost::asio::signal_set sigchld_;
  std::map<pid_t, std::shared_ptr<Child>> children_;
};

}  // namespace exlb::agent
