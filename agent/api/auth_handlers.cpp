#include "api/auth_handlers.h"

#include "api/body_codec.h"
#include "log/log.h"

namespace exlb::agent {

namespace {

constexpr unsigned kMaxHashingInFlight = 8;

v1::FieldViolation violation(std::string path, std::string description) {
  v1::FieldViolation v;
  v.set_path(std::move(path));
  v.set_description(std::move(description));
  v.set_severity(v1::VIOLATION_SEVERITY_ERROR);
  return v;
}

HttpResponse unprocessable(const HttpRequest& request, std::string code, std::string path,
                           std::string description) {
  std::string message = description;
  std::vector<v1::FieldViolation> violations{violation(std::move(path), std::move(description))};
  return errorResponse(request, http::status::unprocessable_entity, std::move(code),
                       std::move(message), std::move(violations));
}


}  // namespace

AuthHandlers::AuthHandlers(AccountStore& accounts, SessionStore& sessions, LoginThrottle& throttle,
                           const AuditTrail& audit, Offload offload)
    : accounts_(accounts), sessions_(sessions), throttle_(throttle), audit_(audit),
      offload_(std::move(offload)) {}

std::optional<Principal> AuthHandlers::authenticate(std::string_view authorization) {
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size() || authorization.substr(0, kScheme.size()) != kScheme) {
    return std::nullopt;
  }
  const std::string_view token = authorization.substr(kScheme.size());
  const auto session = sessions_.touch(token);
  if (!session) return std::nullopt;
  const AccountRecord* account = accounts_.find(session->username);
  if (account == nullptr) {
    sessions_.revoke(token);
    return std::nullopt;
  }
  return Principal{account->username, account->role, account->must_change_password,
                   std::string(token), toUnixMs(session->expires, sessions_.now())};
}

bool AuthHandlers::offload(const ApiRequestPtr& request, const Respond& respond,
                           std::function<void()> work, std::function<void()> then) {
  if (in_flight_ >= kMaxHashingInFlight) {
    respond(errorResponse(request->http, http::status::too_many_requests, "busy",
                          "Too many password checks are in progress; try again in a moment.", {},
                          1));
    return false;
  }
  ++in_flight_;
  std::weak_ptr<bool> alive = alive_;
  offload_(std::move(work), [this, alive, then = std::move(then)] {
    if (alive.expired()) return;  // the server is gone; its connections too
    --in_flight_;
    then();
  });
  return true;
}

v1::LoginResponse AuthHandlers::newSession(const AccountRecord& account) {
  v1::LoginResponse out;
  out.set_token(sessions_.create(account.username, account.role));
  const auto session = sessions_.touch(out.token());
  out.set_expire_unix_ms(session ? toUnixMs(session->expires, sessions_.now()) : 0);
  out.set_idle_timeout_seconds(sessions_.idleTimeout().count());
  out.set_must_change_password(account.must_change_password);
  out.set_username(account.username);
  out.set_role(account.role);
  return out;
}

void AuthHandlers::login(const ApiRequestPtr& request, Respond respond) {
  auto body = std::make_shared<v1::LoginRequest>();
  if (!decodeOrRespond(request->http, *body, respond)) return;
  // Throttle keys are bounded: a 1 MiB user name is not a 1 MiB map key.
  const std::string name = body->username().substr(0, 64);
  const auto wait = throttle_.retryAfter(request->peer_address, name);
  if (wait.count() > 0) {
    respond(errorResponse(request->http, http::status::too_many_requests, "too-many-attempts",
                          "Too many failed logins; wait before trying again.", {}, wait.count()));
    return;
  }
  const AccountRecord* account = accounts_.find(body->username());
  auto hash = std::make_shared<std::string>(account ? account->password_hash : accounts_.decoyHash());
  auto ok = std::make_shared<bool>(false);
  const bool known = account != nullptr;
  offload(
      request, respond, [hash, body, ok] { *ok = AccountStore::verifyPassword(*hash, body->password()); },
      [this, request, respond, name, ok, known] {
        finishLogin(request, respond, name, known && *ok);
      });
}

