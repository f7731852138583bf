// The configuration store's everyday behaviour: first start, running vs
// saved, history, versions, etags, and what survives a restart or a reboot.
#include <sys/stat.h>

#include <algorithm>

#include <gtest/gtest.h>

#include "config/config_store.h"
#include "exlb/common/defaults.h"
#include "store_test_support.h"

using namespace exlb;
using namespace exlb::agent;
using namespace exlb::agent::test;
namespace fs = std::filesystem;

namespace {

std::unique_ptr<ConfigStore> openStore(const fs::path& dir,
                                       StartMode mode = StartMode::Resume) {
  std::string error;
  auto store = ConfigStore::open(dir, fixedClockOptions(mode), error);
  EXPECT_NE(store, nullptr) << error;
  return store;
}

bool sameConfig(const v1::ApplianceConfig& a, const v1::ApplianceConfig& b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

}  // namespace

TEST(ConfigStore, FirstStartRunsAndSavesTheFactoryDefaults) {
  TempDir tmp;
  auto store = openStore(tmp.path() / "data");
  ASSERT_TRUE(store);
  EXPECT_TRUE(sameConfig(store->running().config, defaultConfig()));
  EXPECT_TRUE(sameConfig(store->saved().config, defaultConfig()));
  EXPECT_EQ(store->running().actor, "factory");
  EXPECT_EQ(store->running().etag, ConfigStore::etagOf(defaultConfig()));
  EXPECT_EQ(store->running().id, store->saved().id);
  EXPECT_FALSE(store->running().id.empty());
  EXPECT_TRUE(store->history().empty());
  EXPECT_TRUE(store->startupWarnings().empty());
  // Files only the agent can read: the configuration holds secrets' ids and addresses.
  for (const char* name : {"running.json", "saved.json"}) {
    struct stat st {};
    ASSERT_EQ(::stat((tmp.path() / "data" / name).c_str(), &st), 0) << name;
    EXPECT_EQ(st.st_mode & 0777, 0600u) << name;
  }
}

TEST(ConfigStore, EtagIsAStableContentHash) {
  const auto a = ConfigStore::etagOf(defaultConfig());
  EXPECT_EQ(a.size(), 32u);
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(a, ConfigStore::etagOf(defaultConfig()));
  EXPECT_NE(a, ConfigStore::etagOf(configNamed("exch-lb-2")));
  EXPECT_EQ(ConfigStore::etagOf(configNamed("exch-lb-2")), ConfigStore::etagOf(configNamed("exch-lb-2")));
}

TEST(ConfigStore, SetRunningMakesANewVersionAndLeavesSavedAlone) {
  TempDir tmp;
  auto store = openStore(tmp.path());
  const auto factory = store->saved();
  std::string error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "admin", error)) << error;
  EXPECT_EQ(store->running().config.network().hostname(), "lb-a");
  EXPECT_EQ(store->running().actor, "admin");
  EXPECT_NE(store->running().id, factory.id);
  EXPECT_EQ(store->running().etag, ConfigStore::etagOf(configNamed("lb-a")));
  EXPECT_EQ(store->saved().id, factory.id);
  EXPECT_EQ(store->saved().etag, factory.etag);
  EXPECT_TRUE(store->history().empty());
}

TEST(ConfigStore, SettingTheSameConfigurationAgainChangesNothing) {
  TempDir tmp;
  auto store = openStore(tmp.path());
  std::string error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "admin", error));
  const auto id = store->running().id;
  ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "other", error));
  EXPECT_EQ(store->running().id, id);
  EXPECT_EQ(store->running().actor, "admin");
}

TEST(ConfigStore, RefusesAnotherSchemaVersionAndKeepsTheRunningOne) {
  TempDir tmp;
  auto store = openStore(tmp.path());
  auto config = configNamed("lb-a");
  config.set_schema_version(kSchemaVersion + 1);
  const auto before = store->running();
  const auto fileBefore = readText(tmp.path() / "running.json");
  std::string error;
  EXPECT_FALSE(store->setRunning(config, "admin", error));
  EXPECT_NE(error.find("schema_version"), std::string::npos) << error;
  EXPECT_EQ(store->running().id, before.id);
  EXPECT_EQ(readText(tmp.path() / "running.json"), fileBefore);
}

