// A damaged data directory never stops the agent: it starts on the newest
// usable version, keeps the damaged file aside in damaged/, and says so.
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>

#include <functional>

#include <gtest/gtest.h>

#include "config/config_store.h"
#include "exlb/common/config_json.h"
#include "exlb/common/defaults.h"
#include "store_test_support.h"

using namespace exlb;
using namespace exlb::agent;
using namespace exlb::agent::test;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<ConfigStore> openStore(const fs::path& dir, StartMode mode = StartMode::Resume) {
  std::string error;
  auto store = ConfigStore::open(dir, fixedClockOptions(mode), error);
  EXPECT_NE(store, nullptr) << error;
  return store;
}

void replaceOnce(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

// Saves "lb-a" then "lb-b", and leaves "lb-c" running unsaved.
void prepare(const fs::path& dir) {
  auto store = openStore(dir);
  std::string error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "admin", error));
  ASSERT_TRUE(store->save("admin", error));
  ASSERT_TRUE(store->setRunning(configNamed("lb-b"), "admin", error));
  ASSERT_TRUE(store->save("admin", error));
  ASSERT_TRUE(store->setRunning(configNamed("lb-c"), "admin", error));
}

bool mentions(const std::vector<std::string>& lines, const std::string& what) {
  return std::any_of(lines.begin(), lines.end(),
                     [&](const std::string& l) { return l.find(what) != std::string::npos; });
}

int countStartingWith(const std::vector<std::string>& names, const std::string& prefix) {
  return static_cast<int>(std::count_if(names.begin(), names.end(), [&](const std::string& n) {
    return n.rfind(prefix, 0) == 0;
  }));
}

struct Damage {
  std::string name;
  std::function<void(const fs::path& file, const fs::path& scratch)> apply;
};

void editFile(const fs::path& file, const std::function<void(std::string&)>& edit) {
  std::string text = readText(file);
  edit(text);
  writeText(file, text);
}

std::vector<Damage> damages() {
  return {
      {"Truncated", [](const fs::path& f, const fs::path&) {
         editFile(f, [](std::string& t) { t.resize(t.size() / 2); });
       }},
      {"Garbage", [](const fs::path& f, const fs::path&) {
         writeText(f, std::string("\x00\xff\xfe garbage \x01\x02", 14));
       }},
      {"Empty", [](const fs::path& f, const fs::path&) { writeText(f, ""); }},
      {"JsonArray", [](const fs::path& f, const fs::path&) { writeText(f, "[1, 2, 3]\n"); }},
      {"FieldOfWrongType", [](const fs::path& f, const fs::path&) {
         editFile(f, [](std::string& t) { replaceOnce(t, "\"hostname\": \"", "\"hostname\": 42, \"x\": \""); });
       }},
      {"UnknownField", [](const fs::path& f, const fs::path&) {
         editFile(f, [](std::string& t) { replaceOnce(t, "\"schema_version\"", "\"bogus\": 1, \"schema_version\""); });
       }},
      {"NewerSchema", [](const fs::path& f, const fs::path&) {
         editFile(f, [](std::string& t) { replaceOnce(t, "\"schema_version\": 1", "\"schema_version\": 2"); });
       }},
      {"NoSchemaVersion", [](const fs::path& f, const fs::path&) {
         editFile(f, [](std::string& t) { replaceOnce(t, "\"schema_version\": 1,", ""); });
       }},
      {"NewerFileFormat", [](const fs::path& f, const fs::path&) {
         editFile(f, [](std::string& t) { replaceOnce(t, "\"format\": 1", "\"format\": 2"); });
       }},
      {"SymlinkToAnotherConfig", [](const fs::path& f, const fs::path& scratch) {
         // A link to a perfectly valid file: still never followed.
         const auto target = scratch / "planted.json";
         fs::copy_file(f, target);
         editFile(target, [](std::string& t) { replaceOnce(t, "\"hostname\": \"", "\"hostname\": \"evil-"); });
         fs::remove(f);
         fs::create_symlink(target, f);
       }},
      {"DanglingSymlink", [](const fs::path& f, const fs::path& scratch) {
         fs::remove(f);
         fs::create_symlink(scratch / "nowhere.json", f);
       }},
      {"Folder", [](const fs::path& f, const fs::path&) {
         fs::remove(f);
         fs::create_directory(f);
         writeText(f / "inside", "x");
       }},
      {"Fifo", [](const fs::path& f, const fs::path&) {
         fs::remove(f);
         ASSERT_EQ(::mkfifo(f.c_str(), 0600), 0);
       }},
      {"TooLarge", [](const fs::path& f, const fs::path&) {
         writeText(f, std::string(ConfigStore::kMaxFileBytes + 1, ' '));
       }},
  };
}

