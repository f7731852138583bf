// Audit lines: one per change, hostile values cannot break or forge a line.
#include <gtest/gtest.h>

#include "api/audit_trail.h"
#include "exlb/common/defaults.h"

namespace exlb::agent {
namespace {

TEST(AuditTrail, HostileValuesStayInsideTheirField) {
  const std::string hostile = "x\" user=root action=forged\nnext line";
  const std::string line = "2026-11-24T03:12:21.123Z info  [audit] user=" + auditValue(hostile) +
                           " address=127.0.0.1 action=login result=failed";
  EXPECT_EQ(line.find('\n'), std::string::npos);
  const auto entry = parseAuditLine(line);
  EXPECT_EQ(entry.user(), hostile);
  EXPECT_EQ(entry.action(), "login");
  EXPECT_EQ(entry.address(), "127.0.0.1");
  EXPECT_EQ(entry.detail(), "result=failed");
  EXPECT_EQ(entry.time(), "2026-11-24T03:12:21.123Z");
}

TEST(AuditTrail, ChangedAreasNameTopLevelFields) {
  auto before = defaultConfig();
  auto after = before;
  EXPECT_EQ(changedAreas(before, after), "none");
  after.mutable_network()->set_hostname("other");
  after.add_cas_servers()->set_address("192.168.0.21");
  EXPECT_EQ(changedAreas(before, after), "network,cas_servers");
}

}  // namespace
}  // namespace exlb::agent
