#include "api/session_store.h"

#include <sodium.h>

#include <algorithm>

namespace exlb::agent {

namespace {

constexpr std::size_t kTokenBytes = 32;

std::string toHex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

}  // namespace

bool looksLikeToken(std::string_view token) {
  return token.size() == kTokenBytes * 2 &&
         std::all_of(token.begin(), token.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

SessionStore::SessionStore(std::chrono::seconds idle, std::chrono::seconds absolute,
                           std::size_t maxSessions, SteadyClockFn clock)
    : idle_(idle), absolute_(absolute), max_(std::max<std::size_t>(maxSessions, 1)),
      clock_(std::move(clock)) {}

std::string SessionStore::digest(std::string_view token) {
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(hash, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return toHex(hash, sizeof hash);
}

bool SessionStore::expired(const Session& s, SteadyTime now) const {
  return now >= s.expires || now - s.last_used >= idle_;
}

void SessionStore::evictForRoom(SteadyTime now) {
  std::erase_if(sessions_, [&](const auto& entry) { return expired(entry.second, now); });
  while (sessions_.size() >= max_) {
    const auto oldest = std::min_element(
        sessions_.begin(), sessions_.end(),
        [](const auto& a, const auto& b) { return a.second.last_used < b.second.last_used; });
    sessions_.erase(oldest);
  }
}

std::string SessionStore::create(const std::string& username, v1::Role role) {
  unsigned char raw[kTokenBytes];
  randombytes_buf(raw, sizeof raw);
  const std::string token = toHex(raw, sizeof raw);
  const auto now = clock_();
  evictForRoom(now);
  sessions_[digest(token)] = Session{username, role, now, now, now + absolute_};
  return token;
}

std::optional<Session> SessionStore::touch(std::string_view token) {
  if (!looksLikeToken(token)) return std::nullopt;
  const auto it = sessions_.find(digest(token));
  if (it == sessions_.end()) return std::nullopt;
  const auto now = clock_();
  if (expired(it->second, now)) {
    sessions_.erase(it);
    return std::nullopt;
  }
  it->second.last_used = now;
  return it->second;
}

void SessionStore::revoke(std::string_view token) {
  if (looksLikeToken(token)) sessions_.erase(digest(token));
}

void SessionStore::revokeUser(std::string_view username) {
  std::erase_if(sessions_, [&](const auto& entry) { return entry.second.username == username; });
}

}  // namespace exlb::agent
