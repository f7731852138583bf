#pragma once
// Runs the real `haproxy -c` on rendered text, in a temporary folder holding
// the certificates the text names (made by tests/support/make_test_cert.sh)
// and an empty server state file, as the supervisor prepares them.

#include <filesystem>
#include <string>
#include <vector>

#include "render/haproxy_renderer.h"

namespace exlb::test {

struct CommandResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr, interleaved
};

// Runs argv[0] with the arguments (no shell), capturing its output.
CommandResult runCommand(const std::vector<std::string>& argv);

// The HAProxy the tests check with: $EXLB_HAPROXY, else /usr/sbin/haproxy.
std::string haproxyPath();

class HaproxyCheckDir {
 public:
  // Creates <tmp>/exlb-render-XXXXXX with run/ and certs/ (one PEM per id).
  explicit HaproxyCheckDir(const std::vector<std::string>& certificateIds);
  ~HaproxyCheckDir();
  HaproxyCheckDir(const HaproxyCheckDir&) = delete;
  HaproxyCheckDir& operator=(const HaproxyCheckDir&) = delete;

  agent::HaproxyRenderContext context() const;
  // Writes `text` to a file and runs `haproxy -c -f` on it.
  CommandResult check(const std::string& text) const;

 private:
  std::filesystem::path root_;
};

}  // namespace exlb::test
