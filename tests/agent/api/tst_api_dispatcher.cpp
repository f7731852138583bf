// The dispatcher end to end in-process: login flow, forced password change,
// roles, expiry, throttling, etags, validation errors, routing, static page.
#include <gtest/gtest.h>

#include "dispatcher_harness.h"
#include "exlb/common/config_json.h"

namespace exlb::agent::testing {
namespace {

using V = http::verb;

class ApiDispatcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    static TempFolder auditFolder;
    openAuditLog(auditFolder.path());
    auditDir() = auditFolder.path();
  }
  static std::filesystem::path& auditDir() {
    static std::filesystem::path dir;
    return dir;
  }
  TempFolder folder;
  DispatcherHarness h{folder.path()};

  std::string errorCode(const Reply& r) {
    v1::Error e;
    return DispatcherHarness::parse(r.body, e) ? e.code() : "<not an Error: " + r.body + ">";
  }

  std::string replaceBody(const v1::ApplianceConfig& config) {
    return R"({"config":)" + configToJson(config) + "}";
  }
};

TEST_F(ApiDispatcherTest, FactoryAdminMustChangePasswordBeforeAnythingElse) {
  const std::string token = h.login("admin", "admin");
  ASSERT_FALSE(token.empty());
  auto r = h.call(V::get, "/api/v1/config/running", {}, token);
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(errorCode(r), "password-change-required");
  EXPECT_EQ(h.call(V::get, "/api/v1/status", {}, token).status, 403u);
  EXPECT_EQ(h.call(V::get, "/api/v1/whoami", {}, token).status, 200u);

  r = h.call(V::post, "/api/v1/password", R"({"current_password":"admin","new_password":"short"})", token);
  EXPECT_EQ(r.status, 422u);
  EXPECT_NE(r.body.find("new_password"), std::string::npos);

  r = h.call(V::post, "/api/v1/password",
             R"({"current_password":"admin","new_password":"Correct-Horse-9"})", token);
  ASSERT_EQ(r.status, 200u) << r.body;
  v1::LoginResponse fresh;
  ASSERT_TRUE(DispatcherHarness::parse(r.body, fresh));
  EXPECT_FALSE(fresh.must_change_password());
  // The old session died with the old password; the new one works.
  EXPECT_EQ(h.call(V::get, "/api/v1/whoami", {}, token).status, 401u);
  r = h.call(V::get, "/api/v1/config/running", {}, fresh.token());
  EXPECT_EQ(r.status, 200u);
  EXPECT_EQ(r.header(http::field::etag), "\"" + h.appliance.running().etag + "\"");
  // And the new password persists: a second store reads it back.
  AccountStore reread(folder.path() / "accounts.json", h.accounts.cost());
  std::string error;
  ASSERT_TRUE(reread.load(error)) << error;
  EXPECT_TRUE(AccountStore::verifyPassword(reread.find("admin")->password_hash, "Correct-Horse-9"));
  EXPECT_EQ(h.login("admin", "admin"), "");
}

TEST_F(ApiDispatcherTest, AccountsFileIsPrivate) {
  const auto perms = std::filesystem::status(folder.path() / "accounts.json").permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
}

TEST_F(ApiDispatcherTest, EveryCallWithoutValidTokenIs401) {
  for (const char* target : {"/api/v1/status", "/api/v1/config/running", "/api/v1/whoami",
                             "/api/v1/audit", "/api/v1/config/versions"}) {
    EXPECT_EQ(h.call(V::get, target).status, 401u) << target;
    EXPECT_EQ(h.call(V::get, target, {}, std::string(64, 'a')).status, 401u) << target;
    auto r = h.call(V::get, target, {}, {}, {}, [](HttpRequest& q) {
      q.set(http::field::authorization, "Basic YWRtaW46YWRtaW4=");
      q.set("X-Forwarded-For", "127.0.0.1");
    });
    EXPECT_EQ(r.status, 401u) << target;
    EXPECT_EQ(r.header(http::field::www_authenticate), "Bearer");
  }
}

