// Every keepalived.conf shape the agent renders is accepted by Debian's
// keepalived (`keepalived -t`), and a broken one is refused with keepalived's
// own words. Runs inside the test's own network namespace (netns_lab.h):
// keepalived checks that the interface exists.
#include <filesystem>
#include <fstream>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "ha/keepalived_renderer.h"
#include "ha/keepalived_supervisor.h"
#include "ha_cases.h"
#include "netns_lab.h"

namespace exlb::agent {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class KeepalivedCheck : public ::testing::Test {
 protected:
  void SetUp() override {
    auto& lab = test::NetnsLab::instance();
    if (!lab.available()) GTEST_SKIP() << lab.reason();
    char tmpl[] = "/tmp/exlb-kacheck-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    KeepalivedSupervisorOptions o;
    o.runDir = dir_;
    supervisor_ = std::make_unique<KeepalivedSupervisor>(io_, runner_, o);
  }
  void TearDown() override {
    supervisor_.reset();
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  // check() and wait; returns {ok, message}.
  std::pair<bool, std::string> check(const std::string& text) {
    std::optional<std::pair<bool, std::string>> result;
    supervisor_->check(text, [&](bool ok, fs::path candidate, std::string message) {
      if (ok) fs::remove(candidate);
      result.emplace(ok, message);
    });
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!result && std::chrono::steady_clock::now() < deadline) io_.run_one_for(20ms);
    return result.value_or(std::make_pair(false, std::string("timed out")));
  }

  boost::asio::io_context io_;
  ProcessRunner runner_{io_};
  fs::path dir_;
  std::unique_ptr<KeepalivedSupervisor> supervisor_;
};

TEST_F(KeepalivedCheck, EveryRenderedShapePasses) {
  for (auto kc : test::keepalivedCases()) {
    SCOPED_TRACE(kc.name);
    kc.context.runDir = dir_;
    const auto r = renderKeepalivedConfig(kc.config, kc.context);
    ASSERT_TRUE(r.ok());
    const auto [ok, message] = check(r.text);
    EXPECT_TRUE(ok) << message;
  }
}

TEST_F(KeepalivedCheck, RefusesABrokenFileWithKeepalivedsReason) {
  auto kc = test::keepalivedCases().front();
  kc.context.runDir = dir_;
  auto text = renderKeepalivedConfig(kc.config, kc.context).text;
  text.insert(text.find("  accept\n"), "  no_such_keyword 1\n");
  const auto [ok, message] = check(text);
  EXPECT_FALSE(ok);
  EXPECT_NE(message.find("no_such_keyword"), std::string::npos) << message;
}

TEST_F(KeepalivedCheck, RefusesAnInterfaceThatIsNotThere) {
  auto kc = test::keepalivedCases().front();
  kc.context.runDir = dir_;
  kc.context.interface = "nosuch0";
  const auto [ok, message] = check(renderKeepalivedConfig(kc.config, kc.context).text);
  EXPECT_FALSE(ok);
  EXPECT_NE(message.find("nosuch0"), std::string::npos) << message;
}

}  // namespace
}  // namespace exlb::agent
