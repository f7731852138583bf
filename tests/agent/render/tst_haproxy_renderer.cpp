// The HAProxy renderer without HAProxy: golden files for every mode of every
// service, determinism, hostile strings, and what the rendered file promises
// the supervisor (listeners, backends, servers).
//
// Golden files live in tests/agent/render/golden/. After an intended change
// of the rendering, regenerate them and review the diff:
//   EXLB_UPDATE_GOLDEN=1 ./tst_haproxy_renderer && git diff tests/agent/render/golden

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "exlb/common/defaults.h"
#include "render/haproxy_plan.h"
#include "render/haproxy_renderer.h"
#include "golden_file.h"
#include "render_cases.h"

namespace exlb::agent {
namespace {

const std::filesystem::path kGoldenDir =
    std::filesystem::path(EXLB_SOURCE_DIR) / "tests/agent/render/golden";

using test::joinedLines;

RenderedHaproxy render(const v1::ApplianceConfig& c) {
  return renderHaproxyConfig(c, test::goldenContext());
}

// As its golden file is rendered (some cases with the pair's TLS files).
RenderedHaproxy renderCase(const test::RenderCase& rc) {
  return renderHaproxyConfig(rc.config, test::caseContext(rc, test::goldenContext()));
}

// "server <name> <address:port> id <id>": the start of a server line.
std::string serverLine(const std::string& name, const std::string& addressPort) {
  const std::string address = addressPort.substr(0, addressPort.find(':'));
  return "server " + name + " " + addressPort + " id " +
         std::to_string(haproxy_plan::serverId(address, {})) + " check";
}

bool contains(const std::string& text, const std::string& what) {
  return text.find(what) != std::string::npos;
}

// The text of one section ("backend owa"), up to the next blank line.
std::string section(const std::string& text, const std::string& header) {
  const auto start = text.find("\n" + header + "\n");
  if (start == std::string::npos) return "";
  const auto end = text.find("\n\n", start + 1);
  return text.substr(start + 1, end == std::string::npos ? std::string::npos : end - start);
}

v1::ApplianceConfig caseConfig(const std::string& name) {
  for (auto& c : test::renderCases()) {
    if (c.name == name) return c.config;
  }
  ADD_FAILURE() << "no render case " << name;
  return {};
}

TEST(HaproxyRendererGolden, EveryCaseMatchesItsGoldenFile) {
  for (const auto& rc : test::renderCases()) {
    SCOPED_TRACE(rc.name);
    const RenderedHaproxy r = renderCase(rc);
    ASSERT_TRUE(r.ok()) << joinedLines(r.errors);
    test::expectMatchesGolden(kGoldenDir / (rc.name + ".cfg"), r.text);
  }
}

TEST(HaproxyRendererGolden, NoGoldenFileWithoutACase) {
  std::set<std::string> names;
  for (const auto& rc : test::renderCases()) names.insert(rc.name + ".cfg");
  for (const auto& entry : std::filesystem::directory_iterator(kGoldenDir)) {
    EXPECT_TRUE(names.count(entry.path().filename().string()))
        << entry.path() << " is stale: no render case produces it";
  }
}

TEST(HaproxyRenderer, SameInputGivesSameBytes) {
  for (const auto& rc : test::renderCases()) {
    test::RenderCase copy = rc;
    ASSERT_TRUE(copy.config.ParseFromString(rc.config.SerializeAsString()));
    const std::string first = renderCase(rc).text;
    render(caseConfig("factory"));  // nothing carries over between calls
    EXPECT_EQ(first, renderCase(copy).text) << rc.name;
    EXPECT_FALSE(first.empty()) << rc.name;
  }
}

// --- hostile strings -------------------------------------------------------

struct StringField {
  std::string path;
  void (*set)(v1::ApplianceConfig&, const std::string&);
};

std::vector<StringField> stringFields() {
  return {
      {"network.address", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_network()->set_address(v);
       }},
      {"network.hostname", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_network()->set_hostname(v);
       }},
      {"cas_servers[1].name", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_cas_servers(1)->set_name(v);
       }},
      {"cas_servers[0].address", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_cas_servers(0)->set_address(v);
       }},
      {"smtp.hub_servers[0].name", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_smtp()->mutable_hub_servers(0)->set_name(v);
       }},
      {"smtp.hub_servers[1].address", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_smtp()->mutable_hub_servers(1)->set_address(v);
       }},
      {"http.host_name", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_http()->set_host_name(v);
       }},
      {"http.certificate", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_http()->set_certificate(v);
       }},
      {"imap.certificate", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_imap()->set_certificate(v);
       }},
      {"pop3.certificate", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_pop3()->set_certificate(v);
       }},
      {"smtp.certificate", [](v1::ApplianceConfig& c, const std::string& v) {
         c.mutable_smtp()->set_certificate(v);
       }},
  };
}