TEST_F(ApiDispatcherTest, WrongPasswordsAreThrottledPerAccount) {
  for (int i = 0; i < 3; ++i) EXPECT_EQ(h.login("admin", "wrong"), "");
  auto r = h.call(V::post, "/api/v1/login", R"({"username":"admin","password":"admin"})");
  EXPECT_EQ(r.status, 429u);
  EXPECT_EQ(errorCode(r), "too-many-attempts");
  EXPECT_EQ(r.header(http::field::retry_after), "30");
  // Another client address is held back too: the account is what is guessed.
  h.peer = "127.0.0.9";
  EXPECT_EQ(h.call(V::post, "/api/v1/login", R"({"username":"admin","password":"admin"})").status, 429u);
  h.now += std::chrono::seconds(31);
  EXPECT_NE(h.login("admin", "admin"), "");
}

TEST_F(ApiDispatcherTest, WrongPasswordsAreThrottledPerAddress) {
  for (int i = 0; i < 10; ++i) h.login("user" + std::to_string(i), "guess");
  EXPECT_EQ(h.call(V::post, "/api/v1/login", R"({"username":"admin","password":"admin"})").status, 429u);
  h.peer = "127.0.0.2";
  EXPECT_NE(h.login("admin", "admin"), "");
}

TEST_F(ApiDispatcherTest, SessionsExpireWhenIdleAndAbsolutely) {
  const std::string token = h.adminToken();
  h.now += std::chrono::seconds(599);
  EXPECT_EQ(h.call(V::get, "/api/v1/whoami", {}, token).status, 200u);
  h.now += std::chrono::seconds(600);
  EXPECT_EQ(h.call(V::get, "/api/v1/whoami", {}, token).status, 401u);

  const std::string second = h.login("admin", "Correct-Horse-9");
  for (int i = 0; i < 7; ++i) {
    h.now += std::chrono::seconds(500);
    EXPECT_EQ(h.call(V::get, "/api/v1/whoami", {}, second).status, 200u) << i;
  }
  h.now += std::chrono::seconds(500);  // 4000 s after login: past the absolute expiry
  EXPECT_EQ(h.call(V::get, "/api/v1/whoami", {}, second).status, 401u);
}

TEST_F(ApiDispatcherTest, LogoutRevokesTheToken) {
  const std::string token = h.adminToken();
  EXPECT_EQ(h.call(V::post, "/api/v1/logout", {}, token).status, 200u);
  EXPECT_EQ(h.call(V::get, "/api/v1/whoami", {}, token).status, 401u);
}

TEST_F(ApiDispatcherTest, IdentityComesFromTheSessionAndTheSocketOnly) {
  const std::string token = h.adminToken();
  auto r = h.call(V::get, "/api/v1/whoami", {}, token, {}, [](HttpRequest& q) {
    q.set("X-Forwarded-For", "10.9.9.9");
    q.set("X-Remote-User", "root");
  });
  v1::WhoAmIResponse me;
  ASSERT_TRUE(DispatcherHarness::parse(r.body, me));
  EXPECT_EQ(me.username(), "admin");
  EXPECT_EQ(me.client_address(), "127.0.0.1");
}

TEST_F(ApiDispatcherTest, OperatorReadsButCannotChange) {
  const std::string admin = h.adminToken();
  auto r = h.call(V::post, "/api/v1/accounts",
                  R"({"username":"ops","password":"Operator-Pass-1","role":"ROLE_OPERATOR"})", admin);
  ASSERT_EQ(r.status, 201u) << r.body;
  std::string ops = h.login("ops", "Operator-Pass-1");
  r = h.call(V::post, "/api/v1/password",
             R"({"current_password":"Operator-Pass-1","new_password":"Operator-Pass-2"})", ops);
  ASSERT_EQ(r.status, 200u) << r.body;
  v1::LoginResponse session;
  ASSERT_TRUE(DispatcherHarness::parse(r.body, session));
  ops = session.token();

  EXPECT_EQ(h.call(V::get, "/api/v1/config/running", {}, ops).status, 200u);
  EXPECT_EQ(h.call(V::get, "/api/v1/status", {}, ops).status, 200u);
  EXPECT_EQ(h.call(V::get, "/api/v1/audit", {}, ops).status, 200u);
  const auto etag = h.appliance.running().etag;
  r = h.call(V::put, "/api/v1/config/running", replaceBody(defaultConfig()), ops, "application/json",
             [&](HttpRequest& q) { q.set(http::field::if_match, "\"" + etag + "\""); });
  EXPECT_EQ(r.status, 403u);
  EXPECT_EQ(errorCode(r), "read-only");
  EXPECT_EQ(h.call(V::post, "/api/v1/config/save", {}, ops).status, 403u);
  EXPECT_EQ(h.call(V::post, "/api/v1/config/factory-reset", {}, ops).status, 403u);
  EXPECT_EQ(h.call(V::post, "/api/v1/accounts", {}, ops).status, 403u);
  EXPECT_EQ(h.appliance.replace_calls, 0);
}

