#pragma once
// Field-level differences between two configurations: what the console's
// pending-changes view lists before an apply, and how it shows drift between
// the two nodes of a pair or between running and saved.

#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"

namespace exlb {

struct FieldChange {
  enum class Kind { Changed, Added, Removed };
  Kind kind = Kind::Changed;
  // Field path as in validation problems: "network.gateway",
  // "cas_servers[1].address". An added or removed list element is one change
  // whose path is the element ("cas_servers[2]").
  std::string path;
  // Values as an administrator reads them: numbers in decimal, choices by
  // name (HTTP_MODE_SSL_OFFLOAD), strings as they are; a whole list element
  // as one-line JSON. `before` is empty for Added, `after` for Removed.
  std::string before;
  std::string after;

  friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

// Every difference from `before` to `after`, in the schema's field order;
// list elements are compared position by position (CAS1 with CAS1).
std::vector<FieldChange> diffConfigs(const v1::ApplianceConfig& before,
                                     const v1::ApplianceConfig& after);

}  // namespace exlb
