#include "api/login_throttle.h"

#include <algorithm>

namespace exlb::agent {

namespace {

constexpr std::chrono::seconds kMaxWait{15 * 60};
constexpr std::chrono::seconds kForgetAfter{15 * 60};
constexpr std::size_t kMaxKeys = 10000;

}  // namespace

LoginThrottle::LoginThrottle(unsigned perAccount, unsigned perAddress, std::chrono::seconds base,
                             SteadyClockFn clock)
    : per_account_(std::max(perAccount, 1u)), per_address_(std::max(perAddress, 1u)),
      base_(base), clock_(std::move(clock)) {}

std::chrono::seconds LoginThrottle::wait(const Table& table, std::string_view key,
                                         SteadyTime now) const {
  const auto it = table.find(std::string(key));
  if (it == table.end() || it->second.locked_until <= now) return std::chrono::seconds{0};
  // Round up: "Retry-After: 0" while still locked would invite a busy loop.
  return std::chrono::ceil<std::chrono::seconds>(it->second.locked_until - now);
}

std::chrono::seconds LoginThrottle::retryAfter(std::string_view address,
                                               std::string_view account) const {
  const auto now = clock_();
  return std::max(wait(addresses_, address, now), wait(accounts_, account, now));
}

void LoginThrottle::fail(Table& table, std::string_view key, unsigned threshold, SteadyTime now) {
  if (table.size() >= kMaxKeys) {
    std::erase_if(table, [&](const auto& e) { return now - e.second.last_failure > kForgetAfter; });
    if (table.size() >= kMaxKeys) table.erase(table.begin());
  }
  Entry& entry = table[std::string(key)];
  if (entry.failures > 0 && now - entry.last_failure > kForgetAfter) entry = Entry{};
  ++entry.failures;
  entry.last_failure = now;
  if (entry.failures < threshold) return;
  const unsigned doublings = std::min(entry.failures - threshold, 16u);
  const auto waitFor = std::min<std::chrono::seconds>(base_ * (1LL << doublings), kMaxWait);
  entry.locked_until = now + waitFor;
}

void LoginThrottle::recordFailure(std::string_view address, std::string_view account) {
  const auto now = clock_();
  fail(addresses_, address, per_address_, now);
  fail(accounts_, account, per_account_, now);
}

void LoginThrottle::recordSuccess(std::string_view account) {
  accounts_.erase(std::string(account));
}

}  // namespace exlb::agent