TEST_F(ApiDispatcherTest, StaleEtagIs409AndChangesNothing) {
  const std::string token = h.adminToken();
  const auto before = h.appliance.running();
  auto config = before.config;
  config.mutable_network()->set_hostname("changed");
  auto r = h.call(V::put, "/api/v1/config/running", replaceBody(config), token, "application/json",
                  [](HttpRequest& q) { q.set(http::field::if_match, "\"etag-stale\""); });
  EXPECT_EQ(r.status, 409u);
  EXPECT_EQ(errorCode(r), "etag-mismatch");
  EXPECT_EQ(h.appliance.running().etag, before.etag);

  r = h.call(V::put, "/api/v1/config/running", replaceBody(config), token, "application/json",
             [&](HttpRequest& q) { q.set(http::field::if_match, "\"" + before.etag + "\""); });
  EXPECT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(h.appliance.running().config.network().hostname(), "changed");
  EXPECT_EQ(r.header(http::field::etag), "\"" + h.appliance.running().etag + "\"");
}

TEST_F(ApiDispatcherTest, MissingIfMatchIs428) {
  const std::string token = h.adminToken();
  auto r = h.call(V::put, "/api/v1/config/running", replaceBody(defaultConfig()), token);
  EXPECT_EQ(r.status, 428u);
  EXPECT_EQ(errorCode(r), "precondition-required");
}

TEST_F(ApiDispatcherTest, InvalidConfigIs422WithEveryProblemAndPath) {
  const std::string token = h.adminToken();
  auto config = defaultConfig();
  config.mutable_network()->set_address("999.1.1.1");
  auto* server = config.add_cas_servers();
  server->set_address("not-an-address");
  server->set_name("cas1");
  auto r = h.call(V::put, "/api/v1/config/running", replaceBody(config), token, "application/json",
                  [](HttpRequest& q) { q.set(http::field::if_match, "*"); });
  ASSERT_EQ(r.status, 422u);
  v1::Error error;
  ASSERT_TRUE(DispatcherHarness::parse(r.body, error));
  EXPECT_EQ(error.code(), "invalid-config");
  std::vector<std::string> paths;
  for (const auto& v : error.field_violations()) paths.push_back(v.path());
  EXPECT_NE(std::find(paths.begin(), paths.end(), "network.address"), paths.end()) << r.body;
  EXPECT_NE(std::find(paths.begin(), paths.end(), "cas_servers[0].address"), paths.end()) << r.body;
}

TEST_F(ApiDispatcherTest, SaveListAndRollBack) {
  const std::string token = h.adminToken();
  ASSERT_EQ(h.call(V::post, "/api/v1/config/save", {}, token).status, 200u);
  auto config = h.appliance.running().config;
  config.mutable_network()->set_hostname("second");
  ASSERT_EQ(h.call(V::put, "/api/v1/config/running", replaceBody(config), token, "application/json",
                   [](HttpRequest& q) { q.set(http::field::if_match, "*"); })
                .status,
            200u);
  auto r = h.call(V::get, "/api/v1/config/versions", {}, token);
  v1::SavedVersionsResponse versions;
  ASSERT_TRUE(DispatcherHarness::parse(r.body, versions));
  ASSERT_EQ(versions.versions_size(), 1);
  EXPECT_EQ(h.call(V::post, "/api/v1/config/rollback", R"({"version_id":"nope"})", token).status, 404u);
  EXPECT_EQ(h.call(V::post, "/api/v1/config/rollback", R"({})", token).status, 422u);
  r = h.call(V::post, "/api/v1/config/rollback",
             R"({"version_id":")" + versions.versions(0).id() + R"("})", token);
  EXPECT_EQ(r.status, 200u) << r.body;
  EXPECT_NE(h.appliance.running().config.network().hostname(), "second");
}