TEST(ConfigStore, SaveRecordsWhoAndWhenNewestFirst) {
  TempDir tmp;
  auto store = openStore(tmp.path());
  std::string error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "alice", error));
  ASSERT_TRUE(store->save("alice", error)) << error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-b"), "bob", error));
  ASSERT_TRUE(store->save("bob", error)) << error;

  EXPECT_EQ(store->saved().config.network().hostname(), "lb-b");
  EXPECT_EQ(store->saved().etag, store->running().etag);
  const auto history = store->history();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].config.network().hostname(), "lb-b");
  EXPECT_EQ(history[0].actor, "bob");
  EXPECT_EQ(history[0].id, store->saved().id);
  EXPECT_EQ(history[1].config.network().hostname(), "lb-a");
  EXPECT_EQ(history[1].actor, "alice");
  EXPECT_GT(history[0].unix_ms, history[1].unix_ms);
  EXPECT_NE(history[0].id, history[1].id);
}

TEST(ConfigStore, SavingAnUnchangedConfigurationAddsNoHistoryEntry) {
  TempDir tmp;
  auto store = openStore(tmp.path());
  std::string error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "admin", error));
  ASSERT_TRUE(store->save("admin", error));
  ASSERT_TRUE(store->save("admin", error));
  EXPECT_EQ(store->history().size(), 1u);
}

TEST(ConfigStore, FindVersionFindsRunningSavedAndHistoryForRollback) {
  TempDir tmp;
  auto store = openStore(tmp.path());
  std::string error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "admin", error));
  ASSERT_TRUE(store->save("admin", error));
  const auto first = store->saved().id;
  ASSERT_TRUE(store->setRunning(configNamed("lb-b"), "admin", error));
  ASSERT_TRUE(store->save("admin", error));
  ASSERT_TRUE(store->setRunning(configNamed("lb-c"), "admin", error));

  auto old = store->findVersion(first);
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->config.network().hostname(), "lb-a");
  ASSERT_TRUE(store->findVersion(store->running().id).has_value());
  EXPECT_EQ(store->findVersion(store->running().id)->config.network().hostname(), "lb-c");
  EXPECT_FALSE(store->findVersion("20990101T000000Z-999").has_value());
  EXPECT_FALSE(store->findVersion("").has_value());

  // Rollback as the agent does it: the old content becomes the running one.
  ASSERT_TRUE(store->setRunning(old->config, "admin", error));
  EXPECT_EQ(store->running().etag, old->etag);
}

TEST(ConfigStore, HistoryKeepsTheNewestFifty) {
  TempDir tmp;
  auto store = openStore(tmp.path());
  std::string error;
  for (int i = 0; i < 55; ++i) {
    ASSERT_TRUE(store->setRunning(configNamed("lb-" + std::to_string(i)), "admin", error));
    ASSERT_TRUE(store->save("admin", error)) << error;
  }
  const auto history = store->history();
  ASSERT_EQ(history.size(), ConfigStore::kHistoryLimit);
  EXPECT_EQ(history.front().config.network().hostname(), "lb-54");
  EXPECT_EQ(history.back().config.network().hostname(), "lb-5");
  EXPECT_EQ(listDir(tmp.path() / "history").size(), ConfigStore::kHistoryLimit);

  store.reset();
  store = openStore(tmp.path());
  ASSERT_EQ(store->history().size(), ConfigStore::kHistoryLimit);
  EXPECT_EQ(store->history().front().config.network().hostname(), "lb-54");
  EXPECT_EQ(store->history().back().config.network().hostname(), "lb-5");
}

TEST(ConfigStore, AgentRestartKeepsTheUnsavedRunningConfiguration) {
  TempDir tmp;
  std::string error;
  std::string runningId;
  std::string savedId;
  {
    auto store = openStore(tmp.path());
    ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "alice", error));
    ASSERT_TRUE(store->save("alice", error));
    ASSERT_TRUE(store->setRunning(configNamed("lb-unsaved"), "bob", error));
    runningId = store->running().id;
    savedId = store->saved().id;
  }
  auto store = openStore(tmp.path(), StartMode::Resume);
  EXPECT_EQ(store->running().config.network().hostname(), "lb-unsaved");
  EXPECT_EQ(store->running().id, runningId);
  EXPECT_EQ(store->running().actor, "bob");
  EXPECT_EQ(store->running().etag, ConfigStore::etagOf(configNamed("lb-unsaved")));
  EXPECT_EQ(store->saved().id, savedId);
  EXPECT_EQ(store->history().size(), 1u);
  EXPECT_TRUE(store->startupWarnings().empty());
}

