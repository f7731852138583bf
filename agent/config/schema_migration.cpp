#include "config/schema_migration.h"

#include <array>
#include <cstdint>

namespace exlb::agent {

namespace {

// Schema 1 is the first one: nothing to migrate from yet. A future step
// looks like:
//   {1, "http.timeout split into client/server", [](nlohmann::json& c) { ...;
//        c["schema_version"] = 2; }},
constexpr std::array<SchemaMigration, 0> kMigrations{};

// Parsed JSON stores non-negative numbers as unsigned, numbers set in code
// (c["schema_version"] = 2) as signed: accept both, never a negative one.
bool isWholeNumber(const nlohmann::json& v) {
  return v.is_number_unsigned() || (v.is_number_integer() && v.get<std::int64_t>() >= 0);
}

}  // namespace

std::span<const SchemaMigration> schemaMigrations() { return kMigrations; }

MigrationResult migrateConfigJson(nlohmann::json& config, std::span<const SchemaMigration> table,
                                  unsigned target, unsigned& fromVersion, std::string& error) {
  fromVersion = 0;
  const auto it = config.find("schema_version");
  if (it != config.end()) {
    if (!isWholeNumber(*it)) {
      error = "schema_version is not a non-negative whole number";
      return MigrationResult::Unknown;
    }
    const auto found = it->get<std::uint64_t>();
    // Clamp: a huge number is "too new", never wrapped into a small one.
    fromVersion = found > 0xffffffffu ? 0xffffffffu : static_cast<unsigned>(found);
  }
  if (fromVersion == target) return MigrationResult::Current;
  if (fromVersion > target) {
    error = "written with schema version " + std::to_string(fromVersion) +
            " by a newer exlb; this build reads up to version " + std::to_string(target);
    return MigrationResult::TooNew;
  }
  unsigned version = fromVersion;
  while (version < target) {
    const SchemaMigration* step = nullptr;
    for (const auto& m : table) {
      if (m.from == version) step = &m;
    }
    if (step == nullptr || step->apply == nullptr) {
      error = fromVersion == 0 ? std::string("has no schema_version")
                               : "schema version " + std::to_string(version) +
                                     " has no migration to " + std::to_string(version + 1);
      return MigrationResult::Unknown;
    }
    step->apply(config);
    const auto after = config.find("schema_version");
    if (after == config.end() || !isWholeNumber(*after) ||
        after->get<std::uint64_t>() != version + 1) {
      // A migration that forgets to bump the version would loop forever.
      error = "migration from schema version " + std::to_string(version) +
              " did not set schema_version to " + std::to_string(version + 1);
      return MigrationResult::Unknown;
    }
    ++version;
  }
  return MigrationResult::Migrated;
}

}  // namespace exlb::agent