class DamagedFile : public ::testing::TestWithParam<Damage> {};

}  // namespace

TEST_P(DamagedFile, RunningFallsBackToTheSavedConfiguration) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  prepare(data);
  GetParam().apply(data / "running.json", tmp.path());
  const auto scratchBefore = listDir(tmp.path());

  auto store = openStore(data);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->running().config.network().hostname(), "lb-b");
  EXPECT_EQ(store->running().etag, store->saved().etag);
  EXPECT_EQ(store->saved().config.network().hostname(), "lb-b");
  EXPECT_EQ(store->history().size(), 2u);
  EXPECT_TRUE(mentions(store->startupWarnings(), "running.json")) << ::testing::PrintToString(store->startupWarnings());
  EXPECT_EQ(countStartingWith(listDir(data / "damaged"), "running.json."), 1);
  // A good running.json is in place again, and nothing outside the data dir changed.
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(data / "running.json")));
  EXPECT_EQ(listDir(tmp.path()), scratchBefore);
  if (fs::exists(tmp.path() / "planted.json")) {
    EXPECT_NE(readText(tmp.path() / "planted.json").find("evil-"), std::string::npos);
  }

  // The next start is clean and keeps what the first one settled on.
  store.reset();
  store = openStore(data);
  EXPECT_TRUE(store->startupWarnings().empty());
  EXPECT_EQ(store->running().config.network().hostname(), "lb-b");
}

TEST_P(DamagedFile, SavedFallsBackToTheNewestReadableHistoryEntry) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  prepare(data);
  auto history = listDir(data / "history");
  ASSERT_EQ(history.size(), 2u);
  // The newest history entry is the saved one; damage both copies of it.
  GetParam().apply(data / "saved.json", tmp.path());
  fs::remove(data / "history" / history.back());
  writeText(data / "history" / history.back(), "{ damaged");

  auto store = openStore(data, StartMode::Boot);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->saved().config.network().hostname(), "lb-a");
  EXPECT_EQ(store->running().config.network().hostname(), "lb-a");
  EXPECT_EQ(store->history().size(), 1u);
  EXPECT_TRUE(mentions(store->startupWarnings(), "saved.json"));
  EXPECT_EQ(countStartingWith(listDir(data / "damaged"), "saved.json."), 1);
  EXPECT_EQ(countStartingWith(listDir(data / "damaged"), "history-"), 1);
}

TEST_P(DamagedFile, NothingReadableLeavesTheFactoryDefaults) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  {
    auto store = openStore(data);  // first start: factory saved, no history
  }
  GetParam().apply(data / "saved.json", tmp.path());
  auto store = openStore(data, StartMode::Boot);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->saved().etag, ConfigStore::etagOf(defaultConfig()));
  EXPECT_EQ(store->running().etag, ConfigStore::etagOf(defaultConfig()));
  EXPECT_TRUE(mentions(store->startupWarnings(), "factory"));
}

INSTANTIATE_TEST_SUITE_P(Store, DamagedFile, ::testing::ValuesIn(damages()),
                         [](const auto& p) { return p.param.name; });

