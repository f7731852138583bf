#pragma once
// The built-in web page's files, compiled into the agent (agent/web/assets/,
// embedded at build time by cmake/EmbedAssets.cmake). Read-only: the server
// never serves anything from the filesystem.

#include <map>
#include <string>
#include <string_view>

namespace exlb::agent {

struct StaticAsset {
  std::string_view content_type;
  std::string_view body;
};

// Keyed by URL path ("/index.html", "/app.js", ...). "/" is not a key: the
// server maps it to "/index.html".
using StaticAssets = std::map<std::string, StaticAsset, std::less<>>;

const StaticAssets& builtinAssets();

}  // namespace exlb::agent
