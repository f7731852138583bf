// The pair's TLS session-ticket key ring on the channel (PeerTicketKeys):
// a ring goes out and comes back the same; a short, long or garbled ring is
// refused whole with a reason that holds no key; the ring id names a ring
// without any key material.
#include "pair/ticket_key_ring.h"

#include <gtest/gtest.h>

#include "exlb/v1/pair.pb.h"
#include "supervise/tls_ticket_keys.h"

using namespace exlb;
using namespace exlb::agent;
namespace keys = exlb::agent::tls_ticket_keys;

namespace {

std::vector<std::string> ring() { return {keys::newKey(), keys::newKey(), keys::newKey()}; }

std::string raw(const std::string& line) { return keys::decodeKey(line).value(); }

// A message made by hand, as a broken or hostile peer could send it.
std::string message(const std::vector<std::string>& rawKeys) {
  v1::PeerTicketKeys m;
  m.set_hostname("lb-17");
  for (const auto& k : rawKeys) m.add_keys(k);
  return m.SerializeAsString();
}

void expectRefused(const std::string& body, const std::string& why) {
  std::string error;
  EXPECT_FALSE(decodeTicketRing(body, error).has_value()) << why;
  EXPECT_FALSE(error.empty()) << why;
}

}  // namespace

TEST(TicketKeyRing, ARingComesBackTheSameWithTheSendersName) {
  const auto sent = ring();
  std::string error;
  const auto got = decodeTicketRing(encodeTicketRing(sent, "lb-17"), error);
  ASSERT_TRUE(got.has_value()) << error;
  EXPECT_EQ(got->keys, sent);
  EXPECT_EQ(got->hostname, "lb-17");
}

TEST(TicketKeyRing, AShortRingIsRefused) {
  const auto r = ring();
  expectRefused(message({raw(r[0]), raw(r[1])}), "two keys");
  expectRefused(message({}), "no key");
  expectRefused(message({raw(r[0]), raw(r[1]), raw(r[2]).substr(0, 79)}), "a key of 79 bytes");
  expectRefused("", "an empty body");
}

TEST(TicketKeyRing, ALongRingIsRefused) {
  const auto r = ring();
  expectRefused(message({raw(r[0]), raw(r[1]), raw(r[2]), raw(keys::newKey())}), "four keys");
  expectRefused(message({raw(r[0]), raw(r[1]), raw(r[2]) + "x"}), "a key of 81 bytes");
}

TEST(TicketKeyRing, AGarbledRingIsRefusedWithAReasonThatHoldsNoKey) {
  const auto r = ring();
  expectRefused("\xff\xff\xff\xff garbage", "not a protobuf message");
  expectRefused(message({raw(r[0]), raw(r[0]), raw(r[1])}), "the same key twice");
  // The keys as base64 text instead of raw bytes (108 bytes each).
  expectRefused(message({r[0], r[1], r[2]}), "base64 where raw keys belong");
  std::string error;
  EXPECT_FALSE(decodeTicketRing(message({raw(r[0]), raw(r[1]), raw(r[2]) + "x"}), error));
  for (const auto& k : r) {
    EXPECT_EQ(error.find(k), std::string::npos);
    EXPECT_EQ(error.find(raw(k)), std::string::npos);
  }
}

TEST(TicketKeyRing, TheRingIdNamesTheRingWithoutKeyMaterial) {
  const auto a = ring(), b = ring();
  const auto id = keys::ringId(a);
  EXPECT_EQ(id.size(), 16u);
  EXPECT_EQ(id, keys::ringId(a)) << "the same ring, the same id";
  EXPECT_NE(id, keys::ringId(b));
  EXPECT_NE(id, keys::ringId({a[1], a[2], a[0]})) << "the order is part of the ring";
  EXPECT_EQ(keys::ringId({a[0], a[1]}), "") << "no id for a ring that is not one";
  for (const auto& k : a) EXPECT_EQ(k.find(id), std::string::npos);
}

TEST(TicketKeyRing, CheckRingRefusesLinesThatAreNotKeys) {
  auto r = ring();
  std::string error;
  EXPECT_TRUE(keys::checkRing(r, error)) << error;
  auto spaced = r;
  spaced[1] = " " + spaced[1].substr(1);
  EXPECT_FALSE(keys::checkRing(spaced, error)) << "white space, which OpenSSL's decoder skips";
  auto newline = r;
  newline[2] = newline[2].substr(0, 50) + "\n" + newline[2].substr(51);
  EXPECT_FALSE(keys::checkRing(newline, error)) << "a line break would add a line to the file";
}
