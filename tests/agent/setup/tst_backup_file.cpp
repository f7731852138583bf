// The backup envelope: what seals opens with the same passphrase only, and
// every damage is refused with its own sentence.
#include <gtest/gtest.h>

#include <string>

#include "setup/backup_file.h"

namespace exlb::agent {
namespace {

// A cheap scrypt cost keeps the test fast; the format is the same.
constexpr ScryptCost kCheap{10, 8, 1};
const std::string kPayload = "payload with a -----BEGIN PRIVATE KEY----- inside";
const std::string kPass = "correct horse battery";

std::string sealed() {
  std::string error;
  auto file = sealBackup(kPayload, kPass, error, kCheap);
  EXPECT_TRUE(file) << error;
  return file.value_or("");
}

TEST(BackupFile, RoundTripsAndHidesThePayload) {
  const std::string file = sealed();
  EXPECT_EQ(file.find("PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(file.substr(0, 8), std::string("EXLBBAK\0", 8));
  std::string error;
  auto plain = openBackup(file, kPass, error);
  ASSERT_TRUE(plain) << error;
  EXPECT_EQ(*plain, kPayload);
}

TEST(BackupFile, TwoExportsDiffer) {  // fresh salt and nonce each time
  EXPECT_NE(sealed(), sealed());
}

TEST(BackupFile, ShortPassphraseIsRefused) {
  std::string error;
  EXPECT_FALSE(sealBackup(kPayload, "short", error, kCheap));
  EXPECT_NE(error.find("at least 8"), std::string::npos);
}

TEST(BackupFile, EveryDamageIsRefused) {
  const std::string good = sealed();
  struct Case {
    const char* name;
    std::string file;
    std::string passphrase;
    const char* says;
  };
  auto flip = [&](std::size_t at) {
    std::string f = good;
    f[at] = static_cast<char>(f[at] ^ 0x01);
    return f;
  };
  std::string otherVersion = good;
  otherVersion[9] = 2;
  std::string hugeCost = good;
  hugeCost[11] = 30;
  const Case cases[] = {
      {"wrong passphrase", good, "correct horse battery!", "wrong passphrase"},
      {"ciphertext bit", flip(50), kPass, "altered"},
      {"tag bit", flip(good.size() - 1), kPass, "altered"},
      {"salt bit", flip(15), kPass, "altered"},
      {"nonce bit", flip(31), kPass, "altered"},
      {"truncated", good.substr(0, good.size() - 1), kPass, "truncated"},
      {"header only", good.substr(0, 20), kPass, "truncated"},
      {"extended", good + "x", kPass, "extra bytes"},
      {"other version", otherVersion, kPass, "format version 2"},
      {"absurd cost", hugeCost, kPass, "key derivation"},
      {"not a backup", "PK\x03\x04zip", kPass, "not an exlb backup"},
      {"empty", "", kPass, "not an exlb backup"},
  };
  for (const auto& c : cases) {
    std::string error;
    EXPECT_FALSE(openBackup(c.file, c.passphrase, error)) << c.name;
    EXPECT_NE(error.find(c.says), std::string::npos) << c.name << ": " << error;
  }
}

}  // namespace
}  // namespace exlb::agent
