#pragma once
// The audit log: one line per change a person makes (and per login, logout
// and refused attempt), through the "audit" logger, which writes
// <data-dir>/audit.log (rotated) and stderr. A line reads
//
//   2026-11-24T03:12:21.123Z info  [audit] user=admin address=127.0.0.1 action=config.replace areas=http,cas_servers old_etag=a1 new_etag=b2 result=ok
//
// Every value is a single token; values holding spaces, quotes, '=' or
// control characters are quoted with C-style escapes, so a hostile user name
// can neither break a line nor forge a field.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "app/appliance.h"
#include "exlb/v1/api.pb.h"

namespace exlb::agent {

using AuditFields = std::vector<std::pair<std::string, std::string>>;

class AuditTrail {
 public:
  explicit AuditTrail(std::filesystem::path dataDir);

  void record(const Actor& actor, std::string_view action, const AuditFields& fields) const;
  // The newest `limit` lines (oldest first), from audit.log and its rotations.
  v1::AuditLogResponse read(std::size_t limit) const;

 private:
  std::filesystem::path data_dir_;
};

// One value as it appears in a line (quoted and escaped when needed).
std::string auditValue(std::string_view value);
// Splits a line written by AuditTrail back into its parts.
v1::AuditEntry parseAuditLine(std::string_view line);
// The top-level areas of the configuration that differ ("http,cas_servers"),
// or "none".
std::string changedAreas(const v1::ApplianceConfig& before, const v1::ApplianceConfig& after);

}  // namespace exlb::agent
