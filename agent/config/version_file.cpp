#include "config/version_file.h"

#include <charconv>
#include <ctime>

#include <nlohmann/json.hpp>

#include "config/config_store.h"
#include "config/schema_migration.h"
#include "exlb/common/config_json.h"
#include "exlb/common/defaults.h"

namespace exlb::agent {

namespace {

std::tm utcTm(std::int64_t unixMs) {
  const std::time_t secs = static_cast<std::time_t>(unixMs / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  return tm;
}

// Reads an optional string member; false if present with another type.
bool optionalString(const nlohmann::json& obj, const char* key, std::string& out,
                    std::string& error) {
  const auto it = obj.find(key);
  if (it == obj.end()) return true;
  if (!it->is_string()) {
    error = std::string("\"") + key + "\" is not a string";
    return false;
  }
  out = it->get<std::string>();
  return true;
}

bool decodeDocument(nlohmann::json doc, DecodedVersion& out, std::string& error);

bool decodeConfig(nlohmann::json config, DecodedVersion& out, std::string& error) {
  if (!config.is_object()) {
    error = "\"config\" is not a JSON object";
    return false;
  }
  unsigned from = 0;
  std::string why;
  switch (migrateConfigJson(config, schemaMigrations(), kSchemaVersion, from, why)) {
    case MigrationResult::Current:
      break;
    case MigrationResult::Migrated:
      out.migratedFrom = from;
      break;
    case MigrationResult::TooNew:
    case MigrationResult::Unknown:
      error = "the configuration " + why;
      return false;
  }
  if (!configFromJson(config.dump(), out.version.config, why)) {
    error = "the configuration does not match the schema: " + why;
    return false;
  }
  out.version.etag = ConfigStore::etagOf(out.version.config);
  return true;
}

}  // namespace

std::string formatUtc(std::int64_t unixMs) {
  const std::tm tm = utcTm(unixMs);
  char buf[40];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%03dZ", buf, static_cast<int>(((unixMs % 1000) + 1000) % 1000));
  return out;
}

std::string makeVersionId(std::int64_t unixMs, std::uint64_t sequence) {
  const std::tm tm = utcTm(unixMs);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return std::string(buf) + "-" + std::to_string(sequence);
}

std::uint64_t versionSequence(std::string_view id) {
  const auto dash = id.rfind('-');
  if (dash == std::string_view::npos) return 0;
  std::uint64_t seq = 0;
  const char* first = id.data() + dash + 1;
  const char* last = id.data() + id.size();
  const auto [ptr, ec] = std::from_chars(first, last, seq);
  if (ec != std::errc() || ptr != last) return 0;
  return seq;
}

bool isValidVersionId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (const char c : id) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

bool encodeVersionFile(const StoredVersion& version, std::string& out, std::string& error) {
  // ordered_json keeps protobuf's field order, so the file reads like the
  // schema.
  auto config = nlohmann::ordered_json::parse(configToJson(version.config), nullptr, false);
  if (config.is_discarded() || !config.is_object()) {
    error = "the configuration cannot be written as JSON (a text field is not valid UTF-8?)";
    return false;
  }
  nlohmann::ordered_json doc;
  doc["format"] = kVersionFileFormat;
  doc["id"] = version.id;
  doc["actor"] = version.actor;
  doc["unix_ms"] = version.unix_ms;
  doc["time"] = formatUtc(version.unix_ms);
  doc["etag"] = version.etag;
  doc["config"] = std::move(config);
  out = doc.dump(2) + "\n";
  return true;
}

bool decodeVersionFile(std::string_view text, DecodedVersion& out, std::string& error) {
  try {
    return decodeDocument(nlohmann::json::parse(text), out, error);
  } catch (const nlohmann::json::parse_error& e) {
    error = std::string("is not valid JSON: ") + e.what();
  } catch (const nlohmann::json::exception& e) {
    error = std::string("cannot be read: ") + e.what();
  }
  out = DecodedVersion{};
  return false;
}

namespace {

bool decodeDocument(nlohmann::json doc, DecodedVersion& out, std::string& error) {
  out = DecodedVersion{};
  if (!doc.is_object()) {
    error = "is not a JSON object";
    return false;
  }
  if (!doc.contains("config") && doc.contains("schema_version")) {
    out.bare = true;
    return decodeConfig(std::move(doc), out, error);
  }
  const auto format = doc.find("format");
  if (format == doc.end() || !format->is_number_integer()) {
    error = "has no \"format\" number (not an exlb configuration file)";
    return false;
  }
  if (format->get<std::int64_t>() != kVersionFileFormat) {
    error = "has file format " + format->dump() + "; this build reads format " +
            std::to_string(kVersionFileFormat);
    return false;
  }
  StoredVersion& v = out.version;
  if (!optionalString(doc, "id", v.id, error) || !optionalString(doc, "actor", v.actor, error)) {
    return false;
  }
  if (!isValidVersionId(v.id)) {
    error = "has an invalid version id";
    return false;
  }
  const auto ms = doc.find("unix_ms");
  if (ms != doc.end()) {
    if (!ms->is_number_integer()) {
      error = "\"unix_ms\" is not a whole number";
      return false;
    }
    v.unix_ms = ms->get<std::int64_t>();
  }
  const auto config = doc.find("config");
  if (config == doc.end()) {
    error = "has no \"config\"";
    return false;
  }
  if (!decodeConfig(*config, out, error)) return false;
  return true;
}

}  // namespace

}  // namespace exlb::agent
