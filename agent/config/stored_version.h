#pragma once
// One version of the appliance configuration as the store keeps it.

#include <cstdint>
#include <string>

#include "exlb/v1/config.pb.h"

namespace exlb::agent {

struct StoredVersion {
  v1::ApplianceConfig config;
  std::string etag;          // content hash: hex SHA-256 (first 16 bytes) of the deterministic
                             // binary serialization; the same config always has the same etag
  std::string id;            // version id for history/rollback, e.g. "20261124T031221Z-3"
  std::int64_t unix_ms = 0;  // when written
  std::string actor;         // user who made it ("factory", "admin", ...)
};

}  // namespace exlb::agent
