#pragma once
// Validation of a whole configuration: one pure function that returns every
// problem at once, so an administrator fixes a file (or a screen) in one go.
// The agent refuses a configuration with errors; warnings carry the guide's
// advice and never block a change.

#include <string>
#include <string_view>
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

// The problems whose path is `prefix` or lies under it ("http" keeps
// "http.mode" and "http.applications.autodiscover", not "https..."; "cas_servers[1]"
// keeps that server's fields). For showing each problem on its own page or field.
std::vector<Problem> problemsUnder(const std::vector<Problem>& problems, std::string_view prefix);

// The problems of one area of the configuration, e.g. "network", "high_availability",
// "cas_servers", "http", "imap", "pop3", "rpc", "smtp", "system", "management".
// Rules that span areas (two services on one port) report on the later field, so
// the area that introduced the clash shows it.
std::vector<Problem> validateArea(const v1::ApplianceConfig& config, std::string_view area);

}  // namespace exlb
