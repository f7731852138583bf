// The protocol-112 filter's rule set without nft: a golden file, the shapes
// that render nothing, and refusal of values that could change the file's
// meaning. (tst_ha_engine loads it with the real nft inside its namespace.)
//
// After an intended change:
//   EXLB_UPDATE_GOLDEN=1 ./tst_vrrp_filter && git diff tests/agent/ha/golden

#include "ha/vrrp_filter.h"
#include "ha/vrrp_filter_counters.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "exlb/common/defaults.h"
#include "golden_file.h"
#include "ha_cases.h"

namespace exlb::agent {
namespace {

const std::filesystem::path kGoldenDir =
    std::filesystem::path(EXLB_SOURCE_DIR) / "tests/agent/ha/golden";

TEST(VrrpFilter, PairedMasterMatchesItsGoldenFile) {
  const auto r = renderVrrpFilter(test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2"), "exa");
  ASSERT_TRUE(r.ok()) << test::joinedLines(r.errors);
  test::expectMatchesGolden(kGoldenDir / "vrrp-filter-paired.nft", r.text);
}

TEST(VrrpFilter, AcceptsOnlyThePeerOnTheHaInterfaceAndDropsAllOtherVrrp) {
  const auto r = renderVrrpFilter(test::haConfig(v1::HA_ROLE_BACKUP, "198.18.0.1"), "eth1");
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r.text.find("iifname \"eth1\" ip saddr 198.18.0.1 ip protocol vrrp counter name "
                        "\"peer_adverts\" accept\n"),
            std::string::npos);
  // The drop comes after the accept and covers every other VRRP packet.
  const auto accept = r.text.find("accept\n");
  const auto drop = r.text.find("ip protocol vrrp counter name \"dropped_adverts\" drop\n");
  ASSERT_NE(drop, std::string::npos);
  EXPECT_LT(accept, drop);
  // Only exlb's own table is replaced; the policy leaves other traffic alone.
  EXPECT_NE(r.text.find("table ip exlb_vrrp\ndelete table ip exlb_vrrp\n"), std::string::npos);
  EXPECT_NE(r.text.find("policy accept;"), std::string::npos);
}

TEST(VrrpFilter, OnlyThePeerReachesTheStickTableReplicationOnTheHaInterface) {
  const auto r = renderVrrpFilter(test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2"), "eth1");
  ASSERT_TRUE(r.ok()) << test::joinedLines(r.errors);
  EXPECT_NE(r.text.find("iifname \"eth1\" ip daddr 198.18.0.1 tcp dport 4446 ip saddr != "
                        "198.18.0.2 counter name \"dropped_replication\" drop\n"),
            std::string::npos)
      << r.text;
}

TEST(VrrpFilter, NoPeerRendersNoRuleSet) {
  const auto r = renderVrrpFilter(test::haConfig(v1::HA_ROLE_MASTER, ""), "exa");
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.text.empty());
}

TEST(VrrpFilter, HaOffIsRefused) {
  const auto r = renderVrrpFilter(defaultConfig(), "exa");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.text.empty());
}

TEST(VrrpFilter, HostileValuesAreRefusedWithNoText) {
  for (const std::string iface : {"", "eth0\" accept", "a b", "eth0;", "verylonginterface0", ".."}) {
    SCOPED_TRACE(iface);
    const auto r = renderVrrpFilter(test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2"), iface);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.text.empty());
  }
  for (const std::string own : {"198.18.0.1 accept", "0.0.0.0", ""}) {
    SCOPED_TRACE(own);
    auto c = test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2");
    c.mutable_network()->set_address(own);
    const auto r = renderVrrpFilter(c, "exa");
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.text.empty());
  }
  for (const std::string peer : {"198.18.0.2 accept", "224.0.0.18", "0.0.0.0", "198.18.0.02",
                                 "198.18.0.2\n"}) {
    SCOPED_TRACE(peer);
    auto c = test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2");
    c.mutable_high_availability()->set_peer_address(peer);
    const auto r = renderVrrpFilter(c, "exa");
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.text.empty());
  }
}

TEST(VrrpFilter, RemovalDeletesOnlyOurTable) {
  const auto text = vrrpFilterRemoval();
  EXPECT_NE(text.find("delete table ip exlb_vrrp\n"), std::string::npos);
  EXPECT_EQ(text.find("flush ruleset"), std::string::npos);
  EXPECT_EQ(text.find("chain"), std::string::npos);
}

// `nft -j list table ip exlb_vrrp` as nft 1.0.6 (Debian 12) printed it for
// our rule set after 3 adverts from the peer, 5 from elsewhere and 2
// connection attempts to the replication port from elsewhere
// (fixtures/nft-list-exlb-vrrp.json, captured in a scratch namespace).
std::string capturedNftJson() {
  return test::readWholeFile(std::filesystem::path(EXLB_SOURCE_DIR) /
                             "tests/agent/ha/fixtures/nft-list-exlb-vrrp.json");
}

TEST(VrrpFilterCounters, ReadsEveryCounterFromNftsJson) {
  const auto text = capturedNftJson();
  ASSERT_FALSE(text.empty());
  const auto c = parseVrrpFilterCounters(text);
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->peer_adverts(), 3u);
  EXPECT_EQ(c->dropped_adverts(), 5u);
  EXPECT_EQ(c->dropped_replication(), 2u);
}

TEST(VrrpFilterCounters, NothingWithoutEveryCounterOfOurTable) {
  auto without = [](const std::string& from, const std::string& to) {
    auto text = capturedNftJson();
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    return text;
  };
  EXPECT_FALSE(parseVrrpFilterCounters("").has_value());
  EXPECT_FALSE(parseVrrpFilterCounters("Error: No such file or directory").has_value());
  EXPECT_FALSE(parseVrrpFilterCounters(R"({"nftables": []})").has_value());
  EXPECT_FALSE(parseVrrpFilterCounters(without(R"("name": "dropped_adverts")",
                                               R"("name": "other")"))
                   .has_value());
  EXPECT_FALSE(parseVrrpFilterCounters(without(R"("name": "dropped_replication")",
                                               R"("name": "other")"))
                   .has_value());
  // The same counter names in someone else's table are not ours.
  EXPECT_FALSE(parseVrrpFilterCounters(without(R"("name": "peer_adverts", "table": "exlb_vrrp")",
                                               R"("name": "peer_adverts", "table": "filter")"))
                   .has_value());
  EXPECT_FALSE(parseVrrpFilterCounters(without(R"("packets": 3)", R"("packets": -3)")).has_value());
  EXPECT_FALSE(parseVrrpFilterCounters(without(R"("packets": 3)", R"("packets": "3")")).has_value());
}

}  // namespace
}  // namespace exlb::agent
