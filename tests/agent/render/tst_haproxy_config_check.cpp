// Every rendered configuration is one the real HAProxy accepts: each golden
// case, and a few hundred random valid configurations, go through Debian's
// `haproxy -c` (no warning allowed either: a warning is a setting that does
// not do what the file says).
//
// EXLB_HAPROXY overrides the binary; EXLB_RENDER_PROPERTY_COUNT and
// EXLB_RENDER_PROPERTY_SEED change the random sample (the seed is printed).

#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <random>
#include <sstream>

#include "exlb/common/config_json.h"
#include "exlb/common/validation.h"
#include "haproxy_check.h"
#include "render/haproxy_renderer.h"
#include "render_cases.h"

namespace exlb::agent {
namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string replaceAll(std::string text, const std::string& from, const std::string& to) {
  for (auto pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos + to.size())) {
    text.replace(pos, from.size(), to);
  }
  return text;
}

unsigned envNumber(const char* name, unsigned fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<unsigned>(std::strtoul(v, nullptr, 10)) : fallback;
}

// haproxy -c said yes, and said nothing worth a warning.
void expectAccepted(const test::CommandResult& r, const std::string& what) {
  EXPECT_EQ(r.exitCode, 0) << what << ":\n" << r.output;
  EXPECT_EQ(r.output.find("[WARNING]"), std::string::npos) << what << ":\n" << r.output;
  EXPECT_EQ(r.output.find("[ALERT]"), std::string::npos) << what << ":\n" << r.output;
}

class HaproxyConfigCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(test::haproxyPath()))
        << test::haproxyPath() << " is missing: scripts/setup installs Debian's haproxy";
  }
};

TEST_F(HaproxyConfigCheck, EveryGoldenCaseIsAcceptedByHaproxy) {
  test::HaproxyCheckDir dir(test::certificateIds());
  const HaproxyRenderContext golden = test::goldenContext();
  const HaproxyRenderContext real = dir.context();
  for (const auto& rc : test::renderCases()) {
    SCOPED_TRACE(rc.name);
    const RenderedHaproxy r = renderHaproxyConfig(rc.config, test::caseContext(rc, real));
    ASSERT_TRUE(r.ok()) << joined(r.errors);
    // The checked file is the golden file but for the folders.
    const RenderedHaproxy g = renderHaproxyConfig(rc.config, test::caseContext(rc, golden));
    std::string expected = replaceAll(g.text, golden.runDir.string(), real.runDir.string());
    expected = replaceAll(expected, golden.certDir.string(), real.certDir.string());
    expected = replaceAll(expected, golden.certDir.parent_path().string() + "/pair-",
                          real.certDir.parent_path().string() + "/pair-");
    // Standalone, the local peer is named after the run directory.
    expected = replaceAll(expected, localPeerName(rc.config, golden), localPeerName(rc.config, real));
    EXPECT_EQ(expected, r.text);
    expectAccepted(dir.check(r.text), rc.name);
  }
}

// Random configurations that validation accepts must render, and HAProxy must
// accept what they render. About 0.1 s of CPU per `haproxy -c` here: 150 fit
// within the CI budget.
TEST_F(HaproxyConfigCheck, RandomValidConfigurationsAreAcceptedByHaproxy) {
  const unsigned count = envNumber("EXLB_RENDER_PROPERTY_COUNT", 150);
  const unsigned seed = envNumber("EXLB_RENDER_PROPERTY_SEED", 20261124);
  std::cout << "[ seed     ] EXLB_RENDER_PROPERTY_SEED=" << seed << "\n";
  std::mt19937 rng(seed);
  test::HaproxyCheckDir dir(test::certificateIds());

  unsigned valid = 0;
  unsigned failures = 0;
  std::string firstRefusal;
  for (unsigned i = 0; i < count && failures < 5; ++i) {
    const v1::ApplianceConfig c = test::randomConfig(rng);
    const auto problems = validateConfig(c);
    if (hasErrors(problems)) {
      if (firstRefusal.empty()) {
        for (const auto& p : problems) {
          if (p.severity == Severity::Error) firstRefusal += p.path + ": " + p.message + "\n";
        }
      }
      continue;
    }
    ++valid;
    // Every other one with the pair's TLS files (a pair then shares every table).
    HaproxyRenderContext context = dir.context();
    if (i % 2) context.pairTls = test::pairTlsFiles(context);
    const RenderedHaproxy r = renderHaproxyConfig(c, context);
    const std::string what = "configuration #" + std::to_string(i) + ":\n" + configToJson(c);
    if (!r.ok()) {
      ADD_FAILURE() << "validation accepted what the renderer refuses:\n"
                    << joined(r.errors) << what;
      ++failures;
      continue;
    }
    const test::CommandResult check = dir.check(r.text);
    if (check.exitCode != 0 || check.output.find("[WARNING]") != std::string::npos) {
      ADD_FAILURE() << "haproxy -c refused " << what << "\n" << check.output << "\n" << r.text;
      ++failures;
    }
  }
  // The generator must mostly produce valid configurations, or this test
  // would quietly check nothing.
  EXPECT_GE(valid * 10, count * 9) << valid << " of " << count
                                   << " generated configurations are valid; first refusal:\n"
                                   << firstRefusal;
}

