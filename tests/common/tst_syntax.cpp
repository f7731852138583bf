// The syntax rules for strings that reach rendered files.
#include <string>

#include <gtest/gtest.h>

#include "exlb/common/syntax.h"

using namespace exlb;

TEST(Syntax, HostNames) {
  for (const char* good : {"exlb", "mail.mydomain.local", "a", "aloha-1.example.com", "1lb.x",
                           "EXCH01.corp.example"}) {
    EXPECT_TRUE(isHostname(good)) << good;
  }
  for (const char* bad : {"", "-a", "a-", "a..b", ".a", "a.", "a_b", "a b", "a#b", "ä.com",
                          "a;reboot"}) {
    EXPECT_FALSE(isHostname(bad)) << bad;
  }
  EXPECT_TRUE(isHostname(std::string(63, 'a')));
  EXPECT_FALSE(isHostname(std::string(64, 'a')));
}

TEST(Syntax, CertificateIds) {
  for (const char* good : {"default", "mail.example.com", "a", "0cert", "x_y-z.2026"}) {
    EXPECT_TRUE(isCertificateId(good)) << good;
  }
  for (const char* bad : {"", "Default", ".hidden", "-x", "a/b", "../x", "a b", "a\"b"}) {
    EXPECT_FALSE(isCertificateId(bad)) << bad;
  }
  EXPECT_TRUE(isCertificateId(std::string(64, 'c')));
  EXPECT_FALSE(isCertificateId(std::string(65, 'c')));
}

TEST(Syntax, ServerNames) {
  EXPECT_TRUE(isServerName("cas1"));
  EXPECT_TRUE(isServerName("EX-CAS.01_a"));
  EXPECT_TRUE(isServerName(std::string(32, 'n')));
  EXPECT_FALSE(isServerName(std::string(33, 'n')));
  EXPECT_FALSE(isServerName(""));
  EXPECT_FALSE(isServerName("cas 1"));
  EXPECT_FALSE(isServerName("cas/1"));
}

TEST(Syntax, TimezoneNames) {
  for (const char* good : {"UTC", "Europe/Paris", "America/Argentina/Buenos_Aires", "Etc/GMT+5",
                           "Etc/GMT-14", "America/Port-au-Prince"}) {
    EXPECT_TRUE(isTimezoneName(good)) << good;
  }
  for (const char* bad : {"", "/UTC", "UTC/", "Europe//Paris", "../etc", "Europe/../x",
                          "Europe Paris", "5UTC", "Europe/Paris\n", "null", "true", "false",
                          "localhost", "Paris", "Mars/Olympus"}) {
    EXPECT_FALSE(isTimezoneName(bad)) << bad;
  }
}

TEST(Syntax, ForbiddenCharactersAreNamed) {
  EXPECT_EQ(forbiddenCharacter("a b"), "a space");
  EXPECT_EQ(forbiddenCharacter("a#b"), "'#'");
  EXPECT_EQ(forbiddenCharacter("a\"b"), "a quote");
  EXPECT_EQ(forbiddenCharacter("a'b"), "a quote");
  EXPECT_EQ(forbiddenCharacter("${x}"), "'${'");
  EXPECT_EQ(forbiddenCharacter(std::string("a\0b", 3)), "a control character");
  EXPECT_EQ(forbiddenCharacter("a\nb"), "a control character");
  EXPECT_FALSE(forbiddenCharacter("mail.example.com").has_value());
  EXPECT_FALSE(forbiddenCharacter("cost$5").has_value());
}

TEST(Syntax, QuotedValuesStayOnOneShortLine) {
  EXPECT_EQ(quoteValue("10.0.0.300"), "'10.0.0.300'");
  EXPECT_EQ(quoteValue("a\nb"), "'a\\x0Ab'");
  EXPECT_EQ(quoteValue("\xC3\xA4"), "'\\xC3\\xA4'");
  const std::string shown = quoteValue(std::string(10000, 'x'));
  EXPECT_EQ(shown, "'" + std::string(64, 'x') + "...'");
}
