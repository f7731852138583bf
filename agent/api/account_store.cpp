#include "api/account_store.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "log/log.h"
#include "setup/tls_secret_file.h"

namespace exlb::agent {

namespace {

constexpr const char* kFactoryUser = "admin";
constexpr const char* kFactoryPassword = "admin";
constexpr std::size_t kMinPassword = 8;
constexpr std::size_t kMaxPassword = 128;

const char* roleName(v1::Role role) { return role == v1::ROLE_ADMIN ? "admin" : "operator"; }

v1::Role roleFromName(const std::string& name) {
  if (name == "admin") return v1::ROLE_ADMIN;
  if (name == "operator") return v1::ROLE_OPERATOR;
  return v1::ROLE_UNSPECIFIED;
}

bool parseAccounts(const std::string& text, std::vector<AccountRecord>& out, std::string& error) {
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("accounts") ||
      !json["accounts"].is_array()) {
    error = "is not an accounts file";
    return false;
  }
  for (const auto& item : json["accounts"]) {
    AccountRecord account;
    account.username = item.value("username", "");
    account.role = roleFromName(item.value("role", ""));
    account.password_hash = item.value("password_hash", "");
    account.must_change_password = item.value("must_change_password", true);
    if (!isValidUsername(account.username) || account.role == v1::ROLE_UNSPECIFIED ||
        account.password_hash.empty()) {
      error = "holds an account without a valid name, role or password hash";
      return false;
    }
    out.push_back(std::move(account));
  }
  return true;
}

}  // namespace

bool isValidUsername(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
  });
}

std::string passwordProblem(std::string_view username, std::string_view password) {
  if (password.size() < kMinPassword) return "The password needs at least 8 characters.";
  if (password.size() > kMaxPassword) return "The password may have at most 128 characters.";
  if (password == username || password == kFactoryPassword) {
    return "The password may not be the account name or the factory password.";
  }
  const bool controls = std::any_of(password.begin(), password.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (controls) return "The password may not contain control characters.";
  return {};
}

AccountStore::AccountStore(std::filesystem::path file, PwhashCost cost)
    : file_(std::move(file)), cost_(cost) {}

std::string AccountStore::hashPassword(std::string_view password, PwhashCost cost) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), cost.ops_limit, cost.mem_limit) !=
      0) {
    return {};  // out of memory: the caller reports it
  }
  return out;
}

bool AccountStore::verifyPassword(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

bool AccountStore::load(std::string& error) {
  if (sodium_init() < 0) {
    error = "libsodium cannot start";
    return false;
  }
  decoy_hash_ = hashPassword("exlb-decoy-password", cost_);
  std::error_code ec;
  if (!std::filesystem::exists(file_, ec)) {
    AccountRecord admin{kFactoryUser, v1::ROLE_ADMIN, hashPassword(kFactoryPassword, cost_), true};
    std::vector<AccountRecord> accounts{admin};
    if (admin.password_hash.empty() || !persist(accounts, error)) return false;
    accounts_ = std::move(accounts);
    moduleLogger("api")->warn("created the factory account admin/admin in {}", file_.string());
    return true;
  }
  std::string text;
  if (!readWholeFile(file_, text, error)) return false;
  std::vector<AccountRecord> accounts;
  if (!parseAccounts(text, accounts, error)) {
    error = file_.string() + " " + error;
    return false;
  }
  accounts_ = std::move(accounts);
  return true;
}

const AccountRecord* AccountStore::find(std::string_view username) const {
  const auto it = std::find_if(accounts_.begin(), accounts_.end(),
                               [&](const AccountRecord& a) { return a.username == username; });
  return it == accounts_.end() ? nullptr : &*it;
}

bool AccountStore::setPassword(std::string_view username, std::string hash, std::string& error) {
  auto accounts = accounts_;
  for (auto& account : accounts) {
    if (account.username != username) continue;
    account.password_hash = std::move(hash);
    account.must_change_password = false;
    if (!persist(accounts, error)) return false;
    accounts_ = std::move(accounts);
    return true;
  }
  error = "no such account";
  return false;
}

bool AccountStore::add(AccountRecord account, std::string& error) {
  if (find(account.username) != nullptr) {
    error = "an account with this name exists";
    return false;
  }
  auto accounts = accounts_;
  accounts.push_back(std::move(account));
  if (!persist(accounts, error)) return false;
  accounts_ = std::move(accounts);
  return true;
}

bool AccountStore::remove(std::string_view username, std::string& error) {
  auto accounts = accounts_;
  const auto end = std::remove_if(accounts.begin(), accounts.end(),
                                  [&](const AccountRecord& a) { return a.username == username; });
  if (end == accounts.end()) {
    error = "no such account";
    return false;
  }
  accounts.erase(end, accounts.end());
  if (!persist(accounts, error)) return false;
  accounts_ = std::move(accounts);
  return true;
}

bool AccountStore::persist(const std::vector<AccountRecord>& accounts, std::string& error) const {
  nlohmann::json list = nlohmann::json::array();
  for (const auto& a : accounts) {
    list.push_back({{"username", a.username},
                    {"role", roleName(a.role)},
                    {"password_hash", a.password_hash},
                    {"must_change_password", a.must_change_password}});
  }
  const nlohmann::json doc{{"version", 1}, {"accounts", list}};
  return writeSecretFile(file_, doc.dump(2) + "\n", error);
}

}  // namespace exlb::agent
