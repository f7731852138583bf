#pragma once
// A tiny two-namespace lab for the HA engine's tests, so keepalived never
// runs in the machine's own network namespace:
//
//   this test process  --(veth exa / exb)--  a second namespace
//   198.18.0.1/24 on exa                      198.18.0.2/24 on exb
//
// The test process moves itself into a fresh, unnamed network namespace at
// first use (unshare), and a child process holds the second one; both vanish
// when the test exits (nothing named, nothing to clean up after a crash).
// Needs root (CAP_SYS_ADMIN + CAP_NET_ADMIN); without it, available() is
// false and reason() says why, for GTEST_SKIP.

#include <sys/types.h>

#include <string>
#include <vector>

namespace exlb::test {

class NetnsLab {
 public:
  static NetnsLab& instance();

  bool available() const { return ok_; }
  const std::string& reason() const { return reason_; }

  // The other namespace, as nsenter's --net= argument.
  std::string otherNetns() const;
  // Runs argv (argv[0] a full path) here or in the other namespace; returns
  // the exit code (-1 when it could not run) and its output in `out`.
  int run(const std::vector<std::string>& argv, std::string* out = nullptr) const;
  int runThere(const std::vector<std::string>& argv, std::string* out = nullptr) const;
  // argv prefixed with nsenter into the other namespace, for ProcessRunner.
  std::vector<std::string> there(const std::vector<std::string>& argv) const;

  static constexpr const char* kHere = "198.18.0.1";
  static constexpr const char* kThere = "198.18.0.2";
  static constexpr const char* kHereInterface = "exa";

 private:
  NetnsLab();
  bool setUp();

  bool ok_ = false;
  std::string reason_;
  pid_t holder_ = 0;
};

}  // namespace exlb::test
