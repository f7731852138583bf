// IPv4 text and subnet arithmetic used by the network rules.
#include <gtest/gtest.h>

#include "exlb/common/ipv4.h"

using namespace exlb;

TEST(Ipv4, ParsesDottedQuads) {
  EXPECT_EQ(parseIpv4("10.0.0.17"), 0x0A000011u);
  EXPECT_EQ(parseIpv4("0.0.0.0"), 0u);
  EXPECT_EQ(parseIpv4("255.255.255.255"), 0xFFFFFFFFu);
  EXPECT_EQ(parseIpv4("192.168.0.200"), 0xC0A800C8u);
}

TEST(Ipv4, RefusesEveryOtherSpelling) {
  for (const char* bad : {"", "10.0.0", "10.0.0.0.1", "10.0.0.256", "10.0.0.300", "010.0.0.1",
                          "10.0.0.01", "0x0A.0.0.1", "10.0.0.1 ", " 10.0.0.1", "10..0.1",
                          "10.0.0.", ".10.0.0.1", "167772177", "10.0.0.1/24", "1e1.0.0.1",
                          "10.0.0.1\n", "10.0.0.0001", "a.b.c.d", "-1.0.0.0"}) {
    EXPECT_FALSE(parseIpv4(bad).has_value()) << bad;
  }
}

TEST(Ipv4, FormatsBackToTheSameText) {
  for (const char* text : {"10.0.0.17", "0.0.0.0", "255.255.255.255", "172.16.254.1"}) {
    EXPECT_EQ(formatIpv4(*parseIpv4(text)), text);
  }
}

TEST(Ipv4, NetmaskPrefixOnlyForContiguousMasks) {
  EXPECT_EQ(netmaskPrefix(*parseIpv4("255.255.255.0")), 24);
  EXPECT_EQ(netmaskPrefix(*parseIpv4("255.255.0.0")), 16);
  EXPECT_EQ(netmaskPrefix(*parseIpv4("255.255.255.255")), 32);
  EXPECT_EQ(netmaskPrefix(*parseIpv4("0.0.0.0")), 0);
  EXPECT_EQ(netmaskPrefix(*parseIpv4("255.255.240.0")), 20);
  EXPECT_FALSE(netmaskPrefix(*parseIpv4("255.0.255.0")).has_value());
  EXPECT_FALSE(netmaskPrefix(*parseIpv4("0.255.255.255")).has_value());
  for (int prefix = 0; prefix <= 32; ++prefix) {
    EXPECT_EQ(netmaskPrefix(prefixToNetmask(prefix)), prefix);
  }
}

TEST(Ipv4, SubnetKnowsItsNetworkBroadcastAndMembers) {
  const Subnet s{*parseIpv4("10.0.0.17"), *parseIpv4("255.255.0.0")};
  EXPECT_EQ(formatIpv4(s.network()), "10.0.0.0");
  EXPECT_EQ(formatIpv4(s.broadcast()), "10.0.255.255");
  EXPECT_TRUE(s.contains(*parseIpv4("10.0.1.1")));
  EXPECT_FALSE(s.contains(*parseIpv4("10.1.0.1")));
  EXPECT_TRUE(s.isNetworkOrBroadcast(*parseIpv4("10.0.0.0")));
  EXPECT_TRUE(s.isNetworkOrBroadcast(*parseIpv4("10.0.255.255")));
  EXPECT_FALSE(s.isNetworkOrBroadcast(*parseIpv4("10.0.1.1")));
  const Subnet p2p{*parseIpv4("198.18.0.0"), prefixToNetmask(31)};  // RFC 3021: both usable
  EXPECT_FALSE(p2p.isNetworkOrBroadcast(*parseIpv4("198.18.0.0")));
}

TEST(Ipv4, UnusableHostAddresses) {
  EXPECT_TRUE(isUnusableHostAddress(*parseIpv4("0.0.0.0")));
  EXPECT_TRUE(isUnusableHostAddress(*parseIpv4("224.0.0.18")));
  EXPECT_TRUE(isUnusableHostAddress(*parseIpv4("255.255.255.255")));
  EXPECT_FALSE(isUnusableHostAddress(*parseIpv4("127.0.0.1")));  // the lab runs on loopback
  EXPECT_FALSE(isUnusableHostAddress(*parseIpv4("10.0.0.17")));
}
