#pragma once
// The daemon options that tune the management API (docs/api.md, "Daemon
// options"): how long a session lives and how long a client may take to
// send one request. The defaults are the appliance's; tests shorten them to
// watch a session expire or a slow client be cut off against the real agent
// instead of waiting half an hour.

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "api/api_server.h"

namespace exlb::agent {

struct ApiTuning {
  std::optional<std::chrono::seconds> sessionIdle;      // --session-idle SECONDS
  std::optional<std::chrono::seconds> sessionLifetime;  // --session-lifetime SECONDS
  std::optional<std::chrono::seconds> requestTimeout;   // --request-timeout SECONDS
};

enum class ApiOptionParse { NotMine, Taken, Error };

// Looks at args[i]: when it is one of the options above, takes it and its
// value (advancing i past the option, i.e. to the value) and answers Taken,
// or Error with a sentence in `error` for a bad value; else NotMine.
ApiOptionParse parseApiOption(const std::vector<std::string>& args, std::size_t& i,
                              ApiTuning& tuning, std::string& error);

// Copies what was given onto the server's options (the rest keep their defaults).
void applyApiTuning(const ApiTuning& tuning, ApiServer::Options& options);

// The options' lines for --help.
const char* apiTuningUsage();

}  // namespace exlb::agent
