// diffConfigs: the field-level differences the console lists as pending
// changes and shows as drift between the nodes of a pair.
#include <gtest/gtest.h>

#include "exlb/common/config_diff.h"
#include "test_configs.h"

using namespace exlb;
using Kind = FieldChange::Kind;

namespace {

TEST(ConfigDiff, IdenticalConfigurationsHaveNoDifference) {
  EXPECT_TRUE(diffConfigs(defaultConfig(), defaultConfig()).empty());
  EXPECT_TRUE(diffConfigs(test::cleanConfig(), test::cleanConfig()).empty());
}

TEST(ConfigDiff, ScalarsAndChoicesShowBeforeAndAfter) {
  const auto before = test::cleanConfig();
  auto after = before;
  after.mutable_network()->set_gateway("10.0.1.254");
  after.mutable_http()->set_mode(v1::HTTP_MODE_SSL_FORWARD);
  after.mutable_http()->mutable_applications()->set_activesync(v1::TOGGLE_DISABLED);
  after.mutable_rpc()->set_client_access_port(59600);
  const std::vector<FieldChange> expected = {
      {Kind::Changed, "network.gateway", "10.0.1.1", "10.0.1.254"},
      {Kind::Changed, "http.mode", "HTTP_MODE_SSL_OFFLOAD", "HTTP_MODE_SSL_FORWARD"},
      {Kind::Changed, "http.applications.activesync", "TOGGLE_ENABLED", "TOGGLE_DISABLED"},
      {Kind::Changed, "rpc.client_access_port", "60000", "59600"},
  };
  EXPECT_EQ(diffConfigs(before, after), expected);
}

TEST(ConfigDiff, ListsCompareByPositionAndNameAddedAndRemovedElements) {
  const auto before = test::cleanConfig();  // CAS1 10.0.0.15, CAS2 10.0.0.16
  auto after = before;
  after.mutable_cas_servers(1)->set_admin_state(v1::SERVER_ADMIN_STATE_DRAIN);
  auto* third = after.add_cas_servers();
  third->set_address("10.0.0.19");
  third->set_admin_state(v1::SERVER_ADMIN_STATE_READY);
  const auto changes = diffConfigs(before, after);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0], (FieldChange{Kind::Changed, "cas_servers[1].admin_state",
                                     "SERVER_ADMIN_STATE_READY", "SERVER_ADMIN_STATE_DRAIN"}));
  EXPECT_EQ(changes[1].kind, Kind::Added);
  EXPECT_EQ(changes[1].path, "cas_servers[2]");
  EXPECT_EQ(changes[1].before, "");
  EXPECT_NE(changes[1].after.find("\"address\":\"10.0.0.19\""), std::string::npos) << changes[1].after;

  const auto back = diffConfigs(after, before);
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[1].kind, Kind::Removed);
  EXPECT_EQ(back[1].path, "cas_servers[2]");
  EXPECT_EQ(back[1].after, "");
  EXPECT_NE(back[1].before.find("10.0.0.19"), std::string::npos);
}

TEST(ConfigDiff, NestedListsInsideAreasHaveFullPaths) {
  const auto before = test::cleanConfig();
  auto after = before;
  auto* route = after.mutable_network()->add_static_routes();
  route->set_network("172.16.0.0");
  auto* hub = after.mutable_smtp()->add_hub_servers();
  hub->set_address("10.0.0.21");
  const auto changes = diffConfigs(before, after);
  ASSERT_EQ(changes.size(), 2u);
  EXPECT_EQ(changes[0].path, "network.static_routes[0]");
  EXPECT_EQ(changes[1].path, "smtp.hub_servers[0]");
}

TEST(ConfigDiff, EmptyConfigurationDiffersFromFactoryInEveryNonZeroField) {
  const auto changes = diffConfigs(v1::ApplianceConfig(), defaultConfig());
  bool hostname = false;
  for (const auto& c : changes) {
    EXPECT_EQ(c.kind, Kind::Changed) << c.path;
    EXPECT_NE(c.before, c.after) << c.path;
    hostname |= c.path == "network.hostname" && c.before.empty() && c.after == "exlb";
  }
  EXPECT_TRUE(hostname);
  // Unset choices read as their UNSPECIFIED name, so a drift view says what is missing.
  bool mode = false;
  for (const auto& c : changes) mode |= c.path == "http.mode" && c.before == "HTTP_MODE_UNSPECIFIED";
  EXPECT_TRUE(mode);
}

}  // namespace
