// Crash-safe writes and link-refusing reads of the data directory.
#include <sys/stat.h>

#include <gtest/gtest.h>

#include "config/atomic_file.h"
#include "store_test_support.h"

using namespace exlb::agent;
using namespace exlb::agent::test;
namespace fs = std::filesystem;

TEST(AtomicFile, WritesPrivateFileAndLeavesNoTemporary) {
  TempDir tmp;
  std::string error;
  ASSERT_TRUE(writeFileAtomically(tmp.path(), "a.json", "one", error)) << error;
  ASSERT_TRUE(writeFileAtomically(tmp.path(), "a.json", "two", error)) << error;
  EXPECT_EQ(readText(tmp.path() / "a.json"), "two");
  EXPECT_EQ(listDir(tmp.path()), std::vector<std::string>{"a.json"});
  struct stat st {};
  ASSERT_EQ(::stat((tmp.path() / "a.json").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
}

TEST(AtomicFile, FailureKeepsTheOldFile) {
  TempDir tmp;
  std::string error;
  ASSERT_TRUE(writeFileAtomically(tmp.path(), "a.json", "old", error));
  EXPECT_FALSE(writeFileAtomically(tmp.path() / "missing", "a.json", "new", error));
  EXPECT_FALSE(error.empty());
  EXPECT_FALSE(writeFileAtomically(tmp.path(), "../escape", "new", error));
  // A folder in the way of the rename: the write fails, nothing is left behind.
  fs::create_directory(tmp.path() / "dir.json");
  writeText(tmp.path() / "dir.json" / "x", "x");
  EXPECT_FALSE(writeFileAtomically(tmp.path(), "dir.json", "new", error));
  EXPECT_EQ(readText(tmp.path() / "a.json"), "old");
  EXPECT_EQ(listDir(tmp.path()), (std::vector<std::string>{"a.json", "dir.json"}));
}

TEST(AtomicFile, ReadRefusesLinksFoldersAndOversizedFiles) {
  TempDir tmp;
  std::string out, error;
  EXPECT_EQ(readRegularFile(tmp.path() / "none", 100, out, error), ReadStatus::Missing);
  writeText(tmp.path() / "real", "hello");
  EXPECT_EQ(readRegularFile(tmp.path() / "real", 100, out, error), ReadStatus::Ok);
  EXPECT_EQ(out, "hello");
  EXPECT_EQ(readRegularFile(tmp.path() / "real", 4, out, error), ReadStatus::Refused);
  fs::create_symlink(tmp.path() / "real", tmp.path() / "link");
  EXPECT_EQ(readRegularFile(tmp.path() / "link", 100, out, error), ReadStatus::Refused);
  EXPECT_NE(error.find("symbolic link"), std::string::npos);
  EXPECT_EQ(readRegularFile(tmp.path(), 100, out, error), ReadStatus::Refused);
}

TEST(AtomicFile, StaleTemporariesAreRecognised) {
  TempDir tmp;
  writeText(tmp.path() / ".a.json.tmp-1-0", "half");
  writeText(tmp.path() / "a.json", "whole");
  writeText(tmp.path() / ".hidden", "not ours");
  EXPECT_EQ(removeStaleTempFiles(tmp.path()), 1);
  EXPECT_EQ(listDir(tmp.path()), (std::vector<std::string>{".hidden", "a.json"}));
}

TEST(AtomicFile, PrivateDirRefusesAPlantedLink) {
  TempDir tmp;
  bool planted = false;
  std::string error;
  EXPECT_TRUE(ensurePrivateDir(tmp.path() / "d", planted, error));
  EXPECT_TRUE(ensurePrivateDir(tmp.path() / "d", planted, error));
  fs::create_directory_symlink(tmp.path() / "d", tmp.path() / "l");
  EXPECT_FALSE(ensurePrivateDir(tmp.path() / "l", planted, error));
  EXPECT_TRUE(planted);
}