// Everything on, so every string field reaches the file.
v1::ApplianceConfig everythingOn() {
  v1::ApplianceConfig c = caseConfig("factory");
  c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD);
  c.mutable_pop3()->set_mode(v1::MAIL_MODE_SSL_OFFLOAD);
  c.mutable_smtp()->set_mode(v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD);
  return c;
}

TEST(HaproxyRendererHostile, EveryStringFieldRefusesWhatHaproxyWouldMisread) {
  ASSERT_TRUE(render(everythingOn()).ok()) << joinedLines(render(everythingOn()).errors);
  const std::vector<std::string> hostile = {
      std::string("a\nb"), "a\rb", "a b", "a\tb", "a#b", "a\"b", "a'b", "a\\b",
      std::string("a\0b", 3), "a${HOME}b", "$" "{x}", "a\x01" "b", "caf\xc3\xa9", ""};
  for (const auto& field : stringFields()) {
    for (const auto& value : hostile) {
      // An empty server name is valid: it stands for cas1.. / hub1.. .
      if (value.empty() && field.path.size() > 5 &&
          field.path.compare(field.path.size() - 5, 5, ".name") == 0) {
        continue;
      }
      SCOPED_TRACE(field.path + " = '" + value + "'");
      v1::ApplianceConfig c = everythingOn();
      field.set(c, value);
      const RenderedHaproxy r = render(c);
      EXPECT_FALSE(r.ok());
      EXPECT_TRUE(r.text.empty()) << "a refused configuration must not produce text";
      ASSERT_FALSE(r.errors.empty());
      EXPECT_TRUE(std::any_of(r.errors.begin(), r.errors.end(), [&](const std::string& e) {
        return e.rfind(field.path + ": ", 0) == 0;
      })) << joinedLines(r.errors);
      for (const auto& e : r.errors) {
        EXPECT_EQ(e.find('\n'), std::string::npos) << "errors are one line each";
        EXPECT_EQ(e.find('\0'), std::string::npos);
      }
    }
  }
}

TEST(HaproxyRendererHostile, ContextPathsAreCheckedToo) {
  const v1::ApplianceConfig c = caseConfig("factory");
  for (const std::string bad : {"/run/ex lb", "/run/exlb#x", "relative/run", "/run/${X}",
                                "/run/\"q", "/run/a\nb"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(renderHaproxyConfig(c, {bad, "/var/lib/exlb/certs"}).ok());
    EXPECT_FALSE(renderHaproxyConfig(c, {"/run/exlb", bad}).ok());
  }
  // A socket path longer than sockaddr_un can hold would fail at start only.
  EXPECT_FALSE(renderHaproxyConfig(c, {"/" + std::string(120, 'r'), "/c"}).ok());
  EXPECT_TRUE(renderHaproxyConfig(c, {"/run/exlb/", "/var/lib/exlb/certs/"}).ok());
}

TEST(HaproxyRendererHostile, LookalikeAddressesAndNamesAreRefused) {
  for (const std::string bad : {"010.0.0.1", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1.2.3.4:80",
                                "::1", "1.2.3.4 backup", "-1.2.3.4"}) {
    v1::ApplianceConfig c = caseConfig("factory");
    c.mutable_cas_servers(0)->set_address(bad);
    EXPECT_FALSE(render(c).ok()) << bad;
  }
  v1::ApplianceConfig c = caseConfig("factory");
  c.mutable_cas_servers(0)->set_name(std::string(33, 'n'));
  EXPECT_FALSE(render(c).ok());
  c = caseConfig("factory");
  c.mutable_http()->set_host_name("-mail.example.test");
  EXPECT_FALSE(render(c).ok());
  c = caseConfig("factory");
  c.mutable_http()->set_certificate("Default");  // ids are lower case: the store's file names
  EXPECT_FALSE(render(c).ok());
}

// --- what the configuration must mean ----------------------------------------

TEST(HaproxyRendererMeaning, UnrenderableConfigurationsAreRefusedWithTheField) {
  struct Case {
    const char* field;
    void (*change)(v1::ApplianceConfig&);
  };
  const Case cases[] = {
      {"http.mode", [](v1::ApplianceConfig& c) { c.mutable_http()->set_mode(v1::HTTP_MODE_UNSPECIFIED); }},
      {"imap.mode", [](v1::ApplianceConfig& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_UNSPECIFIED); }},
      {"rpc.state", [](v1::ApplianceConfig& c) { c.mutable_rpc()->set_state(v1::TOGGLE_UNSPECIFIED); }},
      {"exchange_version", [](v1::ApplianceConfig& c) { c.set_exchange_version(v1::EXCHANGE_VERSION_UNSPECIFIED); }},
      {"high_availability.role", [](v1::ApplianceConfig& c) {
         c.mutable_high_availability()->set_role(v1::HA_ROLE_UNSPECIFIED); }},
      {"http.applications.activesync", [](v1::ApplianceConfig& c) {
         c.mutable_http()->mutable_applications()->set_activesync(v1::TOGGLE_UNSPECIFIED); }},
      {"http.virtual_https_port", [](v1::ApplianceConfig& c) { c.mutable_http()->set_virtual_https_port(0); }},
      {"http.cas_http_port", [](v1::ApplianceConfig& c) { c.mutable_http()->set_cas_http_port(70000); }},
      {"http.timeout_seconds", [](v1::ApplianceConfig& c) { c.mutable_http()->set_timeout_seconds(0); }},
      {"rpc.address_book_port", [](v1::ApplianceConfig& c) { c.mutable_rpc()->set_address_book_port(443); }},
      {"http.redirect_http_port", [](v1::ApplianceConfig& c) { c.mutable_http()->set_redirect_http_port(4444); }},
      {"cas_servers[1].name", [](v1::ApplianceConfig& c) { c.mutable_cas_servers(0)->set_name("cas2"); }},
      {"high_availability.virtual_address", [](v1::ApplianceConfig& c) {
         c.mutable_high_availability()->set_role(v1::HA_ROLE_BACKUP); }},
  };
  for (const auto& tc : cases) {
    v1::ApplianceConfig c = caseConfig("factory");
    tc.change(c);
    const RenderedHaproxy r = render(c);
    EXPECT_FALSE(r.ok()) << tc.field;
    EXPECT_TRUE(std::any_of(r.errors.begin(), r.errors.end(), [&](const std::string& e) {
      return e.rfind(std::string(tc.field) + ": ", 0) == 0;
    })) << tc.field << ":\n" << joinedLines(r.errors);
  }
}

