#include "netns_lab.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace exlb::test {

NetnsLab& NetnsLab::instance() {
  static NetnsLab lab;
  return lab;
}

NetnsLab::NetnsLab() { ok_ = setUp(); }

bool NetnsLab::setUp() {
  if (::unshare(CLONE_NEWNET) != 0) {
    reason_ = std::string("cannot create a network namespace (") + std::strerror(errno) +
              "); run as root";
    return false;
  }
  int ready[2];
  if (::pipe2(ready, O_CLOEXEC) != 0) {
    reason_ = "pipe failed";
    return false;
  }
  const pid_t parent = ::getpid();
  holder_ = ::fork();
  if (holder_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    const char ok = ::unshare(CLONE_NEWNET) == 0 ? 'y' : 'n';
    [[maybe_unused]] auto n = ::write(ready[1], &ok, 1);
    for (;;) ::pause();
  }
  ::close(ready[1]);
  char answer = 'n';
  [[maybe_unused]] auto n = ::read(ready[0], &answer, 1);
  ::close(ready[0]);
  if (holder_ < 0 || answer != 'y') {
    reason_ = "cannot create the second network namespace";
    return false;
  }
  const std::string ip = "/usr/sbin/ip";
  const std::vector<std::vector<std::string>> here = {
      {ip, "link", "set", "lo", "up"},
      {ip, "link", "add", kHereInterface, "type", "veth", "peer", "name", "exb", "netns",
       std::to_string(holder_)},
      {ip, "addr", "add", std::string(kHere) + "/24", "dev", kHereInterface},
      {ip, "link", "set", kHereInterface, "up"}};
  for (const auto& argv : here) {
    std::string out;
    if (run(argv, &out) != 0) {
      reason_ = "ip failed: " + out;
      return false;
    }
  }
  const std::vector<std::vector<std::string>> there = {
      {ip, "link", "set", "lo", "up"},
      {ip, "addr", "add", std::string(kThere) + "/24", "dev", "exb"},
      {ip, "link", "set", "exb", "up"}};
  for (const auto& argv : there) {
    std::string out;
    if (runThere(argv, &out) != 0) {
      reason_ = "ip (other namespace) failed: " + out;
      return false;
    }
  }
  return true;
}

std::string NetnsLab::otherNetns() const { return "/proc/" + std::to_string(holder_) + "/ns/net"; }

std::vector<std::string> NetnsLab::there(const std::vector<std::string>& argv) const {
  std::vector<std::string> full = {"/usr/bin/nsenter", "--net=" + otherNetns(), "--"};
  full.insert(full.end(), argv.begin(), argv.end());
  return full;
}

int NetnsLab::run(const std::vector<std::string>& argv, std::string* out) const {
  int pipeFds[2];
  if (::pipe2(pipeFds, O_CLOEXEC) != 0) return -1;
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(pipeFds[1], 1);
    ::dup2(pipeFds[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(pipeFds[1]);
  std::string text;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;)
    text.append(buffer, static_cast<std::size_t>(n));
  ::close(pipeFds[0]);
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return -1;
  if (out) *out = text;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int NetnsLab::runThere(const std::vector<std::string>& argv, std::string* out) const {
  return run(there(argv), out);
}

}  // namespace exlb::test
