#include "haproxy_check.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace exlb::test {

CommandResult runCommand(const std::vector<std::string>& argv) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(fds[1], 1);
    dup2(fds[1], 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
  }
  close(fds[1]);
  CommandResult result;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) result.output.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string haproxyPath() {
  const char* env = std::getenv("EXLB_HAPROXY");
  return env && *env ? env : "/usr/sbin/haproxy";
}

HaproxyCheckDir::HaproxyCheckDir(const std::vector<std::string>& certificateIds) {
  std::string pattern = (std::filesystem::temp_directory_path() / "exlb-render-XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  root_ = pattern;
  std::filesystem::create_directories(root_ / "run");
  std::filesystem::create_directories(root_ / "certs");
  // The supervisor leaves a state file (`show servers state` output, whose
  // first line is the format version) before every check and reload.
  std::ofstream(root_ / "run" / agent::kServerStateFileName) << "1\n";
  // ... and keeps the TLS session-ticket keys every TLS bind names (three
  // 80-byte keys; fixed here, random in the agent).
  std::ofstream keys(root_ / "run" / agent::kTlsTicketKeysFileName);
  for (char c : {'A', 'B', 'C'}) keys << std::string(106, c) << "A=\n";
  const std::string script = std::string(EXLB_SOURCE_DIR) + "/tests/support/make_test_cert.sh";
  for (const auto& id : certificateIds) {
    const CommandResult r =
        runCommand({"/bin/bash", script, "mail.example.test", (root_ / "certs").string(), id});
    if (r.exitCode != 0) throw std::runtime_error("make_test_cert.sh failed: " + r.output);
  }
  // The pair's TLS files (pairTlsFiles()): this node's identity, and the
  // peer's certificate followed by this node's.
  for (const char* id : {"pair-identity", "pair-other"}) {
    const CommandResult r = runCommand({"/bin/bash", script, "lb.example.test", root_.string(), id});
    if (r.exitCode != 0) throw std::runtime_error("make_test_cert.sh failed: " + r.output);
  }
  std::ofstream trust(root_ / "pair-peer.pem");
  for (const char* file : {"pair-other.crt.pem", "pair-identity.crt.pem"}) {
    std::ifstream in(root_ / file);
    trust << in.rdbuf();
  }
}

HaproxyCheckDir::~HaproxyCheckDir() {
  std::error_code ec;
  std::filesystem::remove_all(root_, ec);
}

agent::HaproxyRenderContext HaproxyCheckDir::context() const {
  return {root_ / "run", root_ / "certs"};
}

CommandResult HaproxyCheckDir::check(const std::string& text) const {
  const auto file = root_ / "haproxy.cfg";
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << text;
  }
  return runCommand({haproxyPath(), "-c", "-f", file.string()});
}

}  // namespace exlb::test
