#pragma once
// The text form of one stored version: a JSON envelope that an administrator
// can read, around the configuration in protobuf's JSON mapping.
//
//   {
//     "format": 1,
//     "id": "20261124T031221Z-3",
//     "actor": "admin",
//     "unix_ms": 1795490541123,
//     "time": "2026-11-24T03:12:21.123Z",   (for people; not read back)
//     "etag": "9f86d081884c7d659a2feaa0c55ad015",  (recomputed on read)
//     "config": { "schema_version": 1, "network": { ... }, ... }
//   }
//
// A bare configuration (what `exlb-agent --print-default-config` prints) is
// accepted too, so an administrator can drop one in as saved.json.
// Pure functions: no I/O.

#include <cstdint>
#include <string>
#include <string_view>

#include "config/stored_version.h"

namespace exlb::agent {

inline constexpr int kVersionFileFormat = 1;

// The file's text. Fails (false, `error`) only for a configuration that
// protobuf cannot print as JSON (e.g. a string that is not UTF-8).
bool encodeVersionFile(const StoredVersion& version, std::string& out, std::string& error);

struct DecodedVersion {
  StoredVersion version;
  unsigned migratedFrom = 0;  // the schema version found when it was migrated, else 0
  bool bare = false;          // a bare configuration without envelope
};

// Parses a version file. On failure returns false and sets `error` to a
// sentence saying what is wrong (bad JSON and where, a field of the wrong
// type, an unknown field, a schema version too new or unknown).
bool decodeVersionFile(std::string_view text, DecodedVersion& out, std::string& error);

// "20261124T031221Z-3" from a time and a sequence number.
std::string makeVersionId(std::int64_t unixMs, std::uint64_t sequence);
// The sequence number of an id made by makeVersionId, 0 if it has none.
std::uint64_t versionSequence(std::string_view id);
// Whether `id` is safe as a file name and shaped like ours.
bool isValidVersionId(std::string_view id);

// "2026-11-24T03:12:21.123Z"
std::string formatUtc(std::int64_t unixMs);

}  // namespace exlb::agent