TEST(HaproxyRendererMeaning, FactoryListenersAndBackends) {
  const v1::ApplianceConfig c = caseConfig("factory");
  const auto listeners = renderedListeners(c);
  std::vector<std::string> names;
  for (const auto& l : listeners) {
    names.push_back(l.name);
    EXPECT_EQ(l.address, "198.18.0.10");
  }
  EXPECT_EQ(names, (std::vector<std::string>{"https", "http-redirect", "rpc-epm", "rpc-ca", "rpc-ab"}));
  EXPECT_EQ(listeners[0].port, 443u);
  EXPECT_TRUE(listeners[0].tls);
  EXPECT_EQ(listeners[1].port, 80u);
  EXPECT_FALSE(listeners[1].tls);
  EXPECT_EQ(listeners[3].port, 60000u);

  std::vector<std::string> services;
  for (const auto& b : renderedBackends(c)) {
    services.push_back(b.service);
    EXPECT_EQ(b.backend, b.service);
    ASSERT_EQ(b.servers.size(), 2u);
    EXPECT_EQ(b.servers[0].name, "cas1");
    EXPECT_EQ(b.servers[1].name, "cas2");
    EXPECT_EQ(b.servers[1].address, "198.18.0.12");
    EXPECT_EQ(b.area, b.service.rfind("rpc", 0) == 0 ? "rpc" : "http");
    if (b.area == "http") {
      EXPECT_EQ(b.servers[0].port, 80u);
    }
  }
  // Remote PowerShell is off in the factory settings: no backend, refused.
  EXPECT_EQ(services, (std::vector<std::string>{"owa", "ecp", "oab", "autodiscover", "ews",
                                                "activesync", "outlook-anywhere", "rpc-epm",
                                                "rpc-ca", "rpc-ab"}));
  const std::string text = render(c).text;
  EXPECT_TRUE(contains(text, "http-request return status 403 content-type text/plain string "
                             "\"This Exchange service is not published by the load balancer.\" if powershell"));
  EXPECT_FALSE(contains(text, "use_backend powershell"));
}

TEST(HaproxyRendererMeaning, EveryBackendAndListenerIsInTheText) {
  for (const auto& rc : test::renderCases()) {
    const std::string text = render(rc.config).text;
    for (const auto& l : renderedListeners(rc.config)) {
      const std::string s = section(text, "frontend " + l.name);
      EXPECT_TRUE(contains(s, "bind " + l.address + ":" + std::to_string(l.port) +
                                  (l.tls ? " ssl crt " : "")))
          << rc.name << " " << l.name;
    }
    for (const auto& b : renderedBackends(rc.config)) {
      const std::string s = section(text, "backend " + b.backend);
      ASSERT_FALSE(s.empty()) << rc.name << " " << b.backend;
      for (const auto& srv : b.servers) {
        EXPECT_TRUE(contains(s, serverLine(srv.name, srv.address + ":" + std::to_string(srv.port))))
            << rc.name << " " << b.backend << "/" << srv.name;
      }
    }
  }
}

