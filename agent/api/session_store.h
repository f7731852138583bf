#pragma once
// Bearer-token sessions, in memory only (a restart logs everyone out, which
// is the safe direction). A token is 32 random bytes shown once, as hex; the
// store keeps only its SHA-256, so a memory dump does not hand out sessions.
// A session ends after `idle` without use, after `absolute` in any case, on
// logout, and when its account's password changes.

#include <chrono>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_clock.h"
#include "exlb/v1/api.pb.h"

namespace exlb::agent {

struct Session {
  std::string username;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  SteadyTime created;
  SteadyTime last_used;
  SteadyTime expires;   // absolute
};

class SessionStore {
 public:
  SessionStore(std::chrono::seconds idle, std::chrono::seconds absolute, std::size_t maxSessions,
               SteadyClockFn clock);

  // A new session; returns its token (64 hex characters).
  std::string create(const std::string& username, v1::Role role);
  // The live session of `token`, marked as used now; nullopt when unknown or
  // expired (an expired session is removed).
  std::optional<Session> touch(std::string_view token);
  void revoke(std::string_view token);
  void revokeUser(std::string_view username);

  std::chrono::seconds idleTimeout() const { return idle_; }
  SteadyTime now() const { return clock_(); }
  std::size_t size() const { return sessions_.size(); }

 private:
  static std::string digest(std::string_view token);
  bool expired(const Session& s, SteadyTime now) const;
  void evictForRoom(SteadyTime now);

  std::chrono::seconds idle_;
  std::chrono::seconds absolute_;
  std::size_t max_;
  SteadyClockFn clock_;
  std::map<std::string, Session, std::less<>> sessions_;  // by SHA-256 of the token
};

// True for "64 lower-case hex characters": anything else is not a token.
bool looksLikeToken(std::string_view token);

}  // namespace exlb::agent
