#include "supervise/process_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <string_view>

#include <boost/asio/post.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "log/log.h"

namespace exlb::agent {

namespace {

// Output kept for a collecting caller: enough for every `haproxy -c` message.
constexpr std::size_t kMaxCollectedBytes = 256 * 1024;
// After the child has exited, how long its grandchildren may keep the output
// pipe open before the exit is reported anyway.
constexpr auto kDrainGrace = std::chrono::seconds(2);

// HAProxy (and most daemons) prefix their lines with a level; keep it.
spdlog::level::level_enum levelOf(const std::string& line) {
  if (line.rfind("[ALERT]", 0) == 0 || line.rfind("[EMERG]", 0) == 0) return spdlog::level::err;
  if (line.rfind("[WARNING]", 0) == 0) return spdlog::level::warn;
  return spdlog::level::info;
}

}  // namespace

std::string ExitStatus::describe() const {
  if (signal != 0) return "killed by signal " + std::to_string(signal) + " (" + strsignal(signal) + ")";
  return "exit code " + std::to_string(code);
}

struct ProcessRunner::Child {
  Child(boost::asio::io_context& io, int fd) : pipe(io, fd), drainTimer(io) {}
  pid_t pid = -1;
  bool ownGroup = false;
  std::shared_ptr<spdlog::logger> log;
  bool collect = false;
  bool quiet = false;
  boost::asio::posix::stream_descriptor pipe;
  boost::asio::steady_timer drainTimer;
  std::array<char, 4096> buffer{};
  std::string partial;
  std::string output;
  bool exited = false;
  bool eof = false;
  bool reported = false;
  ExitStatus status;
  ExitCallback onExit;
};

ProcessRunner::ProcessRunner(boost::asio::io_context& io) : io_(io), sigchld_(io, SIGCHLD) {
  waitForSignal();
}

ProcessRunner::~ProcessRunner() {
  boost::system::error_code ignored;
  sigchld_.cancel(ignored);
  // Children still running when the runner goes away are not left behind.
  for (auto& [pid, child] : children_) {
    if (child->exited) continue;
    ::kill(child->ownGroup ? -pid : pid, SIGKILL);
    int st = 0;
    ::waitpid(pid, &st, 0);
  }
}

pid_t ProcessRunner::spawn(const SpawnRequest& request, ExitCallback onExit, std::string& error,
                           const std::vector<std::string>& environment) {
  if (request.argv.empty()) {
    error = "no program given";
    return -1;
  }
  // Everything the child needs is prepared before fork: after it, only
  // async-signal-safe calls.
  std::vector<char*> argv;
  for (const auto& a : request.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<char*> envp;
  for (char** e = environ; e && *e; ++e) {
    const std::string_view entry(*e);
    const auto eq = entry.find('=');
    const auto name = eq == std::string_view::npos ? entry : entry.substr(0, eq + 1);
    const bool replaced = std::any_of(environment.begin(), environment.end(),
                                      [&](const std::string& x) { return x.starts_with(name); });
    if (!replaced) envp.push_back(*e);
  }
  for (const auto& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    error = std::string("pipe: ") + std::strerror(errno);
    return -1;
  }
  const int devNull = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t parent = ::getpid();
  const pid_t pid = ::fork();
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    ::close(fds[0]);
    ::close(fds[1]);
    if (devNull >= 0) ::close(devNull);
    return -1;
  }
  if (pid == 0) {
    if (request.ownProcessGroup) ::setpgid(0, 0);
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(127);
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int s = 1; s < NSIG; ++s) ::signal(s, SIG_DFL);
    if (devNull >= 0) ::dup2(devNull, 0);
    ::dup2(fds[1], 1);
    ::dup2(fds[1], 2);
    ::closefrom(3);
    ::execve(argv[0], argv.data(), envp.data());
    const char msg[] = "exec failed\n";
    [[maybe_unused]] auto n = ::write(2, msg, sizeof msg - 1);
    ::_exit(127);
  }
  ::close(fds[1]);
  if (devNull >= 0) ::close(devNull);

  auto child = std::make_shared<Child>(io_, fds[0]);
  child->pid = pid;
  child->ownGroup = request.ownProcessGroup;
  child->log = moduleLogger(request.logger);
  child->collect = request.collectOutput;
  child->quiet = request.quiet;
  child->onExit = std::move(onExit);
  children_[pid] = child;
  readOutput(child);
  // A child that exited before the signal handler saw it is found here.
  boost::asio::post(io_, [this] { reapChildren(); });
  return pid;
}

void ProcessRunner::signal(pid_t pid, int sig, bool wholeGroup) {
  auto it = children_.find(pid);
  if (it == children_.end() || it->second->exited) return;
  ::kill(wholeGroup && it->second->ownGroup ? -pid : pid, sig);
}

bool ProcessRunner::running(pid_t pid) const {
  auto it = children_.find(pid);
  return it != children_.end() && !it->second->exited;
}

void ProcessRunner::waitForSignal() {
  sigchld_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;  // cancelled: the runner is going away
    reapChildren();
    waitForSignal();
  });
}

void ProcessRunner::reapChildren() {
  std::vector<std::shared_ptr<Child>> done;
  for (auto& [pid, child] : children_) {
    if (child->exited) continue;
    int st = 0;
    // By pid, never waitpid(-1): other code in the process may have children.
    if (::waitpid(pid, &st, WNOHANG) != pid) continue;
    child->exited = true;
    if (WIFEXITED(st)) child->status.code = WEXITSTATUS(st);
    if (WIFSIGNALED(st)) child->status.signal = WTERMSIG(st);
    done.push_back(child);
  }
  for (auto& child : done) {
    child->drainTimer.expires_after(kDrainGrace);
    child->drainTimer.async_wait([this, child](const boost::system::error_code& ec) {
      if (!ec) {
        child->eof = true;  // grandchildren hold the pipe: report anyway
        finishIfDone(child);
      }
    });
    finishIfDone(child);
  }
}

void ProcessRunner::readOutput(const std::shared_ptr<Child>& child) {
  child->pipe.async_read_some(
      boost::asio::buffer(child->buffer),
      [this, child](const boost::system::error_code& ec, std::size_t n) {
        child->partial.append(child->buffer.data(), n);
        std::size_t start = 0;
        for (std::size_t nl; (nl = child->partial.find('\n', start)) != std::string::npos;
             start = nl + 1) {
          std::string line = child->partial.substr(start, nl - start);
          child->log->log(child->quiet ? spdlog::level::debug : levelOf(line), "{}", line);
          if (child->collect && child->output.size() < kMaxCollectedBytes)
            child->output += line + "\n";
        }
        child->partial.erase(0, start);
        if (ec) {
          if (!child->partial.empty()) {
            child->log->log(child->quiet ? spdlog::level::debug : levelOf(child->partial), "{}",
                            child->partial);
            if (child->collect) child->output += child->partial + "\n";
            child->partial.clear();
          }
          child->eof = true;
          boost::system::error_code ignored;
          child->pipe.close(ignored);
          finishIfDone(child);
          return;
        }
        readOutput(child);
      });
}

void ProcessRunner::finishIfDone(const std::shared_ptr<Child>& child) {
  if (!child->exited || !child->eof || child->reported) return;
  child->reported = true;
  child->drainTimer.cancel();
  children_.erase(child->pid);
  if (child->onExit) {
    auto cb = std::move(child->onExit);
    cb(child->status, std::move(child->output));
  }
}

}  // namespace exlb::agent
