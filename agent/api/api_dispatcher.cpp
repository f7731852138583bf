#include "api/api_dispatcher.h"

#include <algorithm>

#include "api/account_store.h"
#include "api/body_codec.h"
#include "log/log.h"

namespace exlb::agent {

namespace {

using std::placeholders::_1;
using std::placeholders::_2;

bool matches(const std::vector<std::string_view>& pattern, const std::vector<std::string>& segs) {
  if (pattern.size() != segs.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == "*" ? !isValidUsername(segs[i]) : pattern[i] != segs[i]) return false;
  }
  return true;
}

bool isApiPath(const RequestPath& path) {
  return !path.segments.empty() && path.segments.front() == "api";
}

// The token offered as subprotocol "bearer.<token>", if any.
std::string tokenFromSubprotocols(std::string_view offered) {
  std::size_t start = 0;
  while (start < offered.size()) {
    const auto end = std::min(offered.find(',', start), offered.size());
    std::string_view item = offered.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.starts_with("bearer.")) return std::string(item.substr(7));
    start = end + 1;
  }
  return {};
}

}  // namespace

ApiDispatcher::ApiDispatcher(AuthHandlers& auth, ConfigHandlers& config,
                             const StaticAssets& assets)
    : auth_(auth), assets_(assets) {
  addRoutes(auth, config);
}

void ApiDispatcher::addRoutes(AuthHandlers& a, ConfigHandlers& c) {
  using V = http::verb;
  auto auth = [&a](void (AuthHandlers::*f)(const ApiRequestPtr&, Respond)) {
    return Handler(std::bind(f, &a, _1, _2));
  };
  auto conf = [&c](void (ConfigHandlers::*f)(const ApiRequestPtr&, Respond)) {
    return Handler(std::bind(f, &c, _1, _2));
  };
  routes_ = {
      {V::post, {"api", "v1", "login"}, Access::Public, auth(&AuthHandlers::login)},
      {V::post, {"api", "v1", "logout"}, Access::Session, auth(&AuthHandlers::logout)},
      {V::get, {"api", "v1", "whoami"}, Access::Session, auth(&AuthHandlers::whoami)},
      {V::post, {"api", "v1", "password"}, Access::Session, auth(&AuthHandlers::changePassword)},
      {V::get, {"api", "v1", "accounts"}, Access::Admin, auth(&AuthHandlers::listAccounts)},
      {V::post, {"api", "v1", "accounts"}, Access::Admin, auth(&AuthHandlers::createAccount)},
      {V::delete_, {"api", "v1", "accounts", "*"}, Access::Admin, auth(&AuthHandlers::deleteAccount)},
      {V::get, {"api", "v1", "config", "running"}, Access::Read, conf(&ConfigHandlers::getRunning)},
      {V::put, {"api", "v1", "config", "running"}, Access::Admin, conf(&ConfigHandlers::replaceRunning)},
      {V::get, {"api", "v1", "config", "saved"}, Access::Read, conf(&ConfigHandlers::getSaved)},
      {V::post, {"api", "v1", "config", "save"}, Access::Admin, conf(&ConfigHandlers::save)},
      {V::get, {"api", "v1", "config", "versions"}, Access::Read, conf(&ConfigHandlers::versions)},
      {V::post, {"api", "v1", "config", "rollback"}, Access::Admin, conf(&ConfigHandlers::rollback)},
      {V::post, {"api", "v1", "config", "factory-reset"}, Access::Admin, conf(&ConfigHandlers::factoryReset)},
      {V::get, {"api", "v1", "status"}, Access::Read, conf(&ConfigHandlers::status)},
      {V::post, {"api", "v1", "servers", "*", "drain"}, Access::Admin, conf(&ConfigHandlers::serverState)},
      {V::post, {"api", "v1", "servers", "*", "ready"}, Access::Admin, conf(&ConfigHandlers::serverState)},
      {V::post, {"api", "v1", "servers", "*", "maint"}, Access::Admin, conf(&ConfigHandlers::serverState)},
      {V::get, {"api", "v1", "audit"}, Access::Read, conf(&ConfigHandlers::auditLog)},
  };
}

std::variant<Principal, HttpResponse> ApiDispatcher::authorize(const HttpRequest& request,
                                                               std::string_view authorization,
                                                               Access access) {
  if (access == Access::Public) return Principal{};
  auto principal = auth_.authenticate(authorization);
  if (!principal) {
    return errorResponse(request, http::status::unauthorized, "unauthenticated",
                         "Log in first (POST /api/v1/login) and send the token as "
                         "'Authorization: Bearer <token>'; the session may have expired.");
  }
  if (access != Access::Session && principal->must_change_password) {
    return errorResponse(request, http::status::forbidden, "password-change-required",
                         "Change the password of this account first (POST /api/v1/password).");
  }
  if (access == Access::Admin && principal->role != v1::ROLE_ADMIN) {
    return errorResponse(request, http::status::forbidden, "read-only",
                         "This account is a read-only operator; only an administrator may "
                         "change the appliance.");
  }
  return *principal;
}

