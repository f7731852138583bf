#pragma once
// Accounts and sessions over HTTP: login, logout, who am I, password change,
// and the admin's account management (GET/POST /api/v1/accounts,
// DELETE /api/v1/accounts/{name}). Argon2id work runs through `Offload`, away
// from the io thread, with a bound on how much of it may queue.

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

#include "api/account_store.h"
#include "api/api_request.h"
#include "api/audit_trail.h"
#include "api/login_throttle.h"
#include "api/session_store.h"

namespace exlb::agent {

// Runs `work` somewhere it may block, then `then` on the io thread.
using Offload = std::function<void(std::function<void()> work, std::function<void()> then)>;

// Runs both at once, in the caller (tests, fuzzing).
inline Offload inlineOffload() {
  return [](std::function<void()> work, std::function<void()> then) {
    work();
    then();
  };
}

class AuthHandlers {
 public:
  AuthHandlers(AccountStore& accounts, SessionStore& sessions, LoginThrottle& throttle,
               const AuditTrail& audit, Offload offload);

  // The session behind an "Authorization: Bearer <token>" value.
  std::optional<Principal> authenticate(std::string_view authorization);

  void login(const ApiRequestPtr& request, Respond respond);
  void logout(const ApiRequestPtr& request, Respond respond);
  void whoami(const ApiRequestPtr& request, Respond respond);
  void changePassword(const ApiRequestPtr& request, Respond respond);
  void listAccounts(const ApiRequestPtr& request, Respond respond);
  void createAccount(const ApiRequestPtr& request, Respond respond);
  void deleteAccount(const ApiRequestPtr& request, Respond respond);

 private:
  // Runs `work` offloaded unless too much is queued already (then 429).
  bool offload(const ApiRequestPtr& request, const Respond& respond, std::function<void()> work,
               std::function<void()> then);
  v1::LoginResponse newSession(const AccountRecord& account);
  void finishLogin(const ApiRequestPtr& request, const Respond& respond, const std::string& name,
                   bool passwordOk);
  void finishPasswordChange(const ApiRequestPtr& request, const Respond& respond, bool currentOk,
                            std::string newHash);

  AccountStore& accounts_;
  SessionStore& sessions_;
  LoginThrottle& throttle_;
  const AuditTrail& audit_;
  Offload offload_;
  unsigned in_flight_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace exlb::agent