// Every TLS bind reads the session-ticket keys the supervisor keeps, so a
// reload does not cost returning clients a full handshake; a clear or
// ssl-forward bind carries no TLS setting at all.
TEST(HaproxyRendererMeaning, EveryTlsBindSharesTheAgentsTicketKeys) {
  int tlsBinds = 0;
  for (const auto& rc : test::renderCases()) {
    const std::string text = render(rc.config).text;
    for (const auto& l : renderedListeners(rc.config)) {
      const std::string s = section(text, "frontend " + l.name);
      EXPECT_EQ(contains(s, " tls-ticket-keys /run/exlb/tls-ticket-keys"), l.tls)
          << rc.name << " " << l.name;
      tlsBinds += l.tls ? 1 : 0;
    }
  }
  EXPECT_GT(tlsBinds, 5);
}

TEST(HaproxyRendererMeaning, HighAvailabilityBindsTheVirtualAddress) {
  const v1::ApplianceConfig c = caseConfig("ha-master");
  for (const auto& l : renderedListeners(c)) EXPECT_EQ(l.address, "198.18.0.100") << l.name;
  // The node's own address carries only the pair's stick-table replication.
  std::string text = render(c).text;
  EXPECT_TRUE(contains(text, "\n    bind 198.18.0.10:4446\n"));
  text.erase(text.find("bind 198.18.0.10:4446"), 21);
  EXPECT_FALSE(contains(text, "bind 198.18.0.10:"));
}

TEST(HaproxyRendererMeaning, Exchange2010PersistenceFollowsTheGuide) {
  const std::string text = render(caseConfig("http-ssl-offload-2010")).text;
  // OWA and ECP: one inserted cookie, one address table (OWA's).
  for (const char* b : {"owa", "ecp", "ews"}) {
    EXPECT_TRUE(contains(section(text, std::string("backend ") + b), "cookie EXLBCAS insert")) << b;
  }
  EXPECT_TRUE(contains(section(text, "backend owa"), "stick on src\n"));
  EXPECT_TRUE(contains(section(text, "backend ecp"), "stick on src table owa"));
  EXPECT_TRUE(contains(section(text, "backend activesync"), "stick on req.hdr(authorization),sha2(256)"));
  EXPECT_TRUE(contains(section(text, "backend outlook-anywhere"), "stick on src"));
  EXPECT_TRUE(contains(section(text, "backend powershell"), "stick on src"));
  for (const char* b : {"oab", "autodiscover"}) {
    EXPECT_FALSE(contains(section(text, std::string("backend ") + b), "stick")) << b;
    EXPECT_FALSE(contains(section(text, std::string("backend ") + b), "cookie")) << b;
  }
  // ECP without OWA keeps its own table.
  EXPECT_TRUE(contains(section(render(caseConfig("http-ssl-offload-2010-some-disabled")).text,
                               "backend ecp"),
                       "stick-table type ip"));
}

TEST(HaproxyRendererMeaning, Exchange2013HasNoAffinityAndChecksHealthcheckHtm) {
  const v1::ApplianceConfig c = caseConfig("http-ssl-offload-2013");
  const std::string text = render(c).text;
  EXPECT_FALSE(contains(text, "stick"));
  EXPECT_FALSE(contains(text, "cookie EXLBCAS"));
  for (const auto& b : renderedBackends(c)) {
    const std::string s = section(text, "backend " + b.backend);
    if (b.service == "powershell") {
      EXPECT_TRUE(contains(s, "uri /powershell ver HTTP/1.1 hdr Host mail.mydomain.local"));
      EXPECT_TRUE(contains(s, "expect status 401"));
    } else {
      EXPECT_TRUE(contains(s, "/healthcheck.htm ver HTTP/1.1 hdr Host mail.mydomain.local")) << b.service;
      EXPECT_TRUE(contains(s, "expect status 200")) << b.service;
    }
  }
  // MAPI over HTTP rides Outlook Anywhere from 2013 on.
  EXPECT_TRUE(contains(text, "acl outlook-anywhere path_beg -i /mapi/"));
  EXPECT_FALSE(contains(render(caseConfig("http-ssl-offload-2010")).text, "/mapi"));
}

