// keepalived's notify fifo lines and VRRP packets as the agent reads them:
// well-formed input is understood, hostile or damaged input is refused whole
// (never half-read into a wrong role).
#include "ha/notify_parser.h"

#include <gtest/gtest.h>

#include "ha/vrrp_packet.h"

namespace exlb::agent {
namespace {

TEST(NotifyParser, ReadsEveryState) {
  struct Case {
    const char* line;
    VrrpNotifyState state;
    int priority;
  };
  for (const auto& c : {Case{"INSTANCE \"exlb_vip\" MASTER 150", VrrpNotifyState::Master, 150},
                        Case{"INSTANCE \"exlb_vip\" BACKUP 100", VrrpNotifyState::Backup, 100},
                        Case{"INSTANCE \"exlb_vip\" FAULT 0", VrrpNotifyState::Fault, 0},
                        Case{"INSTANCE \"exlb_vip\" STOP 0", VrrpNotifyState::Stop, 0},
                        Case{"INSTANCE \"exlb_vip\" DELETED 255", VrrpNotifyState::Deleted, 255},
                        Case{"INSTANCE \"exlb_vip\" MASTER 150\r", VrrpNotifyState::Master, 150}}) {
    SCOPED_TRACE(c.line);
    const auto n = parseNotifyLine(c.line);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(n->instance, "exlb_vip");
    EXPECT_EQ(n->state, c.state);
    EXPECT_EQ(n->priority, c.priority);
  }
}

TEST(NotifyParser, RefusesHostileAndForeignLines) {
  for (const char* line : {
           "",
           "GROUP \"g\" MASTER 0",                      // a sync group: not ours
           "VS \"x\" UP",                               // a virtual server line
           "INSTANCE exlb_vip MASTER 150",              // no quotes
           "INSTANCE \"exlb_vip MASTER 150",            // unterminated
           "INSTANCE \"\" MASTER 150",                  // empty name
           "INSTANCE \"exlb vip\" MASTER 150",          // space in the name
           "INSTANCE \"exlb_vip\"MASTER 150",           // no separator
           "INSTANCE \"exlb_vip\" master 150",          // lower case
           "INSTANCE \"exlb_vip\" MASTERX 150",
           "INSTANCE \"exlb_vip\" MASTER",              // no priority
           "INSTANCE \"exlb_vip\" MASTER -1",
           "INSTANCE \"exlb_vip\" MASTER 256",
           "INSTANCE \"exlb_vip\" MASTER 1500",
           "INSTANCE \"exlb_vip\" MASTER 15a",
           "INSTANCE \"exlb_vip\" MASTER 150 extra",
           "INSTANCE \"exlb_vip\" MASTER  150",
           "instance \"exlb_vip\" MASTER 150",
           " INSTANCE \"exlb_vip\" MASTER 150",
           "INSTANCE \"exlb\x01vip\" MASTER 150",
           "INSTANCE \"exlb\xc3\xa9\" MASTER 150",
       }) {
    SCOPED_TRACE(line);
    EXPECT_FALSE(parseNotifyLine(line).has_value());
  }
  EXPECT_FALSE(parseNotifyLine(std::string_view("INSTANCE \"exlb\0vip\" MASTER 150", 30)).has_value());
  EXPECT_FALSE(parseNotifyLine("INSTANCE \"" + std::string(65, 'a') + "\" MASTER 150").has_value());
  EXPECT_TRUE(parseNotifyLine("INSTANCE \"" + std::string(64, 'a') + "\" MASTER 150").has_value());
}

TEST(NotifyLineSplitter, JoinsPiecesAndSplitsBursts) {
  NotifyLineSplitter s;
  EXPECT_TRUE(s.feed("INSTANCE \"exlb_vip\" BAC").empty());
  const auto lines = s.feed("KUP 100\nINSTANCE \"exlb_vip\" MASTER 150\nINST");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0], "INSTANCE \"exlb_vip\" BACKUP 100");
  EXPECT_EQ(lines[1], "INSTANCE \"exlb_vip\" MASTER 150");
  const auto rest = s.feed("ANCE \"exlb_vip\" FAULT 0\n");
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0], "INSTANCE \"exlb_vip\" FAULT 0");
}

TEST(NotifyLineSplitter, DropsOverlongLinesWholeAndRecovers) {
  NotifyLineSplitter s(64);
  EXPECT_TRUE(s.feed(std::string(50, 'x')).empty());
  EXPECT_TRUE(s.feed(std::string(50, 'y')).empty());  // over the limit: discarding
  const auto lines = s.feed(std::string(1000, 'z') + "\nINSTANCE \"exlb_vip\" MASTER 150\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0], "INSTANCE \"exlb_vip\" MASTER 150");
}

// An IPv4 header (20 bytes) + a VRRP advertisement.
std::vector<std::uint8_t> packet(int protocol, int version, int type, int vrid, int prio) {
  std::vector<std::uint8_t> p(20 + 12, 0);
  p[0] = 0x45;
  p[9] = static_cast<std::uint8_t>(protocol);
  p[12] = 198; p[13] = 18; p[14] = 0; p[15] = 7;
  p[16] = 224; p[17] = 0; p[18] = 0; p[19] = 18;
  p[20] = static_cast<std::uint8_t>((version << 4) | type);
  p[21] = static_cast<std::uint8_t>(vrid);
  p[22] = static_cast<std::uint8_t>(prio);
  return p;
}

TEST(VrrpPacket, ReadsAnAdvertisement) {
  const auto p = packet(112, 3, 1, 42, 255);
  const auto a = parseVrrpPacket(p.data(), p.size());
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->source, (198u << 24) | (18u << 16) | 7u);
  EXPECT_EQ(a->version, 3);
  EXPECT_EQ(a->routerId, 42);
  EXPECT_EQ(a->priority, 255);
  const auto v2 = packet(112, 2, 1, 1, 100);
  EXPECT_TRUE(parseVrrpPacket(v2.data(), v2.size()).has_value());
}

TEST(VrrpPacket, RefusesOtherPackets) {
  for (const auto& p : {packet(17, 3, 1, 42, 100), packet(112, 4, 1, 42, 100), packet(112, 3, 2, 42, 100),
                        packet(112, 1, 1, 42, 100)})
    EXPECT_FALSE(parseVrrpPacket(p.data(), p.size()).has_value());
  auto shortOne = packet(112, 3, 1, 42, 100);
  EXPECT_FALSE(parseVrrpPacket(shortOne.data(), 27).has_value());
  EXPECT_FALSE(parseVrrpPacket(shortOne.data(), 10).has_value());
  auto badIhl = packet(112, 3, 1, 42, 100);
  badIhl[0] = 0x4f;  // 60-byte header: longer than the packet
  EXPECT_FALSE(parseVrrpPacket(badIhl.data(), badIhl.size()).has_value());
  badIhl[0] = 0x44;  // 16-byte header: impossible
  EXPECT_FALSE(parseVrrpPacket(badIhl.data(), badIhl.size()).has_value());
  auto v6 = packet(112, 3, 1, 42, 100);
  v6[0] = 0x65;
  EXPECT_FALSE(parseVrrpPacket(v6.data(), v6.size()).has_value());
}

}  // namespace
}  // namespace exlb::agent
