// The daemon's high-availability options: what the lab and the benchmark pass
// (timers, preemption, no keepalived at all), and refusal of values keepalived
// would not take.
#include <gtest/gtest.h>

#include "app/daemon.h"

namespace exlb::agent {
namespace {

TEST(HaOptions, DefaultsAreFastTimersAndKeepalivedFromDebian) {
  DaemonOptions o;
  std::string error;
  ASSERT_TRUE(parseDaemonOptions({}, o, error)) << error;
  EXPECT_EQ(o.keepalived, "/usr/sbin/keepalived");
  EXPECT_TRUE(o.runKeepalived);
  EXPECT_EQ(o.vrrpAdvertMs, 100u);
  EXPECT_EQ(o.vrrpPreemptDelaySec, 15u);
}

TEST(HaOptions, ReadsEveryOption) {
  DaemonOptions o;
  std::string error;
  ASSERT_TRUE(parseDaemonOptions({"--keepalived", "/opt/k", "--no-keepalived",
                                  "--vrrp-advert-interval", "1", "--vrrp-preempt-delay", "2"},
                                 o, error))
      << error;
  EXPECT_EQ(o.keepalived, "/opt/k");
  EXPECT_FALSE(o.runKeepalived);
  EXPECT_EQ(o.vrrpAdvertMs, 1000u);
  EXPECT_EQ(o.vrrpPreemptDelaySec, 2u);
  ASSERT_TRUE(parseDaemonOptions({"--vrrp-advert-interval", "0.05"}, o, error)) << error;
  EXPECT_EQ(o.vrrpAdvertMs, 50u);
}

TEST(HaOptions, RefusesWhatKeepalivedWouldNotTake) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--vrrp-advert-interval", "0"},      {"--vrrp-advert-interval", "0.005"},
           {"--vrrp-advert-interval", "0.105"},  {"--vrrp-advert-interval", "41"},
           {"--vrrp-advert-interval", "fast"},   {"--vrrp-advert-interval", "0.1s"},
           {"--vrrp-preempt-delay", "-1"},       {"--vrrp-preempt-delay", "1001"},
           {"--vrrp-preempt-delay", "1.5"},      {"--vrrp-preempt-delay", ""},
           {"--keepalived"}}) {
    DaemonOptions o;
    std::string error;
    EXPECT_FALSE(parseDaemonOptions(args, o, error)) << args[0] << " " << (args.size() > 1 ? args[1] : "");
    EXPECT_FALSE(error.empty());
  }
}

}  // namespace
}  // namespace exlb::agent
