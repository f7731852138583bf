#pragma once
// `exlb-agent --check-config FILE`: validates a configuration file offline,
// the same rules the agent applies before accepting a change.

#include <iosfwd>
#include <string>

#include "exlb/common/validation.h"

namespace exlb::agent {

// "error: cas_servers[1].address: '10.0.0.300' is not an IPv4 address ..."
std::string formatProblem(const Problem& problem);

// Reads and validates `path`. Writes one line per problem to `out`, errors
// before warnings, and a one-line summary or the reason the file could not
// be read to `err`. Returns the exit code: 0 when there is no error, 1 when
// there is one or the file is unreadable, empty or not a configuration.
int checkConfigFile(const std::string& path, std::ostream& out, std::ostream& err);

}  // namespace exlb::agent