void AuthHandlers::finishLogin(const ApiRequestPtr& request, const Respond& respond,
                               const std::string& name, bool passwordOk) {
  const AccountRecord* account = accounts_.find(name);
  if (!passwordOk || account == nullptr) {
    throttle_.recordFailure(request->peer_address, name);
    audit_.record(Actor{name, request->peer_address}, "login", {{"result", "failed"}});
    respond(errorResponse(request->http, http::status::unauthorized, "login-failed",
                          "Wrong user name or password."));
    return;
  }
  throttle_.recordSuccess(name);
  audit_.record(Actor{name, request->peer_address}, "login", {{"result", "ok"}});
  respond(messageResponse(request->http, http::status::ok, newSession(*account)));
}

void AuthHandlers::logout(const ApiRequestPtr& request, Respond respond) {
  sessions_.revoke(request->principal.token);
  audit_.record(request->actor(), "logout", {});
  respond(messageResponse(request->http, http::status::ok, v1::WhoAmIResponse{}));
}

void AuthHandlers::whoami(const ApiRequestPtr& request, Respond respond) {
  v1::WhoAmIResponse out;
  out.set_username(request->principal.username);
  out.set_role(request->principal.role);
  out.set_must_change_password(request->principal.must_change_password);
  out.set_expire_unix_ms(request->principal.expire_unix_ms);
  out.set_idle_timeout_seconds(sessions_.idleTimeout().count());
  out.set_client_address(request->peer_address);
  respond(messageResponse(request->http, http::status::ok, out));
}

void AuthHandlers::changePassword(const ApiRequestPtr& request, Respond respond) {
  auto body = std::make_shared<v1::ChangePasswordRequest>();
  if (!decodeOrRespond(request->http, *body, respond)) return;
  const std::string& user = request->principal.username;
  const std::string problem = passwordProblem(user, body->new_password());
  if (!problem.empty()) {
    respond(unprocessable(request->http, "invalid-password", "new_password", problem));
    return;
  }
  if (body->new_password() == body->current_password()) {
    respond(unprocessable(request->http, "invalid-password", "new_password",
                          "The new password must differ from the current one."));
    return;
  }
  const AccountRecord* account = accounts_.find(user);
  const auto wait = throttle_.retryAfter(request->peer_address, user);
  if (account == nullptr || wait.count() > 0) {
    respond(errorResponse(request->http, http::status::too_many_requests, "too-many-attempts",
                          "Too many wrong passwords; wait before trying again.", {},
                          std::max<long long>(wait.count(), 1)));
    return;
  }
  auto hash = std::make_shared<std::string>(account->password_hash);
  auto ok = std::make_shared<bool>(false);
  auto newHash = std::make_shared<std::string>();
  const PwhashCost cost = accounts_.cost();
  offload(
      request, respond,
      [hash, body, ok, newHash, cost] {
        *ok = AccountStore::verifyPassword(*hash, body->current_password());
        if (*ok) *newHash = AccountStore::hashPassword(body->new_password(), cost);
      },
      [this, request, respond, ok, newHash] {
        finishPasswordChange(request, respond, *ok, std::move(*newHash));
      });
}

void AuthHandlers::finishPasswordChange(const ApiRequestPtr& request, const Respond& respond,
                                        bool currentOk, std::string newHash) {
  const std::string& user = request->principal.username;
  if (!currentOk) {
    throttle_.recordFailure(request->peer_address, user);
    audit_.record(request->actor(), "password.change", {{"result", "wrong-password"}});
    respond(unprocessable(request->http, "wrong-password", "current_password",
                          "The current password is wrong."));
    return;
  }
  std::string error;
  if (newHash.empty() || !accounts_.setPassword(user, std::move(newHash), error)) {
    moduleLogger("api")->error("cannot store the new password of {}: {}", user, error);
    respond(errorResponse(request->http, http::status::service_unavailable, "storage-failed",
                          "The new password could not be stored; the old one still applies."));
    return;
  }
  throttle_.recordSuccess(user);
  sessions_.revokeUser(user);
  audit_.record(request->actor(), "password.change", {{"result", "ok"}});
  respond(messageResponse(request->http, http::status::ok, newSession(*accounts_.find(user))));
}

