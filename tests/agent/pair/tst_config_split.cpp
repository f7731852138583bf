// The split of a configuration into what a pair shares and what each node
// keeps for itself, and the fingerprint that shows drift between the two.
#include <gtest/gtest.h>

#include "exlb/common/defaults.h"
#include "exlb/common/validation.h"
#include "pair/config_split.h"

using namespace exlb;
using namespace exlb::agent;

namespace {

v1::ApplianceConfig node(const char* address, v1::HaRole role, const char* peer) {
  v1::ApplianceConfig c = defaultConfig();
  c.mutable_network()->set_hostname(std::string("lb-") + address);
  c.mutable_network()->set_address(address);
  c.mutable_network()->set_netmask("255.255.255.0");
  auto* ha = c.mutable_high_availability();
  ha->set_role(role);
  ha->set_virtual_address("10.0.0.100");
  ha->set_cluster_id(7);
  ha->set_peer_address(peer);
  ha->set_peer_certificate_sha256(std::string(64, role == v1::HA_ROLE_MASTER ? 'a' : 'b'));
  ha->set_peer_port(4445);
  c.mutable_management()->set_certificate(std::string("mgmt-") + address);
  return c;
}

}  // namespace

TEST(ConfigSplit, TwoNodesOfOnePairHaveTheSameFingerprint) {
  const auto a = node("10.0.0.17", v1::HA_ROLE_MASTER, "10.0.0.18");
  const auto b = node("10.0.0.18", v1::HA_ROLE_BACKUP, "10.0.0.17");
  EXPECT_EQ(configFingerprint(a), configFingerprint(b));
  EXPECT_EQ(configFingerprint(a).size(), 64u);
  EXPECT_EQ(sharedAreasThatDiffer(a, b), "");
}

TEST(ConfigSplit, ASharedChangeChangesTheFingerprintAndNamesTheArea) {
  const auto a = node("10.0.0.17", v1::HA_ROLE_MASTER, "10.0.0.18");
  auto b = node("10.0.0.18", v1::HA_ROLE_BACKUP, "10.0.0.17");
  auto* s = b.add_cas_servers();
  s->set_address("10.0.0.31");
  s->set_name("cas9");
  EXPECT_NE(configFingerprint(a), configFingerprint(b));
  EXPECT_EQ(sharedAreasThatDiffer(a, b), "cas_servers");

  auto c = node("10.0.0.18", v1::HA_ROLE_BACKUP, "10.0.0.17");
  c.mutable_high_availability()->set_virtual_address("10.0.0.101");
  EXPECT_NE(configFingerprint(a), configFingerprint(c)) << "the VIP must be equal on both nodes";
  auto d = node("10.0.0.18", v1::HA_ROLE_BACKUP, "10.0.0.17");
  d.mutable_system()->set_timezone("Europe/Paris");
  EXPECT_EQ(sharedAreasThatDiffer(a, d), "system");
}

TEST(ConfigSplit, SharedPartKeepsNothingNodeSpecific) {
  const auto a = node("10.0.0.17", v1::HA_ROLE_MASTER, "10.0.0.18");
  const auto shared = sharedPart(a);
  EXPECT_FALSE(shared.has_network());
  EXPECT_EQ(shared.high_availability().role(), v1::HA_ROLE_UNSPECIFIED);
  EXPECT_EQ(shared.high_availability().peer_address(), "");
  EXPECT_EQ(shared.high_availability().peer_certificate_sha256(), "");
  EXPECT_EQ(shared.high_availability().peer_port(), 0u);
  EXPECT_EQ(shared.management().certificate(), "");
  EXPECT_EQ(shared.high_availability().virtual_address(), "10.0.0.100");
  EXPECT_EQ(shared.http().SerializeAsString(), a.http().SerializeAsString());
}

TEST(ConfigSplit, MergeTakesSharedFromOneAndNodeSpecificFromTheOther) {
  auto a = node("10.0.0.17", v1::HA_ROLE_MASTER, "10.0.0.18");
  a.mutable_system()->set_timezone("Europe/Paris");
  const auto b = node("10.0.0.18", v1::HA_ROLE_BACKUP, "10.0.0.17");
  const auto merged = mergeShared(sharedPart(a), b);
  EXPECT_EQ(merged.network().address(), "10.0.0.18");
  EXPECT_EQ(merged.high_availability().role(), v1::HA_ROLE_BACKUP);
  EXPECT_EQ(merged.high_availability().peer_address(), "10.0.0.17");
  EXPECT_EQ(merged.high_availability().peer_certificate_sha256(), std::string(64, 'b'));
  EXPECT_EQ(merged.management().certificate(), "mgmt-10.0.0.18");
  EXPECT_EQ(merged.system().timezone(), "Europe/Paris");
  EXPECT_EQ(configFingerprint(merged), configFingerprint(a));
  EXPECT_FALSE(hasErrors(validateConfig(merged)));
}

TEST(ConfigSplit, FingerprintIsStableAcrossACopyThroughTheWire) {
  const auto a = node("10.0.0.17", v1::HA_ROLE_MASTER, "10.0.0.18");
  v1::ApplianceConfig copy;
  ASSERT_TRUE(copy.ParseFromString(a.SerializeAsString()));
  EXPECT_EQ(configFingerprint(copy), configFingerprint(a));
}

TEST(PairValidation, PeerFingerprintMustBeSixtyFourHexDigits) {
  auto a = node("10.0.0.17", v1::HA_ROLE_MASTER, "10.0.0.18");
  EXPECT_FALSE(hasErrors(validateConfig(a)));
  for (const std::string& bad : {std::string(63, 'a'), std::string(65, 'a'),
                                std::string("AB:CD:") + std::string(58, 'a'), std::string(64, 'g')}) {
    a.mutable_high_availability()->set_peer_certificate_sha256(bad);
    const auto problems = validateConfig(a);
    ASSERT_TRUE(hasErrors(problems)) << bad;
    bool named = false;
    for (const auto& p : problems)
      named = named || (p.path == "high_availability.peer_certificate_sha256" &&
                        p.message.find("64 hexadecimal digits") != std::string::npos);
    EXPECT_TRUE(named) << bad;
  }
  a.mutable_high_availability()->set_peer_certificate_sha256(std::string(64, 'F'));
  EXPECT_FALSE(hasErrors(validateConfig(a))) << "upper case hex is accepted";
}

TEST(PairValidation, PeerPortAbove65535IsRefused) {
  auto a = node("10.0.0.17", v1::HA_ROLE_MASTER, "10.0.0.18");
  a.mutable_high_availability()->set_peer_port(70000);
  const auto problems = validateConfig(a);
  ASSERT_TRUE(hasErrors(problems));
  EXPECT_EQ(problems.front().path, "high_availability.peer_port");
}
