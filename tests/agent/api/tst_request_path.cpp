// The request target's canonical form: what is refused, what is decoded.
#include <gtest/gtest.h>

#include "api/request_path.h"

namespace exlb::agent {
namespace {

TEST(RequestPath, DecodesOrdinaryTargets) {
  RequestPath p;
  std::string error;
  ASSERT_TRUE(parseRequestTarget("/api/v1/servers/cas%31/drain?limit=5&x=a+b", p, error)) << error;
  EXPECT_EQ(p.path, "/api/v1/servers/cas1/drain");
  EXPECT_EQ(p.segments, (std::vector<std::string>{"api", "v1", "servers", "cas1", "drain"}));
  EXPECT_EQ(p.query.at("limit"), "5");
  EXPECT_EQ(p.query.at("x"), "a b");
  ASSERT_TRUE(parseRequestTarget("/", p, error));
  EXPECT_EQ(p.path, "/");
  EXPECT_TRUE(p.segments.empty());
}

TEST(RequestPath, RefusesEveryTraversalSpelling) {
  for (const char* target :
       {"/api/../etc/passwd", "/api/./v1", "/%2e%2e/etc/passwd", "/%2E%2E/etc", "/..%2fetc",
        "/a%2fb", "/a%5cb", "/a\\b", "//etc/passwd", "/api//v1", "/api/v1/", "/a%00b", "/a%0ab",
        "/%c0%ae%c0%ae/", "/\xc0\xae", "/a b", "/a%", "/a%zz", "/a%4", "api/v1", "", "*",
        "http://evil/api/v1/status", "/a#frag", "/a?x=%00"}) {
    RequestPath p;
    std::string error;
    EXPECT_FALSE(parseRequestTarget(target, p, error)) << target;
    EXPECT_FALSE(error.empty()) << target;
  }
}

TEST(RequestPath, DoubleEncodingStaysLiteral) {
  RequestPath p;
  std::string error;
  ASSERT_TRUE(parseRequestTarget("/%252e%252e/etc", p, error));
  EXPECT_EQ(p.segments.front(), "%2e%2e");  // a name, not a parent folder
  ASSERT_TRUE(parseRequestTarget("/..;/index.html", p, error));
  EXPECT_EQ(p.segments.front(), "..;");     // matches nothing
}

TEST(RequestPath, BoundsSizeAndQueryKeys) {
  RequestPath p;
  std::string error;
  EXPECT_FALSE(parseRequestTarget("/" + std::string(5000, 'a'), p, error));
  std::string many = "/x?";
  for (int i = 0; i < 40; ++i) many += "k" + std::to_string(i) + "=v&";
  EXPECT_FALSE(parseRequestTarget(many, p, error));
}

}  // namespace
}  // namespace exlb::agent
