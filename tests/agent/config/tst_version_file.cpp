// The store's file format and schema migrations: pure functions.
#include <gtest/gtest.h>

#include "config/config_store.h"
#include "config/schema_migration.h"
#include "config/version_file.h"
#include "exlb/common/config_json.h"
#include "exlb/common/defaults.h"

using namespace exlb;
using namespace exlb::agent;

namespace {

StoredVersion sample() {
  StoredVersion v;
  v.config = defaultConfig();
  v.config.mutable_network()->set_hostname("lb-\"quoted\"\n");
  v.etag = ConfigStore::etagOf(v.config);
  v.id = makeVersionId(1795490541123, 7);
  v.unix_ms = 1795490541123;
  v.actor = "admin";
  return v;
}

}  // namespace

TEST(VersionFile, RoundTripsEveryField) {
  const auto v = sample();
  std::string text, error;
  ASSERT_TRUE(encodeVersionFile(v, text, error)) << error;
  DecodedVersion d;
  ASSERT_TRUE(decodeVersionFile(text, d, error)) << error;
  EXPECT_EQ(d.version.id, v.id);
  EXPECT_EQ(d.version.actor, "admin");
  EXPECT_EQ(d.version.unix_ms, v.unix_ms);
  EXPECT_EQ(d.version.etag, v.etag);
  EXPECT_EQ(d.version.config.SerializeAsString(), v.config.SerializeAsString());
  EXPECT_EQ(d.migratedFrom, 0u);
  EXPECT_FALSE(d.bare);
}

TEST(VersionFile, IsReadableJsonWithAUtcTime) {
  std::string text, error;
  ASSERT_TRUE(encodeVersionFile(sample(), text, error));
  EXPECT_NE(text.find("\"time\": \"2026-11-24T03:22:21.123Z\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"id\": \"20261124T032221Z-7\""), std::string::npos);
  EXPECT_LT(text.find("\"schema_version\""), text.find("\"network\""));  // schema order kept
}

TEST(VersionFile, EtagIsRecomputedNotTrusted) {
  std::string text, error;
  ASSERT_TRUE(encodeVersionFile(sample(), text, error));
  const auto at = text.find(sample().etag);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, 32, std::string(32, '0'));
  DecodedVersion d;
  ASSERT_TRUE(decodeVersionFile(text, d, error)) << error;
  EXPECT_EQ(d.version.etag, sample().etag);
}

TEST(VersionFile, RefusalsSayWhatIsWrong) {
  std::string text, error;
  ASSERT_TRUE(encodeVersionFile(sample(), text, error));
  DecodedVersion d;
  EXPECT_FALSE(decodeVersionFile(text.substr(0, 100), d, error));
  EXPECT_NE(error.find("not valid JSON"), std::string::npos) << error;
  EXPECT_FALSE(decodeVersionFile("\"just a string\"", d, error));
  EXPECT_NE(error.find("not a JSON object"), std::string::npos) << error;
  EXPECT_FALSE(decodeVersionFile(R"({"format": 1, "id": "../../etc/x", "config": {}})", d, error));
  EXPECT_NE(error.find("version id"), std::string::npos) << error;
  EXPECT_FALSE(decodeVersionFile(R"({"format": 1, "id": "a-1", "config": {"schema_version": 9}})", d, error));
  EXPECT_NE(error.find("newer"), std::string::npos) << error;
  EXPECT_FALSE(decodeVersionFile(R"({"format": 1, "id": "a-1", "config": {"schema_version": 4294967297}})", d, error));
  EXPECT_NE(error.find("newer"), std::string::npos) << error;
  EXPECT_FALSE(decodeVersionFile(R"({"format": 1, "id": "a-1", "config": {"schema_version": 1, "nope": 2}})", d, error));
  EXPECT_NE(error.find("nope"), std::string::npos) << error;
  EXPECT_FALSE(decodeVersionFile(R"({"format": 1, "id": "a-1", "actor": 5, "config": {"schema_version": 1}})", d, error));
  EXPECT_NE(error.find("actor"), std::string::npos) << error;
}