TEST(HaproxyRendererMeaning, Exchange2010ChecksExpectWhatACasAnswers) {
  const std::string text = render(caseConfig("http-ssl-offload-2010")).text;
  const std::pair<const char*, const char*> expected[] = {
      {"owa", "uri /owa/auth/logon.aspx ver HTTP/1.1 hdr Host mail.mydomain.local\n    http-check expect status 200"},
      {"ecp", "uri /ecp/ ver HTTP/1.1 hdr Host mail.mydomain.local\n    http-check expect status 302"},
      {"oab", "uri /oab/ ver HTTP/1.1 hdr Host mail.mydomain.local\n    http-check expect status 401"},
      {"autodiscover", "uri /autodiscover/autodiscover.xml ver HTTP/1.1 hdr Host mail.mydomain.local\n    http-check expect status 401"},
      {"ews", "uri /EWS/Exchange.asmx ver HTTP/1.1 hdr Host mail.mydomain.local\n    http-check expect status 401"},
      {"activesync", "uri /Microsoft-Server-ActiveSync ver HTTP/1.1 hdr Host mail.mydomain.local\n    http-check expect status 401"},
      {"outlook-anywhere", "uri /rpc/rpcproxy.dll ver HTTP/1.1 hdr Host mail.mydomain.local\n    http-check expect status 401"},
      {"powershell", "uri /powershell ver HTTP/1.1 hdr Host mail.mydomain.local\n    http-check expect status 401"},
  };
  for (const auto& [backend, check] : expected) {
    EXPECT_TRUE(contains(section(text, std::string("backend ") + backend), check)) << backend;
  }
}

TEST(HaproxyRendererMeaning, RpcPortsShareOneStickTable) {
  const std::string text = render(caseConfig("rpc-enabled")).text;
  EXPECT_TRUE(contains(section(text, "backend rpc-epm"), "stick-table type ip"));
  EXPECT_TRUE(contains(section(text, "backend rpc-epm"), "stick on src\n"));
  EXPECT_TRUE(contains(section(text, "backend rpc-ca"), "stick on src table rpc-epm"));
  EXPECT_TRUE(contains(section(text, "backend rpc-ab"), "stick on src table rpc-epm"));
  EXPECT_FALSE(contains(section(text, "backend rpc-ca"), "stick-table"));
  // The guide's timeout (here 3 h) is kept where it is above the RPC floor.
  EXPECT_TRUE(contains(section(text, "backend rpc-ca"), "timeout server 3h"));
}

TEST(HaproxyRendererMeaning, MailModesTerminateOrForwardTls) {
  const auto offload = caseConfig("imap-ssl-offload");
  const auto listeners = renderedListeners(offload);
  ASSERT_EQ(listeners.size(), 1u);
  EXPECT_EQ(listeners[0].name, "imaps");
  EXPECT_TRUE(listeners[0].tls);
  const auto backends = renderedBackends(offload);
  ASSERT_EQ(backends.size(), 1u);
  EXPECT_EQ(backends[0].service, "imap");  // clear IMAP to the CAS
  EXPECT_EQ(backends[0].servers[0].port, 143u);
  const std::string text = render(offload).text;
  EXPECT_TRUE(contains(text,
                       "bind 198.18.0.10:993 ssl crt /var/lib/exlb/certs/imap-2026.pem "
                       "tls-ticket-keys /run/exlb/tls-ticket-keys\n"));
  EXPECT_TRUE(contains(text, "tcp-check expect string \"* OK\""));

  const auto forward = caseConfig("pop3-clear-and-ssl-forward");
  const auto fl = renderedListeners(forward);
  ASSERT_EQ(fl.size(), 2u);
  EXPECT_FALSE(fl[1].tls);
  const auto fb = renderedBackends(forward);
  ASSERT_EQ(fb.size(), 2u);
  EXPECT_EQ(fb[1].service, "pop3s");
  EXPECT_EQ(fb[1].servers[0].port, 995u);
  const std::string ft = render(forward).text;
  EXPECT_TRUE(contains(section(ft, "backend pop3s"), "check check-ssl verify none"));
  EXPECT_TRUE(contains(section(ft, "backend pop3s"), "tcp-check expect string \"+OK\""));

  const std::string smtp = render(caseConfig("smtp-clear")).text;
  EXPECT_TRUE(contains(section(smtp, "backend smtp"), "option smtpchk EHLO exlb"));
  EXPECT_TRUE(contains(section(smtp, "backend smtp"), serverLine("hub2", "198.18.0.22:25")));
}

TEST(HaproxyRendererMeaning, AdminStatesRenderSoAReloadKeepsThem) {
  const std::string text = render(caseConfig("server-admin-states")).text;
  const std::string owa = section(text, "backend owa");
  EXPECT_TRUE(contains(owa, serverLine("cas-paris", "198.18.0.11:80") + " cookie cas-paris\n"));
  EXPECT_TRUE(contains(owa, serverLine("cas2", "198.18.0.12:80") + " cookie cas2 weight 0\n"));
  EXPECT_TRUE(contains(owa, serverLine("cas3", "198.18.0.13:80") + " cookie cas3 disabled\n"));
  EXPECT_TRUE(contains(owa, serverLine("cas_lyon.2", "198.18.0.14:80") + " cookie cas_lyon.2\n"));
  EXPECT_TRUE(contains(section(text, "backend smtp"), serverLine("hub1", "198.18.0.21:25") + " weight 0\n"));
  EXPECT_TRUE(contains(section(text, "backend smtp"), serverLine("edge1", "198.18.0.22:25") + "\n"));
  EXPECT_TRUE(contains(text, "load-server-state-from-file global"));
}