TEST(ConfigStore, RebootStartsOnTheSavedConfiguration) {  // guide 7.2
  TempDir tmp;
  std::string error;
  {
    auto store = openStore(tmp.path());
    ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "alice", error));
    ASSERT_TRUE(store->save("alice", error));
    ASSERT_TRUE(store->setRunning(configNamed("lb-unsaved"), "bob", error));
  }
  auto store = openStore(tmp.path(), StartMode::Boot);
  EXPECT_EQ(store->running().config.network().hostname(), "lb-a");
  EXPECT_EQ(store->running().etag, store->saved().etag);
  store.reset();
  // ...and that is now the running configuration for later agent restarts too.
  store = openStore(tmp.path(), StartMode::Resume);
  EXPECT_EQ(store->running().config.network().hostname(), "lb-a");
}

TEST(ConfigStore, FactoryResetIsRunningDefaultsUntilSaved) {  // guide 7.2
  TempDir tmp;
  std::string error;
  auto store = openStore(tmp.path());
  ASSERT_TRUE(store->setRunning(configNamed("lb-a"), "admin", error));
  ASSERT_TRUE(store->save("admin", error));
  ASSERT_TRUE(store->setRunning(defaultConfig(), "admin", error));
  EXPECT_EQ(store->running().etag, ConfigStore::etagOf(defaultConfig()));
  store.reset();
  store = openStore(tmp.path(), StartMode::Boot);  // reboot without saving
  EXPECT_EQ(store->running().config.network().hostname(), "lb-a");
}

TEST(ConfigStore, VersionIdsStayUniqueAcrossReopen) {
  TempDir tmp;
  std::string error;
  std::vector<std::string> ids;
  for (int round = 0; round < 3; ++round) {
    auto store = openStore(tmp.path());  // the same fixed clock every time
    ASSERT_TRUE(store->setRunning(configNamed("lb-" + std::to_string(round)), "admin", error));
    ASSERT_TRUE(store->save("admin", error));
    ids.push_back(store->running().id);
    ids.push_back(store->saved().id);
  }
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST(ConfigStore, OneAgentPerDataDirectory) {
  TempDir tmp;
  auto first = openStore(tmp.path());
  std::string error;
  EXPECT_EQ(ConfigStore::open(tmp.path(), error), nullptr);
  EXPECT_NE(error.find("in use"), std::string::npos) << error;
  first.reset();
  EXPECT_NE(ConfigStore::open(tmp.path(), error), nullptr) << error;
}

TEST(ConfigStore, AFileWhereTheFolderShouldBeIsAnError) {
  TempDir tmp;
  writeText(tmp.path() / "data", "not a folder");
  std::string error;
  EXPECT_EQ(ConfigStore::open(tmp.path() / "data", error), nullptr);
  EXPECT_FALSE(error.empty());
}

TEST(ConfigStore, StartModeIsBootOnceThenResume) {
  TempDir tmp;
  EXPECT_EQ(ConfigStore::startModeFromRunDir(tmp.path() / "run"), StartMode::Boot);
  EXPECT_EQ(ConfigStore::startModeFromRunDir(tmp.path() / "run"), StartMode::Resume);
  EXPECT_EQ(ConfigStore::startModeFromRunDir(tmp.path() / "other-run"), StartMode::Boot);
}

TEST(ConfigStore, FilesAreReadableJsonWithTheConfiguration) {
  TempDir tmp;
  auto store = openStore(tmp.path());
  std::string error;
  ASSERT_TRUE(store->setRunning(configNamed("lb-readable"), "alice", error));
  const auto text = readText(tmp.path() / "running.json");
  EXPECT_NE(text.find("\"hostname\": \"lb-readable\""), std::string::npos) << text;
  EXPECT_NE(text.find("\"actor\": \"alice\""), std::string::npos);
  EXPECT_NE(text.find(store->running().id), std::string::npos);
}
