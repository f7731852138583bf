#pragma once
// Shared by the API's fuzz targets: one dispatcher over a FakeAppliance in a
// temporary folder, an admin session whose token replaces the word TOKEN in
// fuzz inputs (so authenticated routes are reachable), silent audit logging.

#include <cstdlib>
#include <memory>
#include <string>

#include "dispatcher_harness.h"

namespace exlb::agent::testing {

inline DispatcherHarness& fuzzHarness() {
  static TempFolder* folder = new TempFolder();  // leaked on purpose: lives until exit
  static DispatcherHarness* harness = [] {
    auditLogger()->set_level(spdlog::level::off);
    moduleLogger("api")->set_level(spdlog::level::off);
    return new DispatcherHarness(folder->path());
  }();
  return *harness;
}

// An admin token that works: a fuzz input may have logged it out or changed
// the password (which revokes it), so a dead one is replaced by a new session.
inline const std::string& fuzzToken() {
  static std::string token = fuzzHarness().adminToken();
  auto& harness = fuzzHarness();
  if (!harness.auth.authenticate("Bearer " + token)) {
    token = harness.sessions.create("admin", exlb::v1::ROLE_ADMIN);
  }
  return token;
}

inline std::string withToken(std::string text) {
  const std::string token = fuzzToken();
  for (std::size_t at = text.find("TOKEN"); at != std::string::npos; at = text.find("TOKEN", at)) {
    text.replace(at, 5, token);
    at += token.size();
  }
  return text;
}

}  // namespace exlb::agent::testing