// With validation bypassed, the renderer alone stands between a bad value
// and HAProxy: a mutated configuration is refused, or renders a file HAProxy
// accepts. Never a broken file.
TEST_F(HaproxyConfigCheck, MutatedConfigurationsAreRefusedOrRenderWorkingFiles) {
  const unsigned seed = envNumber("EXLB_RENDER_PROPERTY_SEED", 20261124) + 1;
  std::mt19937 rng(seed);
  test::HaproxyCheckDir dir(test::certificateIds());
  const std::vector<std::string> strings = {
      "", "a b", "x\ny", "#", "${HOME}", "\"q\"", "o'k", "back\\slash", std::string("n\0l", 3),
      "198.18.0.99", "198.18.0.10", "1.2.3", "cas1", "hub1", "mail.example", "default",
      "UPPER", "-dash", "a..b", "x:y", "x@y", "x%y"};
  const std::vector<std::uint32_t> numbers = {0, 1, 25, 80, 135, 443, 4444, 60000, 65535, 65536,
                                              86400, 86401, 4294967295u};
  auto anyString = [&] { return strings[rng() % strings.size()]; };
  auto anyNumber = [&] { return numbers[rng() % numbers.size()]; };
  auto anyEnum = [&] { return static_cast<int>(rng() % 9); };  // valid, unspecified, unknown

  using C = v1::ApplianceConfig;
  const std::vector<std::function<void(C&)>> mutations = {
      [&](C& c) { c.mutable_network()->set_address(anyString()); },
      [&](C& c) { c.mutable_network()->set_hostname(anyString()); },
      [&](C& c) { c.mutable_high_availability()->set_virtual_address(anyString()); },
      [&](C& c) { c.mutable_high_availability()->set_role(static_cast<v1::HaRole>(anyEnum())); },
      [&](C& c) { if (c.cas_servers_size()) c.mutable_cas_servers(0)->set_name(anyString()); },
      [&](C& c) { if (c.cas_servers_size()) c.mutable_cas_servers(0)->set_address(anyString()); },
      [&](C& c) {
        if (c.cas_servers_size()) {
          c.mutable_cas_servers(0)->set_admin_state(static_cast<v1::ServerAdminState>(anyEnum()));
        }
      },
      [&](C& c) { c.add_cas_servers()->set_address(anyString()); },
      [&](C& c) { c.mutable_http()->set_mode(static_cast<v1::HttpMode>(anyEnum())); },
      [&](C& c) { c.mutable_http()->set_host_name(anyString()); },
      [&](C& c) { c.mutable_http()->set_certificate(anyString()); },
      [&](C& c) { c.mutable_http()->set_virtual_https_port(anyNumber()); },
      [&](C& c) { c.mutable_http()->set_redirect_http_port(anyNumber()); },
      [&](C& c) { c.mutable_http()->set_cas_http_port(anyNumber()); },
      [&](C& c) { c.mutable_http()->set_timeout_seconds(anyNumber()); },
      [&](C& c) {
        c.mutable_http()->mutable_applications()->set_activesync(static_cast<v1::Toggle>(anyEnum()));
      },
      [&](C& c) { c.mutable_imap()->set_mode(static_cast<v1::MailMode>(anyEnum())); },
      [&](C& c) { c.mutable_imap()->set_virtual_tls_port(anyNumber()); },
      [&](C& c) { c.mutable_pop3()->set_certificate(anyString()); },
      [&](C& c) { c.mutable_pop3()->set_mode(static_cast<v1::MailMode>(anyEnum())); },
      [&](C& c) { c.mutable_smtp()->set_mode(static_cast<v1::MailMode>(anyEnum())); },
      [&](C& c) { c.mutable_smtp()->add_hub_servers()->set_name(anyString()); },
      [&](C& c) { c.mutable_smtp()->set_server_port(anyNumber()); },
      [&](C& c) { c.mutable_rpc()->set_state(static_cast<v1::Toggle>(anyEnum())); },
      [&](C& c) { c.mutable_rpc()->set_endpoint_mapper_port(anyNumber()); },
      [&](C& c) { c.mutable_rpc()->set_timeout_seconds(anyNumber()); },
      [&](C& c) { c.set_exchange_version(static_cast<v1::ExchangeVersion>(anyEnum())); },
      [&](C& c) { c.mutable_management()->set_port(anyNumber()); },
  };

  unsigned refused = 0;
  unsigned checked = 0;
  for (unsigned i = 0; i < 400 && checked < 40; ++i) {
    C c = test::randomConfig(rng);
    for (unsigned m = 0, n = 1 + rng() % 3; m < n; ++m) mutations[rng() % mutations.size()](c);
    const RenderedHaproxy r = renderHaproxyConfig(c, dir.context());
    if (!r.ok()) {
      EXPECT_TRUE(r.text.empty());
      ++refused;
      continue;
    }
    ++checked;
    const test::CommandResult check = dir.check(r.text);
    // A well-formed certificate id whose file the store lacks is not a
    // rendering fault: the renderer does no I/O, the agent checks its store.
    if (check.output.find("unable to stat SSL certificate") != std::string::npos) continue;
    EXPECT_EQ(check.exitCode, 0) << "seed " << seed << " #" << i << "\n" << check.output << "\n"
                                 << r.text;
  }
  std::cout << "[ mutated  ] " << refused << " refused, " << checked << " rendered and checked\n";
  EXPECT_GT(refused, 0u);
  EXPECT_GT(checked, 0u);
}

}  // namespace
}  // namespace exlb::agent
