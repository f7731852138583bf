// The daemon's command line.
#include "app/daemon.h"

#include <gtest/gtest.h>

namespace exlb::agent {
namespace {

TEST(DaemonOptions, ReadsEveryOption) {
  DaemonOptions o;
  std::string error;
  ASSERT_TRUE(parseDaemonOptions({"--data-dir", "/d", "--run-dir", "/r", "--system-root", "/s",
                                  "--haproxy", "/h", "--config", "/c.json", "--listen",
                                  "127.0.0.1:0", "--log-level", "debug", "--tls-ticket-rotation", "5"},
                                 o, error))
      << error;
  EXPECT_EQ(o.dataDir, "/d");
  EXPECT_EQ(o.runDir, "/r");
  EXPECT_EQ(o.systemRoot, "/s");
  EXPECT_EQ(o.haproxy, "/h");
  ASSERT_TRUE(o.configFile);
  EXPECT_EQ(*o.configFile, "/c.json");
  EXPECT_EQ(o.listenAddress, "127.0.0.1");
  EXPECT_EQ(o.listenPort, 0);
  EXPECT_EQ(o.logLevel, "debug");
  EXPECT_EQ(o.ticketKeyRotationSec, 5u);
}

TEST(DaemonOptions, DefaultsAreTheAppliancesPaths) {
  DaemonOptions o;
  std::string error;
  ASSERT_TRUE(parseDaemonOptions({"--data-dir", "/d"}, o, error));
  EXPECT_EQ(o.runDir, "/run/exlb");
  EXPECT_EQ(o.haproxy, "/usr/sbin/haproxy");
  EXPECT_EQ(o.listenAddress, "0.0.0.0");
  EXPECT_EQ(o.listenPort, 4444);
  EXPECT_FALSE(o.configFile);
  EXPECT_EQ(o.ticketKeyRotationSec, 3600u) << "the TLS session lifetime (tls_ticket_keys.h)";
}

TEST(DaemonOptions, RefusesBadInputWithASentence) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--listen", "4444"}, {"--listen", "127.0.0.1:99999"}, {"--listen", ":1"},
           {"--data-dir"}, {"--log-level", "loud"}, {"--bogus"}, {"--config", ""},
           {"--tls-ticket-rotation", "0"}, {"--tls-ticket-rotation", "3601"},
           {"--tls-ticket-rotation", "1.5"}, {"--tls-ticket-rotation", "-1"},
           {"--tls-ticket-rotation", "1h"}}) {
    DaemonOptions o;
    std::string error;
    EXPECT_FALSE(parseDaemonOptions(args, o, error)) << args[0];
    EXPECT_FALSE(error.empty());
  }
}

}  // namespace
}  // namespace exlb::agent
