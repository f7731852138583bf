#pragma once
// Upgrades a stored configuration written by an older build to the schema
// this build reads (exlb::kSchemaVersion).
//
// Migrations work on the JSON object (protobuf's JSON mapping, field names as
// in the .proto) rather than on the message: a field that was renamed or
// retyped would not even parse into today's message. Each step takes one
// version to the next and sets schema_version itself.

#include <span>
#include <string>

#include <nlohmann/json.hpp>

namespace exlb::agent {

struct SchemaMigration {
  unsigned from = 0;          // upgrades schema_version `from` to `from + 1`
  const char* what = "";      // one line for the log: what changed
  void (*apply)(nlohmann::json& config) = nullptr;
};

// The migrations this build knows, oldest first. Empty while the schema is at
// version 1; add a step here (and a test) with every schema bump.
std::span<const SchemaMigration> schemaMigrations();

enum class MigrationResult {
  Current,    // already at `target`: nothing done
  Migrated,   // upgraded to `target`
  TooNew,     // written by a newer build: refused, never downgraded
  Unknown,    // no path from its version (e.g. 0: no schema_version at all)
};

// Migrates `config` (a JSON object) to `target` with `table`. `fromVersion`
// receives the version found. `error` explains TooNew and Unknown.
MigrationResult migrateConfigJson(nlohmann::json& config, std::span<const SchemaMigration> table,
                                  unsigned target, unsigned& fromVersion, std::string& error);

}  // namespace exlb::agent
