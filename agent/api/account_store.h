#pragma once
// The accounts of the management plane, kept in <data-dir>/accounts.json
// (written atomically, mode 0600). Passwords are Argon2id hashes
// (libsodium crypto_pwhash_str); a plain password never reaches the disk.
// The first start creates the factory account admin/admin (guide 5.1),
// flagged so that it must change its password before anything else.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "exlb/v1/api.pb.h"

namespace exlb::agent {

struct AccountRecord {
  std::string username;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  std::string password_hash;          // libsodium's "$argon2id$..." string
  bool must_change_password = false;
};

struct PwhashCost {
  unsigned long long ops_limit = 2;
  std::size_t mem_limit = 64ull * 1024 * 1024;
};

class AccountStore {
 public:
  AccountStore(std::filesystem::path file, PwhashCost cost);

  // Reads the file, or creates it with the factory account when missing.
  // A file that exists but does not parse is an error: silently falling back
  // to admin/admin would be a backdoor.
  bool load(std::string& error);

  const AccountRecord* find(std::string_view username) const;
  std::vector<AccountRecord> list() const { return accounts_; }

  // Slow on purpose (Argon2id); thread-safe (no member is touched).
  static std::string hashPassword(std::string_view password, PwhashCost cost);
  static bool verifyPassword(const std::string& hash, std::string_view password);
  // A hash to verify against when the account does not exist, so that an
  // unknown name costs as much time as a wrong password.
  const std::string& decoyHash() const { return decoy_hash_; }
  PwhashCost cost() const { return cost_; }

  // Persist at once; on failure nothing changes in memory either.
  bool setPassword(std::string_view username, std::string hash, std::string& error);
  bool add(AccountRecord account, std::string& error);
  bool remove(std::string_view username, std::string& error);

 private:
  bool persist(const std::vector<AccountRecord>& accounts, std::string& error) const;

  std::filesystem::path file_;
  PwhashCost cost_;
  std::vector<AccountRecord> accounts_;
  std::string decoy_hash_;
};

// "[A-Za-z0-9._-]{1,32}": account names appear in audit lines and paths.
bool isValidUsername(std::string_view name);

// The password policy. Returns an empty string when `password` is acceptable,
// else a sentence saying why not.
std::string passwordProblem(std::string_view username, std::string_view password);

}  // namespace exlb::agent
