// keepalived.conf without keepalived: golden files for every shape the agent
// renders, determinism, and refusal of anything that could change the file's
// meaning. (tst_keepalived_config_check runs `keepalived -t` on the same cases.)
//
// Golden files live in tests/agent/ha/golden/. After an intended change:
//   EXLB_UPDATE_GOLDEN=1 ./tst_keepalived_renderer && git diff tests/agent/ha/golden

#include "ha/keepalived_renderer.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "exlb/common/validation.h"
#include "golden_file.h"
#include "ha_cases.h"

namespace exlb::agent {
namespace {

const std::filesystem::path kGoldenDir =
    std::filesystem::path(EXLB_SOURCE_DIR) / "tests/agent/ha/golden";

using test::joinedLines;

KeepalivedRenderContext context() {
  KeepalivedRenderContext c;
  c.interface = "exa";
  c.runDir = "/run/exlb";
  return c;
}

TEST(KeepalivedRendererGolden, EveryCaseMatchesItsGoldenFile) {
  for (const auto& kc : test::keepalivedCases()) {
    SCOPED_TRACE(kc.name);
    ASSERT_FALSE(hasErrors(validateConfig(kc.config))) << "the case itself must be valid";
    const auto r = renderKeepalivedConfig(kc.config, kc.context);
    ASSERT_TRUE(r.ok()) << joinedLines(r.errors);
    test::expectMatchesGolden(kGoldenDir / (kc.name + ".conf"), r.text);
  }
}

TEST(KeepalivedRenderer, IsDeterministic) {
  for (const auto& kc : test::keepalivedCases())
    EXPECT_EQ(renderKeepalivedConfig(kc.config, kc.context).text,
              renderKeepalivedConfig(kc.config, kc.context).text);
}

TEST(KeepalivedRenderer, MasterOutranksBackupAndBothStartAsBackup) {
  const auto master = renderKeepalivedConfig(test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2"), context());
  const auto backup = renderKeepalivedConfig(test::haConfig(v1::HA_ROLE_BACKUP, "198.18.0.2"), context());
  ASSERT_TRUE(master.ok() && backup.ok());
  EXPECT_NE(master.text.find("priority " + std::to_string(kMasterPriority) + "\n"), std::string::npos);
  EXPECT_NE(backup.text.find("priority " + std::to_string(kBackupPriority) + "\n"), std::string::npos);
  EXPECT_GT(kMasterPriority, kBackupPriority);
  for (const auto* text : {&master.text, &backup.text}) {
    EXPECT_NE(text->find("state BACKUP\n"), std::string::npos);
    EXPECT_EQ(text->find("state MASTER"), std::string::npos);
  }
}

TEST(KeepalivedRenderer, UnicastToThePeerOnlyWhenOneIsSet) {
  const auto unicast = renderKeepalivedConfig(test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2"), context());
  ASSERT_TRUE(unicast.ok());
  EXPECT_NE(unicast.text.find("unicast_src_ip 198.18.0.1\n"), std::string::npos);
  EXPECT_NE(unicast.text.find("check_unicast_src\n"), std::string::npos);
  EXPECT_NE(unicast.text.find("    198.18.0.2\n"), std::string::npos);
  const auto multicast = renderKeepalivedConfig(test::haConfig(v1::HA_ROLE_MASTER, ""), context());
  ASSERT_TRUE(multicast.ok());
  EXPECT_EQ(multicast.text.find("unicast"), std::string::npos);
  EXPECT_NE(multicast.text.find("mcast_src_ip 198.18.0.1\n"), std::string::npos);
}

TEST(KeepalivedRenderer, APairedNodeNeverPreemptsAnUnpairedOneWaits) {
  // Paired (peer and its pinned certificate): the agents hand the address
  // back themselves, holder first (docs/ha.md), so keepalived must not preempt.
  auto paired = test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2");
  paired.mutable_high_availability()->set_peer_certificate_sha256(std::string(64, 'a'));
  const auto p = renderKeepalivedConfig(paired, context());
  ASSERT_TRUE(p.ok());
  EXPECT_NE(p.text.find("\n  nopreempt\n"), std::string::npos) << p.text;
  EXPECT_EQ(p.text.find("preempt_delay"), std::string::npos) << p.text;
  // No pair channel: keepalived's own delayed preemption.
  const auto u = renderKeepalivedConfig(test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2"), context());
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u.text.find("nopreempt"), std::string::npos) << u.text;
  EXPECT_NE(u.text.find("preempt_delay"), std::string::npos) << u.text;
  // Both run the VRRP process at the highest nice priority (adverts on time under load).
  EXPECT_NE(p.text.find("vrrp_priority -20"), std::string::npos);
}

TEST(KeepalivedRenderer, VirtualAddressTakesTheNetworkPrefix) {
  auto c = test::haConfig(v1::HA_ROLE_MASTER, "");
  c.mutable_network()->set_netmask("255.255.255.128");
  const auto r = renderKeepalivedConfig(c, context());
  ASSERT_TRUE(r.ok()) << joinedLines(r.errors);
  EXPECT_NE(r.text.find("198.18.0.10/25 dev exa\n"), std::string::npos);
}

TEST(KeepalivedRenderer, HighAvailabilityOffRendersNothing) {
  auto c = test::haConfig(v1::HA_ROLE_DISABLED, "");
  EXPECT_FALSE(highAvailabilityEnabled(c));
  const auto r = renderKeepalivedConfig(c, context());
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(r.text.empty());
}

// Values that would add a keyword, a block or a second address if they
// reached the file raw. Each is refused, with no text at all.
TEST(KeepalivedRenderer, RefusesHostileValues) {
  struct Case {
    const char* what;
    std::function<void(v1::ApplianceConfig&, KeepalivedRenderContext&)> spoil;
    const char* path;
  };
  const std::vector<Case> cases = {
      {"newline in the virtual address",
       [](auto& c, auto&) { c.mutable_high_availability()->set_virtual_address("198.18.0.10\n}\nvrrp_script x {"); },
       "high_availability.virtual_address"},
      {"brace in the peer", [](auto& c, auto&) { c.mutable_high_availability()->set_peer_address("198.18.0.2 }"); },
       "high_availability.peer_address"},
      {"octal-looking address", [](auto& c, auto&) { c.mutable_network()->set_address("198.18.0.010"); },
       "network.address"},
      {"multicast as the virtual address",
       [](auto& c, auto&) { c.mutable_high_availability()->set_virtual_address("224.0.0.18"); },
       "high_availability.virtual_address"},
      {"non-contiguous netmask", [](auto& c, auto&) { c.mutable_network()->set_netmask("255.0.255.0"); },
       "network.netmask"},
      {"router id 0", [](auto& c, auto&) { c.mutable_high_availability()->set_cluster_id(0); },
       "high_availability.cluster_id"},
      {"router id 256", [](auto& c, auto&) { c.mutable_high_availability()->set_cluster_id(256); },
       "high_availability.cluster_id"},
      {"interface with a space", [](auto&, auto& x) { x.interface = "exa include /etc/passwd"; }, "network.address"},
      {"interface with a newline", [](auto&, auto& x) { x.interface = "exa\n"; }, "network.address"},
      {"no interface", [](auto&, auto& x) { x.interface = ""; }, "network.address"},
      {"interface too long", [](auto&, auto& x) { x.interface = "abcdefghijklmnop"; }, "network.address"},
      {"run dir with a space", [](auto&, auto& x) { x.runDir = "/run/ex lb"; }, "run directory"},
      {"relative run dir", [](auto&, auto& x) { x.runDir = "run"; }, "run directory"},
      {"advert interval 5 ms", [](auto&, auto& x) { x.advertInterval = std::chrono::milliseconds(5); }, "advert interval"},
      {"advert interval 105 ms", [](auto&, auto& x) { x.advertInterval = std::chrono::milliseconds(105); }, "advert interval"},
      {"preempt delay 1001 s", [](auto&, auto& x) { x.preemptDelay = std::chrono::seconds(1001); }, "preempt delay"},
  };
  for (const auto& tc : cases) {
    SCOPED_TRACE(tc.what);
    auto c = test::haConfig(v1::HA_ROLE_MASTER, "198.18.0.2");
    auto x = context();
    tc.spoil(c, x);
    const auto r = renderKeepalivedConfig(c, x);
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(r.text.empty());
    ASSERT_FALSE(r.errors.empty());
    EXPECT_EQ(r.errors.front().rfind(tc.path, 0), 0u) << r.errors.front();
  }
}

TEST(KeepalivedRenderer, InterfaceNames) {
  EXPECT_TRUE(isSafeInterfaceName("eth0"));
  EXPECT_TRUE(isSafeInterfaceName("ens18.100"));
  EXPECT_TRUE(isSafeInterfaceName("br-lan_1"));
  EXPECT_FALSE(isSafeInterfaceName(".."));
  EXPECT_FALSE(isSafeInterfaceName("eth0 "));
  EXPECT_FALSE(isSafeInterfaceName("eth0#"));
  EXPECT_FALSE(isSafeInterfaceName("eth\"0"));
}

}  // namespace
}  // namespace exlb::agent