TEST(HaproxyRendererMeaning, RedirectNamesTheHostAndANonDefaultPort) {
  EXPECT_TRUE(contains(render(caseConfig("factory")).text,
                       "http-request redirect prefix https://mail.mydomain.local code 302"));
  EXPECT_TRUE(contains(render(caseConfig("http-ssl-offload-2010-some-disabled")).text,
                       "http-request redirect prefix https://mail.mydomain.local:8443 code 302"));
  EXPECT_TRUE(contains(render(caseConfig("http-ssl-forward-2010")).text,
                       "http-request redirect prefix https://mail.mydomain.local code 302"));
}

TEST(HaproxyRendererMeaning, LongLivedServicesGetLongerTimeoutsThanTheGuideField) {
  const std::string text = render(caseConfig("http-ssl-offload-2010")).text;
  EXPECT_TRUE(contains(section(text, "backend outlook-anywhere"), "timeout server 1h"));
  EXPECT_TRUE(contains(section(text, "backend activesync"), "timeout server 1h"));
  EXPECT_TRUE(contains(section(text, "backend autodiscover"), "timeout server 25s"));
  EXPECT_TRUE(contains(section(text, "frontend https"), "timeout http-keep-alive 25s"));
  EXPECT_TRUE(contains(section(text, "frontend https"), "timeout client 1h"));
  EXPECT_TRUE(contains(section(render(caseConfig("imap-clear")).text, "backend imap"),
                       "timeout server 30m"));
  EXPECT_TRUE(contains(section(render(caseConfig("pop3-clear")).text, "backend pop3"),
                       "timeout server 25s"));
}

}  // namespace

// Every `stick-table` line of a rendered file, with the backend it is in.
std::vector<std::string> stickTables(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line, backend;
  while (std::getline(in, line)) {
    if (line.rfind("backend ", 0) == 0) backend = line;
    if (line.find("stick-table ") != std::string::npos) out.push_back(backend + ":" + line);
  }
  return out;
}

// Standalone, every table is in the local peers section, so a reload's old
// worker hands it to the new one (measured: without it `show table` is empty
// after a reload); it listens on a socket of the run directory only, which
// nobody but the agent's user opens and no other agent on the host shares.
TEST(HaproxyRendererPeers, StandaloneTablesSurviveReloadsThroughTheRunDirectoryOnly) {
  const std::string text = render(caseConfig("http-ssl-offload-2010")).text;
  const auto tables = stickTables(text);
  ASSERT_FALSE(tables.empty());
  for (const auto& t : tables) EXPECT_TRUE(contains(t, " peers exlb-local")) << t;
  EXPECT_TRUE(contains(section(text, "peers exlb-local"),
                       "bind unix@/run/exlb/haproxy-peers.sock mode 600\n"));
  EXPECT_FALSE(contains(text, "peers exlb-pair"));
  const std::string name = localPeerName(caseConfig("http-ssl-offload-2010"), test::goldenContext());
  EXPECT_TRUE(contains(text, "localpeer " + name + "\n"));
  EXPECT_TRUE(contains(section(text, "peers exlb-local"), "server " + name + "\n"));
  // Two agents on one host must not take each other's tables at a reload.
  HaproxyRenderContext other = test::goldenContext();
  other.runDir = "/run/exlb-other";
  EXPECT_NE(localPeerName(caseConfig("http-ssl-offload-2010"), other), name);
  // No table, no peers section at all (Exchange 2013 has no affinity).
  EXPECT_FALSE(contains(render(caseConfig("http-ssl-offload-2013")).text, "peers"));
}

// The two nodes of a pair name each other alike, share the address tables on
// their own addresses, and keep the hashed Authorization table to themselves.
TEST(HaproxyRendererPeers, PairNodesShareAddressTablesUnderTheSameNames) {
  const std::string master = render(caseConfig("ha-master")).text;
  const std::string backup = render(caseConfig("ha-backup")).text;
  EXPECT_TRUE(contains(master, "localpeer node-198.18.0.10\n"));
  EXPECT_TRUE(contains(backup, "localpeer node-198.18.0.9\n"));
  const std::string mp = section(master, "peers exlb-pair");
  const std::string bp = section(backup, "peers exlb-pair");
  EXPECT_TRUE(contains(mp, "bind 198.18.0.10:4446\n    server node-198.18.0.10\n"
                           "    server node-198.18.0.9 198.18.0.9:4446\n"));
  EXPECT_TRUE(contains(bp, "bind 198.18.0.9:4446\n    server node-198.18.0.9\n"
                           "    server node-198.18.0.10 198.18.0.10:4446\n"));
  for (const auto& t : stickTables(master)) {
    const bool hashed = contains(t, "type binary");
    EXPECT_TRUE(contains(t, hashed ? " peers exlb-local" : " peers exlb-pair")) << t;
  }
  // Everything after the peers sections is the same on both nodes: same
  // tables, same servers, same ids.
  EXPECT_EQ(master.substr(master.find("\nfrontend ")), backup.substr(backup.find("\nfrontend ")));
}