TEST(VersionFile, AcceptsABareConfiguration) {
  DecodedVersion d;
  std::string error;
  ASSERT_TRUE(decodeVersionFile(configToJson(defaultConfig()), d, error)) << error;
  EXPECT_TRUE(d.bare);
  EXPECT_TRUE(d.version.id.empty());
  EXPECT_EQ(d.version.etag, ConfigStore::etagOf(defaultConfig()));
}

TEST(VersionFile, IdsCarryTheirSequence) {
  EXPECT_EQ(makeVersionId(1795490541000, 3), "20261124T032221Z-3");
  EXPECT_EQ(versionSequence("20261124T032221Z-3"), 3u);
  EXPECT_EQ(versionSequence("20261124T032221Z-x"), 0u);
  EXPECT_EQ(versionSequence("nodash"), 0u);
  EXPECT_TRUE(isValidVersionId("20261124T032221Z-3"));
  EXPECT_FALSE(isValidVersionId(""));
  EXPECT_FALSE(isValidVersionId("a/b"));
  EXPECT_FALSE(isValidVersionId(".."));
  EXPECT_FALSE(isValidVersionId(std::string(65, 'a')));
}

// The migration machinery, with a pretend history of schema versions.
namespace {
void oneToTwo(nlohmann::json& c) {
  c["network"]["hostname"] = "migrated-" + c["network"]["hostname"].get<std::string>();
  c["schema_version"] = 2;
}
void twoToThree(nlohmann::json& c) { c["schema_version"] = 3; }
void forgetsToBump(nlohmann::json&) {}
}  // namespace

TEST(SchemaMigration, StepsThroughEveryVersionInOrder) {
  const SchemaMigration table[] = {{2, "b", twoToThree}, {1, "a", oneToTwo}};
  nlohmann::json c = {{"schema_version", 1}, {"network", {{"hostname", "lb"}}}};
  unsigned from = 0;
  std::string error;
  EXPECT_EQ(migrateConfigJson(c, table, 3, from, error), MigrationResult::Migrated) << error;
  EXPECT_EQ(from, 1u);
  EXPECT_EQ(c["schema_version"], 3);
  EXPECT_EQ(c["network"]["hostname"], "migrated-lb");
}

TEST(SchemaMigration, RefusesNewerMissingAndBrokenSteps) {
  const SchemaMigration table[] = {{1, "a", forgetsToBump}};
  unsigned from = 0;
  std::string error;
  nlohmann::json newer = {{"schema_version", 4}};
  EXPECT_EQ(migrateConfigJson(newer, table, 3, from, error), MigrationResult::TooNew);
  nlohmann::json none = nlohmann::json::object();
  EXPECT_EQ(migrateConfigJson(none, table, 3, from, error), MigrationResult::Unknown);
  EXPECT_NE(error.find("no schema_version"), std::string::npos);
  nlohmann::json gap = {{"schema_version", 2}};
  EXPECT_EQ(migrateConfigJson(gap, table, 3, from, error), MigrationResult::Unknown);
  nlohmann::json broken = {{"schema_version", 1}};
  EXPECT_EQ(migrateConfigJson(broken, table, 3, from, error), MigrationResult::Unknown);
  EXPECT_NE(error.find("did not set"), std::string::npos);
  nlohmann::json current = {{"schema_version", 3}};
  EXPECT_EQ(migrateConfigJson(current, table, 3, from, error), MigrationResult::Current);
}

TEST(SchemaMigration, TheBuildsTableReachesTheCurrentVersion) {
  // Every older version this build claims to read has a path to the current one.
  for (const auto& step : schemaMigrations()) {
    nlohmann::json c = {{"schema_version", step.from}};
    unsigned from = 0;
    std::string error;
    EXPECT_NE(migrateConfigJson(c, schemaMigrations(), kSchemaVersion, from, error),
              MigrationResult::Unknown) << "from " << step.from << ": " << error;
  }
  EXPECT_EQ(kSchemaVersion, 1u + schemaMigrations().size());
}