std::variant<Principal, HttpResponse> ApiDispatcher::authorizeEvents(const HttpRequest& request) {
  std::string authorization(request[http::field::authorization]);
  if (authorization.empty()) {
    const std::string token = tokenFromSubprotocols(sv(request[http::field::sec_websocket_protocol]));
    if (!token.empty()) authorization = "Bearer " + token;
  }
  return authorize(request, authorization, Access::Read);
}

void ApiDispatcher::serveStatic(const ApiRequest& request, const Respond& respond) const {
  const HttpRequest& http = request.http;
  if (http.method() != http::verb::get && http.method() != http::verb::head) {
    auto response = errorResponse(http, http::status::method_not_allowed, "method-not-allowed",
                                  "The page's files can only be read (GET).");
    response.set(http::field::allow, "GET, HEAD");
    respond(std::move(response));
    return;
  }
  const std::string key = request.path.path == "/" ? "/index.html" : request.path.path;
  const auto it = assets_.find(key);
  if (it == assets_.end()) {
    respond(errorResponse(http, http::status::not_found, "not-found", "There is no such page."));
    return;
  }
  HttpResponse response{http::status::ok, http.version()};
  response.set(http::field::content_type, std::string(it->second.content_type));
  response.set(kCspHeader, kStaticCsp);
  if (http.method() == http::verb::get) response.body() = std::string(it->second.body);
  finishResponse(http, response);
  if (http.method() == http::verb::head) response.content_length(it->second.body.size());
  response.set(http::field::cache_control, "no-cache");
  respond(std::move(response));
}

ApiDispatcher::UploadDecision ApiDispatcher::decideUpload(const HttpRequest& head) {
  UploadDecision out;
  RequestPath path;
  std::string error;
  if (head.method() != http::verb::post || !parseRequestTarget(sv(head.target()), path, error) ||
      path.path != kFirmwarePath) {
    return out;
  }
  auto who = authorize(head, sv(head[http::field::authorization]), Access::Admin);
  if (auto* refused = std::get_if<HttpResponse>(&who)) {
    refused->keep_alive(false);
    out.refusal = std::move(*refused);
    return out;
  }
  out.streamed = true;
  return out;
}

void ApiDispatcher::handle(HttpRequest request, std::string peerAddress, Respond respond,
                           std::filesystem::path uploadFile) {
  auto api = std::make_shared<ApiRequest>();
  api->http = std::move(request);
  api->peer_address = std::move(peerAddress);
  api->upload_file = std::move(uploadFile);
  std::string error;
  if (api->http.version() >= 11 && api->http.find(http::field::host) == api->http.end()) {
    // RFC 9112 3.2: an HTTP/1.1 request without Host is answered 400.
    respond(errorResponse(api->http, http::status::bad_request, "bad-request",
                          "An HTTP/1.1 request needs a Host header."));
    return;
  }
  if (!parseRequestTarget(sv(api->http.target()), api->path, error)) {
    respond(errorResponse(api->http, http::status::bad_request, "bad-target", error));
    return;
  }
  if (!isApiPath(api->path)) {
    serveStatic(*api, respond);
    return;
  }
  const Route* route = nullptr;
  std::string allow;
  for (const auto& r : routes_) {
    if (!matches(r.pattern, api->path.segments)) continue;
    allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(r.method));
    if (r.method == api->http.method()) route = &r;
  }
  if (api->path.path == kEventsPath) {
    respond(errorResponse(api->http, http::status::bad_request, "websocket-required",
                          "The event stream is a WebSocket: open it with GET and "
                          "'Upgrade: websocket'."));
    return;
  }
  if (allow.empty()) {
    respond(errorResponse(api->http, http::status::not_found, "not-found",
                          "There is no API route " + api->path.path + "."));
    return;
  }
  if (route == nullptr) {
    auto response = errorResponse(api->http, http::status::method_not_allowed,
                                  "method-not-allowed", "This route does not take that method.");
    response.set(http::field::allow, allow);
    respond(std::move(response));
    return;
  }
  auto who = authorize(api->http, sv(api->http[http::field::authorization]), route->access);
  if (auto* refused = std::get_if<HttpResponse>(&who)) {
    respond(std::move(*refused));
    return;
  }
  api->principal = std::get<Principal>(std::move(who));
  // Respond at most once, even when a handler throws after answering.
  auto pending = std::make_shared<Respond>(std::move(respond));
  Respond once = [pending](HttpResponse response) {
    if (!*pending) return;
    auto callback = std::move(*pending);
    *pending = nullptr;
    callback(std::move(response));
  };
  try {
    route->handler(api, once);
  } catch (const std::exception& e) {
    // A handler bug must cost one request, not the agent.
    moduleLogger("api")->error("{} {} failed: {}", std::string(http::to_string(api->http.method())),
                               api->path.path, e.what());
    once(errorResponse(api->http, http::status::internal_server_error, "internal",
                       "The agent failed to handle this request; see its log."));
  }
}

}  // namespace exlb::agent
