#pragma once
// Validation of a whole configuration: one pure function that returns every
// problem at once, so an administrator fixes a file (or a screen) in one go.
// The agent refuses a configuration with errors; warnings carry the guide's
// advice and never block a change.

#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"

namespace exlb {

enum class Severity { Error, Warning };

struct Problem {
  Severity severity = Severity::Error;
  // Field path in protobuf field names, indices in brackets:
  // "network.gateway", "cas_servers[1].address", "http.applications.outlook_web_app".
  std::string path;
  // A sentence an administrator understands, naming the value when useful.
  std::string message;

  friend bool operator==(const Problem&, const Problem&) = default;
};

// Every problem of `config`: errors first, then warnings; within each, in
// field order. Never throws, whatever the values.
std::vector<Problem> validateConfig(const v1::ApplianceConfig& config);

bool hasErrors(const std::vector<Problem>& problems);

}  // namespace exlb
