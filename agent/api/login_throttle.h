#pragma once
// Throttling of failed logins, per client address and per account name.
// After `threshold` failures a key must wait `base`, then twice as long after
// each further failure, up to 15 minutes. A key forgets its failures 15
// minutes after the last one. While a key waits, login attempts are refused
// without looking at the password, so guessing costs the attacker time and
// the appliance no Argon2id work. Tables are bounded so a flood of made-up
// names cannot grow memory without limit.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api/api_clock.h"

namespace exlb::agent {

class LoginThrottle {
 public:
  LoginThrottle(unsigned perAccount, unsigned perAddress, std::chrono::seconds base,
                SteadyClockFn clock);

  // How long the caller must still wait (zero: it may try now).
  std::chrono::seconds retryAfter(std::string_view address, std::string_view account) const;
  void recordFailure(std::string_view address, std::string_view account);
  // A correct password clears the account's failures (not the address's:
  // one valid account must not reset an address that is guessing others).
  void recordSuccess(std::string_view account);

 private:
  struct Entry {
    unsigned failures = 0;
    SteadyTime last_failure;
    SteadyTime locked_until;
  };
  using Table = std::unordered_map<std::string, Entry>;

  std::chrono::seconds wait(const Table& table, std::string_view key, SteadyTime now) const;
  void fail(Table& table, std::string_view key, unsigned threshold, SteadyTime now);

  unsigned per_account_;
  unsigned per_address_;
  std::chrono::seconds base_;
  SteadyClockFn clock_;
  Table accounts_;
  Table addresses_;
};

}  // namespace exlb::agent