// Without a peer address (multicast VRRP) there is nobody to share with.
TEST(HaproxyRendererPeers, HighAvailabilityWithoutAPeerKeepsTablesLocal) {
  v1::ApplianceConfig c = caseConfig("ha-master");
  c.mutable_high_availability()->clear_peer_address();
  const std::string text = render(c).text;
  EXPECT_FALSE(contains(text, "peers exlb-pair"));
  EXPECT_TRUE(contains(text, "localpeer node-198.18.0.10\n"));
  EXPECT_TRUE(contains(text, "peers exlb-local"));
}

// With both pair certificates at hand the pair's section runs over TLS on
// every line (bind, this node, the peer), and every table crosses it, the
// hashed ActiveSync one too: nothing is left for the local section.
TEST(HaproxyRendererPeers, PairOnTlsSharesEveryTableAndVerifiesBothEnds) {
  HaproxyRenderContext context = test::goldenContext();
  context.pairTls = test::pairTlsFiles(context);
  const RenderedHaproxy r = renderHaproxyConfig(caseConfig("ha-master"), context);
  ASSERT_TRUE(r.ok()) << joinedLines(r.errors);
  const std::string tls =
      " ssl crt /var/lib/exlb/pair-identity.pem ca-file /var/lib/exlb/pair-peer.pem verify required";
  EXPECT_TRUE(contains(section(r.text, "peers exlb-pair"),
                       "    bind 198.18.0.10:4446" + tls + " crt-ignore-err 26\n"
                       "    server node-198.18.0.10" + tls + "\n"
                       "    server node-198.18.0.9 198.18.0.9:4446" + tls + "\n"));
  EXPECT_FALSE(contains(r.text, "peers exlb-local"));
  const auto tables = stickTables(r.text);
  ASSERT_FALSE(tables.empty());
  bool hashed = false;
  for (const auto& t : tables) {
    EXPECT_TRUE(contains(t, " peers exlb-pair")) << t;
    hashed = hashed || contains(t, "type binary");
  }
  EXPECT_TRUE(hashed);
  // Beyond the peers sections, the hashed table's section is all that differs
  // from the clear file.
  const std::string clear = render(caseConfig("ha-master")).text;
  std::string expected = clear.substr(clear.find("\nfrontend "));
  const auto local = expected.find(" peers exlb-local");
  ASSERT_NE(local, std::string::npos);
  expected.replace(local, 17, " peers exlb-pair");
  EXPECT_EQ(r.text.substr(r.text.find("\nfrontend ")), expected);
}

// TLS needs both files and someone to share with: one file alone, or no pair
// section (standalone, a pair without a peer address), renders as before.
TEST(HaproxyRendererPeers, PairTlsFilesChangeNothingWithoutBothFilesAndAPeer) {
  HaproxyRenderContext half = test::goldenContext();
  half.pairTls.identityFile = "/var/lib/exlb/pair-identity.pem";
  EXPECT_EQ(renderHaproxyConfig(caseConfig("ha-master"), half).text,
            render(caseConfig("ha-master")).text);
  HaproxyRenderContext both = test::goldenContext();
  both.pairTls = test::pairTlsFiles(both);
  v1::ApplianceConfig noPeer = caseConfig("ha-master");
  noPeer.mutable_high_availability()->clear_peer_address();
  EXPECT_EQ(renderHaproxyConfig(noPeer, both).text, render(noPeer).text);
  EXPECT_EQ(renderHaproxyConfig(caseConfig("http-ssl-offload-2010"), both).text,
            render(caseConfig("http-ssl-offload-2010")).text);
}