void AuthHandlers::listAccounts(const ApiRequestPtr& request, Respond respond) {
  v1::AccountsResponse out;
  for (const auto& record : accounts_.list()) {
    auto* account = out.add_accounts();
    account->set_username(record.username);
    account->set_role(record.role);
    account->set_must_change_password(record.must_change_password);
  }
  respond(messageResponse(request->http, http::status::ok, out));
}

void AuthHandlers::createAccount(const ApiRequestPtr& request, Respond respond) {
  auto body = std::make_shared<v1::CreateAccountRequest>();
  if (!decodeOrRespond(request->http, *body, respond)) return;
  if (!isValidUsername(body->username())) {
    respond(unprocessable(request->http, "invalid-argument", "username",
                          "A user name has 1 to 32 letters, digits, '.', '_' or '-'."));
    return;
  }
  if (body->role() != v1::ROLE_ADMIN && body->role() != v1::ROLE_OPERATOR) {
    respond(unprocessable(request->http, "invalid-argument", "role",
                          "The role must be ROLE_ADMIN or ROLE_OPERATOR."));
    return;
  }
  const std::string problem = passwordProblem(body->username(), body->password());
  if (!problem.empty()) {
    respond(unprocessable(request->http, "invalid-password", "password", problem));
    return;
  }
  if (accounts_.find(body->username()) != nullptr) {
    respond(errorResponse(request->http, http::status::conflict, "already-exists",
                          "An account named " + body->username() + " exists already."));
    return;
  }
  auto hash = std::make_shared<std::string>();
  const PwhashCost cost = accounts_.cost();
  offload(
      request, respond, [hash, body, cost] { *hash = AccountStore::hashPassword(body->password(), cost); },
      [this, request, respond, hash, body] {
        std::string error;
        AccountRecord record{body->username(), body->role(), *hash, true};
        if (hash->empty() || !accounts_.add(record, error)) {
          respond(errorResponse(request->http, http::status::conflict, "not-created",
                                "The account was not created: " + error + "."));
          return;
        }
        audit_.record(request->actor(), "account.create",
                      {{"account", record.username},
                       {"role", record.role == v1::ROLE_ADMIN ? "admin" : "operator"}});
        v1::Account out;
        out.set_username(record.username);
        out.set_role(record.role);
        out.set_must_change_password(true);
        respond(messageResponse(request->http, http::status::created, out));
      });
}

void AuthHandlers::deleteAccount(const ApiRequestPtr& request, Respond respond) {
  const std::string& name = request->path.segments.back();
  const AccountRecord* account = accounts_.find(name);
  if (account == nullptr) {
    respond(errorResponse(request->http, http::status::not_found, "not-found",
                          "There is no account named " + name + "."));
    return;
  }
  if (name == request->principal.username) {
    respond(errorResponse(request->http, http::status::conflict, "own-account",
                          "An administrator cannot delete the account they are logged in with."));
    return;
  }
  std::string error;
  if (!accounts_.remove(name, error)) {
    respond(errorResponse(request->http, http::status::service_unavailable, "storage-failed",
                          "The account was not deleted: " + error + "."));
    return;
  }
  sessions_.revokeUser(name);
  audit_.record(request->actor(), "account.delete", {{"account", name}});
  respond(messageResponse(request->http, http::status::ok, v1::AccountsResponse{}));
}

}  // namespace exlb::agent
