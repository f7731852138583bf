// The parsers of HAProxy's CLI answers and `haproxy -c` output, on text
// captured from 2.6.
#include "supervise/haproxy_cli_parse.h"

#include <gtest/gtest.h>

namespace exlb::agent {
namespace {

constexpr const char* kShowProcAfterReload =
    "#<PID>          <type>          <reloads>       <uptime>        <version>      \n"
    "16722           master          1 [failed: 0]   0d00h00m02s     2.6.12-1+deb12u4\n"
    "# workers\n"
    "16810           worker          0               0d00h00m01s     2.6.12-1+deb12u4\n"
    "16751           worker          1               0d00h00m03s     2.6.12-1+deb12u4\n"
    "# programs\n"
    "\n";

TEST(ShowProc, FindsMasterReloadsAndTheCurrentGeneration) {
  auto t = parseShowProc(kShowProcAfterReload);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->masterPid, 16722);
  EXPECT_EQ(t->masterReloads, 1u);
  EXPECT_EQ(t->failedReloads, 0u);
  ASSERT_EQ(t->workers.size(), 2u);
  EXPECT_EQ(t->currentWorker(), 16810);
}

TEST(ShowProc, ReadsFailedReloads) {
  auto t = parseShowProc("16722 master 3 [failed: 2] 0d00h00m02s 2.6.12\n# workers\n");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->failedReloads, 2u);
  EXPECT_FALSE(t->currentWorker());
}

TEST(ShowProc, RefusesAnAnswerWithoutMaster) {
  EXPECT_FALSE(parseShowProc(""));
  EXPECT_FALSE(parseShowProc("Unknown command.\n"));
}

TEST(ShowStat, MapsColumnsByHeader) {
  auto rows = parseShowStat(
      "# pxname,svname,scur,stot,status,check_status,\n"
      "owa,cas1,3,10,UP,L7OK,\n"
      "owa,cas2,0,7,DRAIN,L7OK,\n"
      "owa,BACKEND,3,17,UP,,\n\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].at("svname"), "cas1");
  EXPECT_EQ(rows[1].at("status"), "DRAIN");
  EXPECT_EQ(rows[2].at("scur"), "3");
  EXPECT_EQ(rows[2].at("check_status"), "");
}

TEST(ShowStat, IgnoresRowsBeforeAHeader) {
  EXPECT_TRUE(parseShowStat("owa,cas1,3\n").empty());
}

TEST(ShowInfo, ReadsNameValueLines) {
  auto info = parseShowInfo("Name: HAProxy\nVersion: 2.6.12\nPid: 4242\n");
  EXPECT_EQ(info.at("Pid"), "4242");
  EXPECT_EQ(info.size(), 3u);
}

TEST(CheckAlerts, KeepsTheAlertSentencesWithoutTheirPrefix) {
  const std::string output =
      "[NOTICE]   (4711) : haproxy version is 2.6.12-1+deb12u4\n"
      "[ALERT]    (4711) : config : parsing [/run/exlb/haproxy.cfg:12] : unknown keyword 'bnd' "
      "in 'frontend' section\n"
      "[WARNING]  (4711) : config : a warning an administrator does not need here\n"
      "[ALERT]    (4711) : config : Error(s) found in configuration file : /run/exlb/haproxy.cfg\n";
  EXPECT_EQ(checkAlerts(output),
            "config : parsing [/run/exlb/haproxy.cfg:12] : unknown keyword 'bnd' in 'frontend' "
            "section\n"
            "config : Error(s) found in configuration file : /run/exlb/haproxy.cfg");
}

TEST(CheckAlerts, ReturnsOutputWithoutAlertsWhole) {
  EXPECT_EQ(checkAlerts("something else went wrong\n\n"), "something else went wrong");
}

}  // namespace
}  // namespace exlb::agent