// What the status says about the replication is what the file does: no pair
// section, a clear one, or one on TLS.
TEST(HaproxyRendererPeers, TheReplicationTheStatusShowsIsTheRenderedOne) {
  HaproxyRenderContext clear = test::goldenContext();
  HaproxyRenderContext tls = test::goldenContext();
  tls.pairTls = test::pairTlsFiles(tls);
  v1::ApplianceConfig noPeer = caseConfig("ha-master");
  noPeer.mutable_high_availability()->clear_peer_address();
  const std::vector<std::pair<std::string, v1::ApplianceConfig>> configs = {
      {"factory", caseConfig("factory")},       {"ha-master", caseConfig("ha-master")},
      {"ha-backup", caseConfig("ha-backup")},   {"ha without a peer", noPeer},
      {"rpc-enabled", caseConfig("rpc-enabled")}};
  for (const auto& [name, config] : configs) {
    for (const HaproxyRenderContext* context : {&clear, &tls}) {
      SCOPED_TRACE(name + (context == &tls ? " with both certificates" : " without them"));
      const RenderedHaproxy r = renderHaproxyConfig(config, *context);
      ASSERT_TRUE(r.ok()) << joinedLines(r.errors);
      const std::string pair = section(r.text, "peers exlb-pair");
      const PairReplication expected = pair.empty()                     ? PairReplication::None
                                       : contains(pair, " ssl crt ") ? PairReplication::Tls
                                                                       : PairReplication::Clear;
      EXPECT_EQ(renderedPairReplication(config, context->pairTls), expected);
    }
  }
  EXPECT_EQ(renderedPairReplication(caseConfig("ha-master"), clear.pairTls), PairReplication::Clear);
  EXPECT_EQ(renderedPairReplication(caseConfig("ha-master"), tls.pairTls), PairReplication::Tls);
  EXPECT_EQ(renderedPairReplication(caseConfig("factory"), tls.pairTls), PairReplication::None);
}

// The files' paths reach the file like every other path: through the
// renderer's checks, a path HAProxy cannot take safely yields no text.
TEST(HaproxyRendererPeers, PairTlsPathsAreChecked) {
  for (const std::string bad : {"relative/pair-peer.pem", "/var/lib/exlb/pair peer.pem",
                                "/var/lib/exlb/pair-peer.pem\nbind 0.0.0.0:1", "/x#y"}) {
    HaproxyRenderContext context = test::goldenContext();
    context.pairTls = test::pairTlsFiles(context);
    context.pairTls.trustFile = bad;
    const RenderedHaproxy r = renderHaproxyConfig(caseConfig("ha-master"), context);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(r.text.empty()) << bad;
    EXPECT_TRUE(contains(joinedLines(r.errors), "pair peer certificate")) << bad;
    context.pairTls = test::pairTlsFiles(context);
    context.pairTls.identityFile = bad;
    EXPECT_TRUE(contains(joinedLines(renderHaproxyConfig(caseConfig("ha-master"), context).errors),
                         "pair identity")) << bad;
  }
}

TEST(HaproxyRendererPeers, PeersPortsAndAddressesThatCannotWorkAreRefused) {
  v1::ApplianceConfig c = caseConfig("ha-master");
  c.mutable_management()->set_port(kPairPeersPort);
  EXPECT_TRUE(contains(joinedLines(render(c).errors), "management.port: port 4446 is used by the pair"));
  c = caseConfig("ha-master");
  c.mutable_high_availability()->set_peer_address("198.18.0.10");
  EXPECT_TRUE(contains(joinedLines(render(c).errors), "high_availability.peer_address: '198.18.0.10' is this node's own address"));
  c = caseConfig("ha-master");
  c.mutable_high_availability()->set_peer_address("198.18.0.9 # x");
  EXPECT_FALSE(render(c).ok());
  HaproxyRenderContext noPort = test::goldenContext();
  noPort.pairPeersPort = 0;
  EXPECT_FALSE(renderHaproxyConfig(caseConfig("ha-master"), noPort).ok());
}

// A server keeps its id when another one is added or removed (even unnamed,
// when its name by position changes), and has the same id in every backend
// (the RPC ports share one table).
TEST(HaproxyRendererPeers, ServerIdsFollowTheNameNotThePosition) {
  v1::ApplianceConfig c = caseConfig("rpc-enabled");
  const std::string before = render(c).text;
  c.mutable_cas_servers()->DeleteSubrange(0, 1);
  const std::string after = render(c).text;
  EXPECT_TRUE(contains(section(before, "backend rpc-epm"), serverLine("cas2", "198.18.0.12:135")));
  EXPECT_TRUE(contains(section(after, "backend rpc-epm"), serverLine("cas1", "198.18.0.12:135")));
  EXPECT_TRUE(contains(section(after, "backend rpc-ca"), serverLine("cas1", "198.18.0.12:60000")));
  EXPECT_NE(haproxy_plan::serverId("198.18.0.11", {}), haproxy_plan::serverId("198.18.0.12", {}));
  const std::uint32_t first = haproxy_plan::serverId("198.18.0.11", {});
  const std::uint32_t second = haproxy_plan::serverId("198.18.0.11", {first});
  EXPECT_NE(second, first);
  EXPECT_GE(second, 1u);
  EXPECT_LE(second, 999999u);
}

}  // namespace exlb::agent