TEST_F(ApiDispatcherTest, ChangesAreAuditedWithAreasAndEtags) {
  h.peer = "127.0.0.77";  // the audit file is shared by the suite: find this test's lines
  const std::string token = h.adminToken();
  auto config = h.appliance.running().config;
  config.mutable_network()->set_hostname("audited");
  const auto oldEtag = h.appliance.running().etag;
  ASSERT_EQ(h.call(V::put, "/api/v1/config/running", replaceBody(config), token, "application/json",
                   [](HttpRequest& q) { q.set(http::field::if_match, "*"); })
                .status,
            200u);
  const auto audit = AuditTrail(auditDir()).read(1000);
  bool found = false;
  for (const auto& entry : audit.entries()) {
    if (entry.action() == "config.replace" && entry.address() == "127.0.0.77") {
      found = true;
      EXPECT_EQ(entry.user(), "admin");
      EXPECT_NE(entry.detail().find("old_etag=" + oldEtag), std::string::npos) << entry.line();
      EXPECT_NE(entry.detail().find("areas=network"), std::string::npos) << entry.line();
      EXPECT_NE(entry.detail().find("new_etag=" + h.appliance.running().etag), std::string::npos);
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(ApiDispatcherTest, ServerStateRoutes) {
  const std::string token = h.adminToken();
  auto config = h.appliance.running().config;
  auto* server = config.add_cas_servers();
  server->set_address("192.168.0.21");
  server->set_name("cas1");
  server->set_admin_state(v1::SERVER_ADMIN_STATE_READY);
  auto r = h.call(V::put, "/api/v1/config/running", replaceBody(config), token, "application/json",
                  [](HttpRequest& q) { q.set(http::field::if_match, "*"); });
  ASSERT_EQ(r.status, 200u) << r.body;
  EXPECT_EQ(h.call(V::post, "/api/v1/servers/cas1/drain", {}, token).status, 200u);
  EXPECT_EQ(h.appliance.running().config.cas_servers(0).admin_state(), v1::SERVER_ADMIN_STATE_DRAIN);
  EXPECT_EQ(h.call(V::post, "/api/v1/servers/cas9/drain", {}, token).status, 404u);
  EXPECT_EQ(h.call(V::post, "/api/v1/servers/cas1/explode", {}, token).status, 404u);
  EXPECT_EQ(h.call(V::get, "/api/v1/servers/cas1/drain", {}, token).status, 405u);
}

TEST_F(ApiDispatcherTest, BodiesInBinaryProtobuf) {
  v1::LoginRequest login;
  login.set_username("admin");
  login.set_password("admin");
  auto r = h.call(V::post, "/api/v1/login", login.SerializeAsString(), {}, "application/x-protobuf",
                  [](HttpRequest& q) { q.set(http::field::accept, "application/x-protobuf"); });
  ASSERT_EQ(r.status, 200u);
  EXPECT_EQ(r.header(http::field::content_type), "application/x-protobuf");
  v1::LoginResponse out;
  ASSERT_TRUE(out.ParseFromString(r.body));
  EXPECT_TRUE(out.must_change_password());
}

TEST_F(ApiDispatcherTest, BadBodiesAre4xx) {
  EXPECT_EQ(h.call(V::post, "/api/v1/login", R"({"username":)").status, 400u);
  EXPECT_EQ(h.call(V::post, "/api/v1/login", R"({"user":"admin"})").status, 400u);
  EXPECT_EQ(h.call(V::post, "/api/v1/login", "admin", {}, "text/plain").status, 415u);
  EXPECT_EQ(h.call(V::post, "/api/v1/login", "\x0a\xff\xff", {}, "application/x-protobuf").status, 400u);
}

TEST_F(ApiDispatcherTest, RoutesMatchExactlyOnTheCanonicalPath) {
  const std::string token = h.adminToken();
  EXPECT_EQ(h.call(V::get, "/api/v1/status", {}, token).status, 200u);
  for (const char* target : {"/api/v1/status/", "/api/v1//status", "/api/v1/status;.js",
                             "/API/v1/status", "/api/v1/%2e%2e/v1/status", "/api/v1/../v1/status",
                             "/api/v1/stat%75s%00", "/api/v1\\status", "/api/v1/status%2f",
                             "/api/v2/status", "/api/v1/status%252f"}) {
    const auto r = h.call(V::get, target, {}, token);
    EXPECT_TRUE(r.status == 400u || r.status == 404u) << target << " -> " << r.status;
  }
  // Percent-encoding of ordinary characters is decoded, then matched exactly.
  EXPECT_EQ(h.call(V::get, "/api/v1/stat%75s", {}, token).status, 200u);
  EXPECT_EQ(h.call(V::delete_, "/api/v1/status", {}, token).status, 405u);
}

TEST_F(ApiDispatcherTest, StaticPageIsServedWithAntiFramingHeaders) {
  auto r = h.call(V::get, "/");
  ASSERT_EQ(r.status, 200u);
  EXPECT_NE(r.body.find("<html"), std::string::npos);
  EXPECT_EQ(r.header("X-Frame-Options"), "DENY");
  EXPECT_NE(r.header("Content-Security-Policy").find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(h.call(V::get, "/index.html").status, 200u);
  for (const char* target : {"/etc/passwd", "/../index.html", "/%2e%2e/%2e%2e/etc/passwd",
                             "/..;/index.html", "/index.html%00.js", "/%c0%ae%c0%ae/etc/passwd"}) {
    const auto s = h.call(V::get, target).status;
    EXPECT_TRUE(s == 400u || s == 404u) << target << " -> " << s;
  }
  EXPECT_EQ(h.call(V::post, "/index.html").status, 405u);
}

TEST_F(ApiDispatcherTest, EventsNeedAnUpgradeAndASession) {
  EXPECT_EQ(h.call(V::get, "/api/v1/events").status, 400u);
  HttpRequest upgrade{V::get, "/api/v1/events", 11};
  upgrade.set(http::field::sec_websocket_protocol, "exlb.v1, bearer." + std::string(64, 'b'));
  EXPECT_TRUE(std::holds_alternative<HttpResponse>(h.dispatcher.authorizeEvents(upgrade)));
  const std::string token = h.adminToken();
  upgrade.set(http::field::sec_websocket_protocol, "exlb.v1, bearer." + token);
  EXPECT_TRUE(std::holds_alternative<Principal>(h.dispatcher.authorizeEvents(upgrade)));
}

TEST_F(ApiDispatcherTest, AdminManagesAccounts) {
  const std::string token = h.adminToken();
  EXPECT_EQ(h.call(V::post, "/api/v1/accounts",
                   R"({"username":"bad name","password":"Operator-Pass-1","role":"ROLE_OPERATOR"})", token)
                .status,
            422u);
  EXPECT_EQ(h.call(V::post, "/api/v1/accounts",
                   R"({"username":"ops","password":"Operator-Pass-1","role":"ROLE_OPERATOR"})", token)
                .status,
            201u);
  EXPECT_EQ(h.call(V::post, "/api/v1/accounts",
                   R"({"username":"ops","password":"Operator-Pass-1","role":"ROLE_OPERATOR"})", token)
                .status,
            409u);
  EXPECT_EQ(h.call(V::delete_, "/api/v1/accounts/admin", {}, token).status, 409u);
  EXPECT_EQ(h.call(V::delete_, "/api/v1/accounts/ops", {}, token).status, 200u);
  EXPECT_EQ(h.login("ops", "Operator-Pass-1"), "");
}

}  // namespace
}  // namespace exlb::agent::testing
