#include "dhcp_client.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "exlb/common/ipv4.h"

extern char** environ;

namespace exlb::firstboot {

std::optional<DhcpLease> parseLease(const std::string& output) {
  DhcpLease lease;
  std::istringstream in(output);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq);
    const std::string value = line.substr(eq + 1);
    if (key == "address") lease.address = value;
    if (key == "netmask") lease.netmask = value;
    if (key == "gateway") lease.gateway = value;
  }
  if (!parseIpv4(lease.address)) return std::nullopt;
  const auto mask = parseIpv4(lease.netmask);
  const auto prefix = mask ? netmaskPrefix(*mask) : std::nullopt;
  if (!prefix || *prefix == 0) return std::nullopt;
  if (!lease.gateway.empty() && !parseIpv4(lease.gateway)) return std::nullopt;
  return lease;
}

namespace {

// Reads the child's output until it closes it or the deadline passes.
// Returns false on timeout.
bool readUntilClosed(int fd, std::chrono::steady_clock::time_point deadline, std::string& out) {
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    const int rc = ::poll(&p, 1, static_cast<int>(left.count()));
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) continue;
    char chunk[512];
    const ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return true;
    if (out.size() < 64 * 1024) out.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace

DhcpAttempt runDhcpClient(const std::vector<std::string>& argv, std::chrono::seconds limit) {
  if (argv.empty()) return {std::nullopt, "no DHCP client configured"};
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return {std::nullopt, std::strerror(errno)};

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // Its own process group, so a client that forks (udhcpc under a script)
  // is stopped whole when it runs past the limit.
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);

  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawn_error =
      ::posix_spawn(&pid, args[0], &actions, &attributes, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(pipe_fds[1]);
  if (spawn_error != 0) {
    ::close(pipe_fds[0]);
    return {std::nullopt, "cannot run " + argv[0] + ": " + std::strerror(spawn_error)};
  }

  std::string output;
  const bool finished =
      readUntilClosed(pipe_fds[0], std::chrono::steady_clock::now() + limit, output);
  ::close(pipe_fds[0]);
  if (!finished) ::kill(-pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!finished) {
    return {std::nullopt, "no answer within " + std::to_string(limit.count()) + " seconds"};
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {std::nullopt, "no lease offered"};
  auto lease = parseLease(output);
  if (!lease) return {std::nullopt, "the DHCP client reported no usable lease"};
  return {std::move(lease), {}};
}

}  // namespace exlb::firstboot
