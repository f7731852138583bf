#pragma once
// The appliance's configuration store: the running configuration, the saved
// one (the guide's 7.2 "save", which survives a reboot) and a history of
// saved versions with who saved them and when.
//
// On disk, in the data directory (docs/config-store.md has the details):
//   running.json           what is applied now (survives an agent restart)
//   saved.json             what a reboot starts on
//   history/<id>.json      the last kHistoryLimit saved versions
//   damaged/<file>.<time>  files that could not be used, kept for inspection
// Each file is a readable JSON envelope (id, actor, time, etag) around the
// configuration in protobuf's JSON mapping. Every write is atomic.
//
// A damaged, unreadable, planted (symlink) or too-new file never stops the
// agent: it starts on the newest usable version (saved, then history, then
// the factory defaults), logs an error, moves the file aside and lists it in
// startupWarnings().
//
// Threading: not thread-safe; the agent uses it from its io_context thread.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/stored_version.h"
#include "exlb/v1/config.pb.h"

namespace exlb::agent {

struct ConfigStoreLock;

// How the agent was started, which decides what becomes the running
// configuration.
enum class StartMode {
  // The agent process restarted (crash, upgrade, `systemctl restart`) while
  // the appliance kept running: keep the running configuration, saved or not.
  Resume,
  // The appliance (re)booted: start on the saved configuration. Unsaved
  // changes are lost, as the guide's 7.2 says.
  Boot,
};

struct StoreOptions {
  StartMode startMode = StartMode::Resume;
  // Milliseconds since the Unix epoch; tests inject a fixed clock.
  std::function<std::int64_t()> clock;
};

class ConfigStore {
 public:
  static constexpr std::size_t kHistoryLimit = 50;
  static constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;

  // Opens (creating) the store in dataDir. Only an unusable folder is an error (nullptr + error):
  // not creatable, not writable, or locked by another open store (another agent).
  static std::unique_ptr<ConfigStore> open(const std::filesystem::path& dataDir, std::string& error);
  static std::unique_ptr<ConfigStore> open(const std::filesystem::path& dataDir,
                                           const StoreOptions& options, std::string& error);

  // Boot or Resume from a marker file in a folder that the OS empties at boot
  // (the agent's run dir, a tmpfs such as /run/exlb): Boot when the marker is
  // missing; the marker is created so the next agent start is a Resume.
  // A run dir that cannot be used counts as Boot (the safe side: the saved
  // configuration).
  static StartMode startModeFromRunDir(const std::filesystem::path& runDir);

  const StoredVersion& running() const;
  const StoredVersion& saved() const;
  std::vector<StoredVersion> history() const;            // saved versions, newest first (keep 50)
  // A version by id: the running one, the saved one or one in the history.
  std::optional<StoredVersion> findVersion(const std::string& id) const;

  // Persists `config` as the running configuration (a new version id). A
  // configuration identical to the running one (same etag) changes nothing
  // and succeeds. Refuses a configuration of another schema_version (it
  // could not be read back). On failure nothing changes, in memory or on disk.
  bool setRunning(const v1::ApplianceConfig& config, const std::string& actor, std::string& error);
  // running -> saved + a history entry (a new version id, saved by `actor`,
  // now). Saving when the saved configuration already equals the running one
  // changes nothing and succeeds.
  bool save(const std::string& actor, std::string& error);
  std::vector<std::string> startupWarnings() const;
  const std::filesystem::path& dataDir() const { return dir_; }

  static std::string etagOf(const v1::ApplianceConfig& config);

  ~ConfigStore();
  ConfigStore(const ConfigStore&) = delete;
  ConfigStore& operator=(const ConfigStore&) = delete;

 private:
  ConfigStore(std::filesystem::path dir, const StoreOptions& options);
  bool load(std::string& error);
  std::optional<StoredVersion> loadFile(const std::filesystem::path& path);
  void loadHistory();
  void moveAside(const std::filesystem::path& path, const std::string& why);
  StoredVersion makeVersion(const v1::ApplianceConfig& config, const std::string& actor);
  bool writeVersion(const std::filesystem::path& dir, const std::string& name,
                    const StoredVersion& version, std::string& error);
  void pruneHistory();
  std::int64_t now() const;

  std::filesystem::path dir_;
  StoreOptions options_;
  StoredVersion running_;
  StoredVersion saved_;
  std::vector<StoredVersion> history_;  // newest first
  std::uint64_t lastSequence_ = 0;
  std::vector<std::string> warnings_;
  std::unique_ptr<ConfigStoreLock> lock_;  // flock on store.lock: one agent per data dir
};

}  // namespace exlb::agent