TEST(ConfigStoreDamage, UnreadableFileIsKeptAside) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  prepare(data);
  if (::geteuid() != 0) {
    fs::permissions(data / "running.json", fs::perms::none);
    auto store = openStore(data);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->running().config.network().hostname(), "lb-b");
    EXPECT_EQ(countStartingWith(listDir(data / "damaged"), "running.json."), 1);
    return;
  }
  // Root reads any file: run the store as "nobody" in a child process, over a
  // data dir that nobody owns, with running.json left to root (mode 0600).
  constexpr uid_t kNobody = 65534;
  fs::permissions(tmp.path(), fs::perms::owner_all | fs::perms::others_exec);
  bool chowned = ::lchown(data.c_str(), kNobody, kNobody) == 0;
  for (const auto& e : fs::recursive_directory_iterator(data)) {
    chowned = chowned && ::lchown(e.path().c_str(), kNobody, kNobody) == 0;
  }
  if (!chowned) GTEST_SKIP() << "cannot give files to uid " << kNobody << " here";
  ASSERT_EQ(::lchown((data / "running.json").c_str(), 0, 0), 0);
  std::fflush(nullptr);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0) _exit(10);
    std::string error;
    auto store = ConfigStore::open(data, fixedClockOptions(), error);
    if (!store) _exit(11);
    if (store->running().config.network().hostname() != "lb-b") _exit(12);
    if (!mentions(store->startupWarnings(), "running.json")) _exit(13);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0) << "10: setuid, 11: open, 12: wrong running config, 13: no warning";
  EXPECT_EQ(countStartingWith(listDir(data / "damaged"), "running.json."), 1);
}

TEST(ConfigStoreDamage, CrashMidWriteLeavesThePreviousVersion) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  prepare(data);
  // What a crash between "write temp" and "rename" leaves: half a new file
  // under a temporary name, next to the intact previous one.
  const auto full = readText(data / "running.json");
  writeText(data / ".running.json.tmp-4242-0", full.substr(0, full.size() / 3));
  writeText(data / "history" / ".20261124T040000Z-9.json.tmp-4242-1", "{");

  auto store = openStore(data);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->running().config.network().hostname(), "lb-c");
  EXPECT_EQ(store->history().size(), 2u);
  EXPECT_TRUE(store->startupWarnings().empty());
  EXPECT_FALSE(fs::exists(data / ".running.json.tmp-4242-0"));
  EXPECT_FALSE(fs::exists(data / "history" / ".20261124T040000Z-9.json.tmp-4242-1"));
}

TEST(ConfigStoreDamage, SymlinkPlantedAsTheHistoryFolderIsNotFollowed) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  prepare(data);
  const auto elsewhere = tmp.path() / "elsewhere";
  fs::create_directory(elsewhere);
  writeText(elsewhere / "keep.txt", "not the agent's");
  fs::rename(data / "history", tmp.path() / "old-history");
  fs::create_directory_symlink(elsewhere, data / "history");

  auto store = openStore(data);
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->history().empty());
  EXPECT_EQ(store->running().config.network().hostname(), "lb-c");
  EXPECT_TRUE(fs::is_directory(fs::symlink_status(data / "history")));
  EXPECT_EQ(listDir(elsewhere), std::vector<std::string>{"keep.txt"});
  std::string error;
  ASSERT_TRUE(store->save("admin", error)) << error;
  EXPECT_EQ(listDir(elsewhere), std::vector<std::string>{"keep.txt"});
  EXPECT_EQ(listDir(data / "history").size(), 1u);
}

TEST(ConfigStoreDamage, AWriteNeverGoesThroughAPlantedSymlink) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  auto store = openStore(data);
  const auto victim = tmp.path() / "victim";
  writeText(victim, "precious");
  // Planted while the agent runs.
  fs::remove(data / "running.json");
  fs::create_symlink(victim, data / "running.json");
  std::string error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-x"), "admin", error)) << error;
  EXPECT_EQ(readText(victim), "precious");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(data / "running.json")));
}

TEST(ConfigStoreDamage, ABareConfigurationDroppedInAsSavedIsUsed) {
  TempDir tmp;
  const auto data = tmp.path() / "data";
  { auto store = openStore(data); }
  writeText(data / "saved.json", configToJson(configNamed("lb-dropped")));
  auto store = openStore(data, StartMode::Boot);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->running().config.network().hostname(), "lb-dropped");
  EXPECT_EQ(store->saved().actor, "file");
  EXPECT_TRUE(store->startupWarnings().empty());
}
