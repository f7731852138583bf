// The TLS session-ticket key file: created with three random keys and mode
// 0600, kept as it is when valid (so keys survive agent restarts), replaced
// when damaged, and rotated the way HAProxy rotates (drop the oldest, append
// a new one), with the due time read from the file's age.
#include "supervise/tls_ticket_keys.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace exlb::agent::tls_ticket_keys {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class TicketKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/exlb-tickets-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string read() const {
    std::ifstream in(file());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  void write(const std::string& text) const { std::ofstream(file()) << text; }
  fs::path file() const { return dir_ / "tls-ticket-keys"; }
  std::vector<std::string> keys() const { return parse(read()).value_or(std::vector<std::string>{}); }

  fs::path dir_;
};

TEST_F(TicketKeysTest, ANewKeyIsEightyRandomBytesInBase64) {
  const std::string a = newKey(), b = newKey();
  EXPECT_EQ(a.size(), 108u);
  EXPECT_NE(a, b);
  EXPECT_TRUE(parse(a + "\n" + b + "\n" + newKey() + "\n").has_value());
}

TEST_F(TicketKeysTest, AMissingFileIsCreatedWithThreeKeysOnlyTheOwnerCanRead) {
  bool created = false;
  std::string error;
  ASSERT_TRUE(KeyFile(file()).ensure(created, error)) << error;
  EXPECT_TRUE(created);
  const auto k = keys();
  ASSERT_EQ(k.size(), 3u);
  EXPECT_EQ(std::set<std::string>(k.begin(), k.end()).size(), 3u);
  struct stat st {};
  ASSERT_EQ(::stat(file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST_F(TicketKeysTest, AValidFileIsKeptSoKeysSurviveARestart) {
  bool created = false;
  std::string error;
  ASSERT_TRUE(KeyFile(file()).ensure(created, error));
  const std::string before = read();
  ::chmod(file().c_str(), 0644);
  ASSERT_TRUE(KeyFile(file()).ensure(created, error));
  EXPECT_FALSE(created);
  EXPECT_EQ(read(), before);
  struct stat st {};
  ASSERT_EQ(::stat(file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u) << "a widened mode is narrowed again";
}

TEST_F(TicketKeysTest, ADamagedFileIsReplaced) {
  const std::vector<std::string> damaged{
      "", "not base64\n", newKey() + "\n" + newKey() + "\n",
      newKey() + "\n" + newKey() + "\n" + newKey().substr(4) + "====\n"};
  for (const std::string& bad : damaged) {
    write(bad);
    bool created = false;
    std::string error;
    ASSERT_TRUE(KeyFile(file()).ensure(created, error)) << error;
    EXPECT_TRUE(created) << bad;
    EXPECT_EQ(keys().size(), 3u);
  }
}

TEST_F(TicketKeysTest, RotationDropsTheOldestAndAppendsANewKeyAsHaproxyDoes) {
  bool created = false;
  std::string error;
  const KeyFile f(file());
  ASSERT_TRUE(f.ensure(created, error));
  const auto before = keys();
  const auto fresh = f.rotate(error);
  ASSERT_TRUE(fresh.has_value()) << error;
  const auto after = keys();
  ASSERT_EQ(after.size(), 3u);
  // The old encryption key (penultimate) still decrypts; the old "next" key
  // now encrypts; the new key is last.
  EXPECT_EQ(after[0], before[1]);
  EXPECT_EQ(after[1], before[2]);
  EXPECT_EQ(after[2], *fresh);
  EXPECT_NE(*fresh, before[0]);
}

TEST_F(TicketKeysTest, RotationIsDueOnePeriodAfterTheLastWrite) {
  bool created = false;
  std::string error;
  const KeyFile f(file());
  ASSERT_TRUE(f.ensure(created, error));
  const auto due = f.untilDue(3600s);
  EXPECT_GT(due, 3590s);
  EXPECT_LE(due, 3600s);
  fs::last_write_time(file(), fs::file_time_type::clock::now() - 2h);
  EXPECT_EQ(f.untilDue(3600s), 0ms) << "overdue: rotate at once";
  fs::last_write_time(file(), fs::file_time_type::clock::now() - 1800s);
  EXPECT_NEAR(std::chrono::duration<double>(f.untilDue(3600s)).count(), 1800.0, 5.0);
  EXPECT_EQ(KeyFile(dir_ / "missing").untilDue(3600s), 0ms);
}

// A pair's peer ring (agent/pair/pair_ticket_keys.cpp) replaces the file's
// whole and resets the rotation's due time; a ring that is not one changes
// nothing.
TEST_F(TicketKeysTest, APeersRingReplacesTheFileAndARingThatIsNotOneChangesNothing) {
  bool created = false;
  std::string error;
  const KeyFile file(this->file());
  ASSERT_TRUE(file.ensure(created, error)) << error;
  const auto before = read();
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {newKey(), newKey()},
           {newKey(), newKey(), newKey(), newKey()},
           {newKey(), "not a key", newKey()},
       }) {
    EXPECT_FALSE(file.replace(bad, error));
    EXPECT_EQ(read(), before);
  }
  const auto k = newKey();
  EXPECT_FALSE(file.replace({k, k, newKey()}, error)) << "the same key twice";
  EXPECT_EQ(read(), before);
  fs::last_write_time(this->file(), fs::file_time_type::clock::now() - 2h);
  const std::vector<std::string> ring{newKey(), newKey(), newKey()};
  ASSERT_TRUE(file.replace(ring, error)) << error;
  EXPECT_EQ(file.read(), ring);
  EXPECT_EQ(fs::status(this->file()).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_GT(file.untilDue(1h), 59min) << "a ring just received is not due for rotation";
}

}  // namespace
}  // namespace exlb::agent::tls_ticket_keys
