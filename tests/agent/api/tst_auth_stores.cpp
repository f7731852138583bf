// Sessions, throttling and accounts on their own, with a clock the test moves.
#include <gtest/gtest.h>

#include <sodium.h>

#include <fstream>

#include "api/account_store.h"
#include "api/login_throttle.h"
#include "api/session_store.h"
#include "dispatcher_harness.h"

namespace exlb::agent::testing {
namespace {

using namespace std::chrono_literals;

TEST(SessionStore, TokensAreRandomHexAndStoredHashed) {
  SteadyTime now{};
  SessionStore store(60s, 3600s, 10, [&] { return now; });
  const std::string a = store.create("admin", v1::ROLE_ADMIN);
  const std::string b = store.create("admin", v1::ROLE_ADMIN);
  EXPECT_TRUE(looksLikeToken(a));
  EXPECT_NE(a, b);
  EXPECT_TRUE(store.touch(a).has_value());
  EXPECT_FALSE(store.touch(a.substr(0, 63) + (a.back() == '0' ? "1" : "0")).has_value());
  store.revokeUser("admin");
  EXPECT_FALSE(store.touch(a).has_value());
  EXPECT_FALSE(store.touch(b).has_value());
}

TEST(SessionStore, OldestSessionIsEvictedAtTheLimit) {
  SteadyTime now{};
  SessionStore store(60s, 3600s, 2, [&] { return now; });
  const std::string first = store.create("a", v1::ROLE_ADMIN);
  now += 1s;
  const std::string second = store.create("b", v1::ROLE_ADMIN);
  now += 1s;
  const std::string third = store.create("c", v1::ROLE_ADMIN);
  EXPECT_FALSE(store.touch(first).has_value());
  EXPECT_TRUE(store.touch(second).has_value());
  EXPECT_TRUE(store.touch(third).has_value());
}

TEST(LoginThrottle, WaitDoublesAndIsForgottenLater) {
  SteadyTime now{};
  LoginThrottle throttle(2, 100, 10s, [&] { return now; });
  throttle.recordFailure("1.1.1.1", "admin");
  EXPECT_EQ(throttle.retryAfter("1.1.1.1", "admin"), 0s);
  throttle.recordFailure("1.1.1.1", "admin");
  EXPECT_EQ(throttle.retryAfter("2.2.2.2", "admin"), 10s);
  now += 11s;
  throttle.recordFailure("1.1.1.1", "admin");
  EXPECT_EQ(throttle.retryAfter("1.1.1.1", "admin"), 20s);
  now += 16min;
  throttle.recordFailure("1.1.1.1", "admin");  // the old failures are forgotten
  EXPECT_EQ(throttle.retryAfter("1.1.1.1", "admin"), 0s);
  EXPECT_EQ(throttle.retryAfter("1.1.1.1", "other"), 0s);
}

TEST(LoginThrottle, WaitIsCappedAt15Minutes) {
  SteadyTime now{};
  LoginThrottle throttle(1, 1000, 30s, [&] { return now; });
  for (int i = 0; i < 40; ++i) throttle.recordFailure("a", "admin");
  EXPECT_EQ(throttle.retryAfter("b", "admin"), 15min);
}

TEST(AccountStore, RefusesACorruptFileInsteadOfFallingBackToTheFactoryAccount) {
  TempFolder folder;
  const auto file = folder.path() / "accounts.json";
  std::ofstream(file) << "{ not json";
  AccountStore store(file, PwhashCost{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN});
  std::string error;
  EXPECT_FALSE(store.load(error));
  EXPECT_NE(error.find("accounts.json"), std::string::npos);
}

TEST(AccountStore, StoresArgon2idHashesNeverPasswords) {
  TempFolder folder;
  const auto file = folder.path() / "accounts.json";
  AccountStore store(file, PwhashCost{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN});
  std::string error;
  ASSERT_TRUE(store.load(error)) << error;
  ASSERT_TRUE(store.setPassword("admin", AccountStore::hashPassword("Secret-Words-42", store.cost()), error));
  std::ifstream in(file);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("$argon2id$"), std::string::npos);
  EXPECT_EQ(text.find("Secret-Words-42"), std::string::npos);
}

TEST(PasswordPolicy, SaysWhy) {
  EXPECT_FALSE(passwordProblem("admin", "short").empty());
  EXPECT_FALSE(passwordProblem("admin", "admin").empty());
  EXPECT_FALSE(passwordProblem("operator1", "operator1").empty());
  EXPECT_FALSE(passwordProblem("admin", "with\nnewline-in").empty());
  EXPECT_FALSE(passwordProblem("admin", std::string(200, 'x')).empty());
  EXPECT_TRUE(passwordProblem("admin", "Correct-Horse-9").empty());
}

}  // namespace
}  // namespace exlb::agent::testing
