#pragma once
// The request target, decoded once into its canonical form so routes and
// assets are matched exactly (never by prefix). Refused outright (400):
// targets that are not origin-form ("/..."), bad or NUL percent-escapes,
// encoded "/" or "\", raw or decoded backslashes, control characters, any
// byte outside printable ASCII (so overlong or odd UTF-8 never reaches a
// comparison), "." and ".." segments, and empty segments ("//", a trailing
// "/"). What is left is compared byte for byte: "/api/v1/status;x" and
// "/API/v1/status" are simply unknown (404).

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace exlb::agent {

struct RequestPath {
  std::string path;                          // decoded, e.g. "/api/v1/servers/cas1/drain"
  std::vector<std::string> segments;         // {"api", "v1", "servers", "cas1", "drain"}
  std::map<std::string, std::string> query;  // decoded; a repeated key keeps its first value
};

// Parses `target`. On failure returns false and a sentence in `error`.
bool parseRequestTarget(std::string_view target, RequestPath& out, std::string& error);

}  // namespace exlb::agent
