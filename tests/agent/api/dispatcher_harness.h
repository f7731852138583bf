#pragma once
// Drives an ApiDispatcher in-process, synchronously: a FakeAppliance, real
// accounts/sessions/throttle/audit in a temporary folder, a clock the test
// moves, Argon2id at libsodium's minimum cost, hashing run inline.

#include <sodium.h>

#include <filesystem>
#include <optional>
#include <random>
#include <string>

#include <google/protobuf/util/json_util.h>

#include "api/api_dispatcher.h"
#include "api/body_codec.h"
#include "fake_appliance.h"
#include "log/log.h"

namespace exlb::agent::testing {

class TempFolder {
 public:
  TempFolder() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("exlb-api-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

struct Reply {
  unsigned status = 0;
  std::string body;
  HttpResponse raw;
  std::string header(http::field f) const { return std::string(raw[f]); }
  std::string header(const char* name) const { return std::string(raw[name]); }
};

class DispatcherHarness {
 public:
  explicit DispatcherHarness(const std::filesystem::path& dataDir)
      : accounts(dataDir / "accounts.json", PwhashCost{crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN}),
        sessions(std::chrono::seconds(600), std::chrono::seconds(3600), 100, clockFn()),
        throttle(3, 10, std::chrono::seconds(30), clockFn()),
        audit(dataDir),
        auth(accounts, sessions, throttle, audit, inlineOffload()),
        config(appliance, audit, 1000),
        dispatcher(auth, config, builtinAssets()) {
    std::string error;
    if (!accounts.load(error)) throw std::runtime_error(error);
  }

  SteadyClockFn clockFn() {
    return [this] { return now; };
  }

  Reply call(http::verb method, const std::string& target, const std::string& body = {},
             const std::string& token = {}, const std::string& contentType = "application/json",
             std::function<void(HttpRequest&)> tweak = {}) {
    HttpRequest request{method, target, 11};
    request.set(http::field::host, "localhost");
    if (!token.empty()) request.set(http::field::authorization, "Bearer " + token);
    if (!body.empty()) request.set(http::field::content_type, contentType);
    request.body() = body;
    request.prepare_payload();
    if (tweak) tweak(request);
    std::optional<HttpResponse> response;
    dispatcher.handle(std::move(request), peer, [&](HttpResponse r) { response = std::move(r); });
    if (!response) throw std::runtime_error("no response");
    Reply reply;
    reply.status = response->result_int();
    reply.body = response->body();
    reply.raw = std::move(*response);
    return reply;
  }

  // Logs in; returns the token ("" on failure).
  std::string login(const std::string& user, const std::string& password) {
    const auto reply = call(http::verb::post, "/api/v1/login",
                            R"({"username":")" + user + R"(","password":")" + password + R"("})");
    v1::LoginResponse out;
    if (reply.status != 200 || !parse(reply.body, out)) return {};
    return out.token();
  }

  // admin with a changed password; returns its token.
  std::string adminToken() {
    const std::string first = login("admin", "admin");
    const auto reply = call(http::verb::post, "/api/v1/password",
                            R"({"current_password":"admin","new_password":"Correct-Horse-9"})", first);
    v1::LoginResponse out;
    if (reply.status != 200 || !parse(reply.body, out)) return {};
    return out.token();
  }

  template <typename M>
  static bool parse(const std::string& json, M& out) {
    return google::protobuf::util::JsonStringToMessage(json, &out).ok();
  }

  std::chrono::steady_clock::time_point now = std::chrono::steady_clock::now();
  std::string peer = "127.0.0.1";
  FakeAppliance appliance;
  AccountStore accounts;
  SessionStore sessions;
  LoginThrottle throttle;
  AuditTrail audit;
  AuthHandlers auth;
  ConfigHandlers config;
  ApiDispatcher dispatcher;
};

}  // namespace exlb::agent::testing
