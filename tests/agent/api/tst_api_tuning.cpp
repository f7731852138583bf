// The daemon options that tune the management API: taken with their value,
// refused outside their range with a sentence, applied over the defaults.
#include <gtest/gtest.h>

#include "api/api_tuning.h"
#include "app/daemon.h"

namespace exlb::agent {
namespace {

TEST(ApiTuning, DefaultsStayWhenNothingIsGiven) {
  DaemonOptions o;
  std::string error;
  ASSERT_TRUE(parseDaemonOptions({"--data-dir", "/d"}, o, error)) << error;
  ApiServer::Options api;
  applyApiTuning(o.api, api);
  EXPECT_EQ(api.session_idle_timeout, std::chrono::seconds(1800));
  EXPECT_EQ(api.session_absolute_timeout, std::chrono::seconds(12 * 3600));
  EXPECT_EQ(api.request_timeout, std::chrono::seconds(15));
  EXPECT_EQ(api.handshake_timeout, std::chrono::seconds(10));
}

TEST(ApiTuning, DaemonTakesTheSessionAndRequestOptions) {
  DaemonOptions o;
  std::string error;
  ASSERT_TRUE(parseDaemonOptions({"--data-dir", "/d", "--session-idle", "2", "--session-lifetime", "8",
                                  "--request-timeout", "3", "--listen", "127.0.0.1:0"},
                                 o, error))
      << error;
  EXPECT_EQ(o.listenAddress, "127.0.0.1");
  ApiServer::Options api;
  applyApiTuning(o.api, api);
  EXPECT_EQ(api.session_idle_timeout, std::chrono::seconds(2));
  EXPECT_EQ(api.session_absolute_timeout, std::chrono::seconds(8));
  EXPECT_EQ(api.request_timeout, std::chrono::seconds(3));
  // A slow client cannot stretch the handshake or an idle keep-alive past it.
  EXPECT_EQ(api.handshake_timeout, std::chrono::seconds(3));
  EXPECT_EQ(api.keep_alive_timeout, std::chrono::seconds(3));
}

TEST(ApiTuning, BadValuesAreRefusedWithASentence) {
  const std::vector<std::vector<std::string>> cases = {
      {"--session-idle"},          {"--session-idle", "0"},   {"--session-idle", "-5"},
      {"--session-idle", "1.5"},   {"--session-idle", "ten"}, {"--session-lifetime", "99999999999"},
      {"--request-timeout", "3601"}, {"--request-timeout", ""}};
  for (const auto& args : cases) {
    DaemonOptions o;
    std::string error;
    EXPECT_FALSE(parseDaemonOptions(args, o, error)) << args[0];
    EXPECT_NE(error.find(args[0]), std::string::npos) << error;
  }
}

TEST(ApiTuning, OtherOptionsAreNotTaken) {
  ApiTuning tuning;
  std::string error;
  std::vector<std::string> args{"--listen", "1.2.3.4:5"};
  std::size_t i = 0;
  EXPECT_EQ(parseApiOption(args, i, tuning, error), ApiOptionParse::NotMine);
  EXPECT_EQ(i, 0u);
}

}  // namespace
}  // namespace exlb::agent
