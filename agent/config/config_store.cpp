#include "config/config_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <system_error>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>
#include <openssl/evp.h>

#include "config/atomic_file.h"
#include "config/version_file.h"
#include "exlb/common/defaults.h"
#include "log/log.h"

namespace exlb::agent {

namespace fs = std::filesystem;

namespace {

constexpr const char* kRunningFile = "running.json";
constexpr const char* kSavedFile = "saved.json";
constexpr const char* kHistoryDir = "history";
constexpr const char* kDamagedDir = "damaged";
constexpr const char* kLockFile = "store.lock";
constexpr const char* kBootMarker = "exlb-agent.booted";
constexpr const char* kFactoryActor = "factory";

std::shared_ptr<spdlog::logger> logger() { return moduleLogger("store"); }

std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string describe(const StoredVersion& v) {
  return "version " + v.id + " (" + v.actor + ", " + formatUtc(v.unix_ms) + ")";
}

}  // namespace

// The store's lock file stays open (and flock'ed) for the store's lifetime, so
// two agents never share one data directory.
struct ConfigStoreLock {
  int fd = -1;
  ~ConfigStoreLock() {
    if (fd >= 0) ::close(fd);
  }
};

namespace {
// One lock per store; kept outside the class so the header stays free of
// POSIX details.
std::unique_ptr<ConfigStoreLock> takeLock(const fs::path& dir, std::string& error) {
  auto lock = std::make_unique<ConfigStoreLock>();
  lock->fd = ::open((dir / kLockFile).c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (lock->fd < 0) {
    error = "cannot open " + (dir / kLockFile).string() + ": " +
            std::generic_category().message(errno);
    return nullptr;
  }
  if (::flock(lock->fd, LOCK_EX | LOCK_NB) != 0) {
    error = "the data directory " + dir.string() + " is in use by another exlb-agent";
    return nullptr;
  }
  return lock;
}
}  // namespace

std::string ConfigStore::etagOf(const v1::ApplianceConfig& config) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    config.SerializeToCodedStream(&coded);
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < 16 && i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

StartMode ConfigStore::startModeFromRunDir(const fs::path& runDir) {
  std::error_code ec;
  if (fs::exists(fs::symlink_status(runDir / kBootMarker, ec))) return StartMode::Resume;
  std::string error;
  fs::create_directories(runDir, ec);
  if (ec || !writeFileAtomically(runDir, kBootMarker, "", error)) {
    logger()->warn("cannot write the boot marker in {}: {}; treating this start as a boot",
                   runDir.string(), ec ? ec.message() : error);
  }
  return StartMode::Boot;
}

std::unique_ptr<ConfigStore> ConfigStore::open(const fs::path& dataDir, std::string& error) {
  return open(dataDir, StoreOptions{}, error);
}

std::unique_ptr<ConfigStore> ConfigStore::open(const fs::path& dataDir,
                                               const StoreOptions& options, std::string& error) {
  std::unique_ptr<ConfigStore> store(new ConfigStore(dataDir, options));
  if (!store->load(error)) {
    logger()->error("cannot use the data directory {}: {}", dataDir.string(), error);
    return nullptr;
  }
  return store;
}

ConfigStore::ConfigStore(fs::path dir, const StoreOptions& options)
    : dir_(std::move(dir)), options_(options) {}

ConfigStore::~ConfigStore() = default;

std::int64_t ConfigStore::now() const { return options_.clock ? options_.clock() : systemNowMs(); }

const StoredVersion& ConfigStore::running() const { return running_; }
const StoredVersion& ConfigStore::saved() const { return saved_; }
std::vector<StoredVersion> ConfigStore::history() const { return history_; }
std::vector<std::string> ConfigStore::startupWarnings() const { return warnings_; }

std::optional<StoredVersion> ConfigStore::findVersion(const std::string& id) const {
  if (id.empty()) return std::nullopt;
  if (running_.id == id) return running_;
  if (saved_.id == id) return saved_;
  for (const auto& v : history_) {
    if (v.id == id) return v;
  }
  return std::nullopt;
}

StoredVersion ConfigStore::makeVersion(const v1::ApplianceConfig& config,
                                       const std::string& actor) {
  StoredVersion v;
  v.config = config;
  v.etag = etagOf(config);
  v.unix_ms = now();
  v.id = makeVersionId(v.unix_ms, ++lastSequence_);
  v.actor = actor;
  return v;
}

bool ConfigStore::writeVersion(const fs::path& dir, const std::string& name,
                               const StoredVersion& version, std::string& error) {
  std::string text;
  if (!encodeVersionFile(version, text, error)) return false;
  return writeFileAtomically(dir, name, text, error);
}

bool ConfigStore::setRunning(const v1::ApplianceConfig& config, const std::string& actor,
                             std::string& error) {
  if (config.schema_version() != kSchemaVersion) {
    error = "schema_version is " + std::to_string(config.schema_version()) +
            "; this appliance stores version " + std::to_string(kSchemaVersion);
    return false;
  }
  if (etagOf(config) == running_.etag) return true;
  const std::uint64_t sequenceBefore = lastSequence_;
  StoredVersion next = makeVersion(config, actor);
  if (!writeVersion(dir_, kRunningFile, next, error)) {
    lastSequence_ = sequenceBefore;
    logger()->error("cannot persist the running configuration: {}", error);
    return false;
  }
  logger()->info("running configuration is now {} etag {}", describe(next), next.etag);
  running_ = std::move(next);
  return true;
}

bool ConfigStore::save(const std::string& actor, std::string& error) {
  if (running_.etag == saved_.etag) return true;
  const std::uint64_t sequenceBefore = lastSequence_;
  StoredVersion next = makeVersion(running_.config, actor);
  const std::string historyName = next.id + ".json";
  // History first: a crash between the two writes leaves the previous saved
  // configuration in force and one extra history entry, never a saved
  // configuration missing from the history.
  if (!writeVersion(dir_ / kHistoryDir, historyName, next, error) ||
      !writeVersion(dir_, kSavedFile, next, error)) {
    std::error_code ec;
    fs::remove(dir_ / kHistoryDir / historyName, ec);
    lastSequence_ = sequenceBefore;
    logger()->error("cannot save the configuration: {}", error);
    return false;
  }
  logger()->info("saved configuration is now {} etag {}", describe(next), next.etag);
  saved_ = next;
  history_.insert(history_.begin(), std::move(next));
  pruneHistory();
  return true;
}

void ConfigStore::pruneHistory() {
  while (history_.size() > kHistoryLimit) {
    std::error_code ec;
    fs::remove(dir_ / kHistoryDir / (history_.back().id + ".json"), ec);
    if (ec) logger()->warn("cannot remove old history entry {}: {}", history_.back().id, ec.message());
    history_.pop_back();
  }
}

void ConfigStore::moveAside(const fs::path& path, const std::string& why) {
  const std::string stamp = makeVersionId(now(), 0);  // "...Z-0": time, then a counter
  const std::string base = (path.parent_path().filename() == kHistoryDir ? "history-" : "") +
                           path.filename().string() + "." + stamp.substr(0, stamp.size() - 2);
  fs::path target = dir_ / kDamagedDir / base;
  std::error_code ec;
  for (int n = 2; fs::exists(fs::symlink_status(target, ec)); ++n) {
    target = dir_ / kDamagedDir / (base + "-" + std::to_string(n));
  }
  // rename() moves a symlink itself, never what it points to.
  fs::rename(path, target, ec);
  std::string where;
  if (ec) {
    where = "could not be moved aside (" + ec.message() + "); removing it";
    fs::remove_all(path, ec);
  } else {
    where = "moved to " + target.string();
  }
  const std::string line = path.string() + " " + why + "; " + where;
  logger()->error("DAMAGED CONFIGURATION FILE: {}", line);
  warnings_.push_back(line);
}

// Reads one version file. nullopt when missing (`missing` set) or damaged
// (then moved aside and reported).
std::optional<StoredVersion> ConfigStore::loadFile(const fs::path& path) {
  std::string text;
  std::string error;
  switch (readRegularFile(path, kMaxFileBytes, text, error)) {
    case ReadStatus::Missing:
      return std::nullopt;
    case ReadStatus::Refused:
      moveAside(path, error);
      return std::nullopt;
    case ReadStatus::Ok:
      break;
  }
  DecodedVersion decoded;
  if (!decodeVersionFile(text, decoded, error)) {
    moveAside(path, text.empty() ? std::string("is empty") : error);
    return std::nullopt;
  }
  StoredVersion& v = decoded.version;
  if (decoded.migratedFrom != 0) {
    logger()->warn("{}: migrated from schema version {} to {}", path.string(),
                   decoded.migratedFrom, kSchemaVersion);
  }
  if (v.id.empty()) {
    // A bare configuration dropped in by an administrator.
    v.unix_ms = now();
    v.id = makeVersionId(v.unix_ms, ++lastSequence_);
    v.actor = "file";
    logger()->info("{} is a bare configuration; it becomes {}", path.string(), v.id);
  }
  lastSequence_ = std::max(lastSequence_, versionSequence(v.id));
  return std::move(v);
}

void ConfigStore::loadHistory() {
  std::error_code ec;
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir_ / kHistoryDir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  for (const auto& file : files) {
    auto v = loadFile(file);
    if (!v) continue;
    if (file.filename().string() != v->id + ".json") {
      moveAside(file, "does not carry the version id of its name (it holds " + v->id + ")");
      continue;
    }
    history_.push_back(std::move(*v));
  }
  std::sort(history_.begin(), history_.end(), [](const StoredVersion& a, const StoredVersion& b) {
    const auto sa = versionSequence(a.id);
    const auto sb = versionSequence(b.id);
    return sa != sb ? sa > sb : a.unix_ms > b.unix_ms;
  });
  pruneHistory();
}

bool ConfigStore::load(std::string& error) {
  std::error_code ec;
  if (fs::create_directories(dir_, ec)) {
    fs::permissions(dir_, fs::perms::owner_all, ec);
  }
  if (!fs::is_directory(dir_, ec)) {
    error = dir_.string() + " is not a folder" + (ec ? ": " + ec.message() : "");
    return false;
  }
  auto lock = takeLock(dir_, error);
  if (!lock) return false;
  lock_ = std::move(lock);

  // A planted symlink or file where a folder belongs is never followed.
  bool planted = false;
  if (!ensurePrivateDir(dir_ / kDamagedDir, planted, error)) {
    if (!planted) return false;
    fs::remove(dir_ / kDamagedDir, ec);
    if (!ensurePrivateDir(dir_ / kDamagedDir, planted, error)) return false;
    warnings_.push_back((dir_ / kDamagedDir).string() + " was not a folder; replaced");
  }
  if (!ensurePrivateDir(dir_ / kHistoryDir, planted, error)) {
    if (!planted) return false;
    moveAside(dir_ / kHistoryDir, "is not a folder");
    if (!ensurePrivateDir(dir_ / kHistoryDir, planted, error)) return false;
  }
  for (const fs::path& d : {dir_, dir_ / kHistoryDir}) {
    if (const int n = removeStaleTempFiles(d); n > 0) {
      logger()->warn("removed {} temporary file(s) left by an interrupted write in {}", n,
                     d.string());
    }
  }

  const std::size_t warningsBefore = warnings_.size();
  loadHistory();
  auto saved = loadFile(dir_ / kSavedFile);
  bool rewriteSaved = !saved.has_value();
  if (saved) {
    saved_ = std::move(*saved);
  } else if (!history_.empty()) {
    saved_ = history_.front();
    const std::string line = "the saved configuration is " + describe(saved_) +
                             ", the newest readable one in the history";
    logger()->error("{}", line);
    warnings_.push_back(line);
  } else {
    saved_ = makeVersion(defaultConfig(), kFactoryActor);
    if (warnings_.size() > warningsBefore) {
      const std::string line = "no readable saved configuration: the saved configuration is the "
                               "factory defaults";
      logger()->error("{}", line);
      warnings_.push_back(line);
    }
  }
  if (rewriteSaved && !writeVersion(dir_, kSavedFile, saved_, error)) return false;

  std::optional<StoredVersion> running;
  if (options_.startMode == StartMode::Resume) {
    const std::size_t before = warnings_.size();
    running = loadFile(dir_ / kRunningFile);
    if (!running && warnings_.size() > before) {
      const std::string line = "the running configuration is the saved one, " + describe(saved_);
      logger()->error("{}", line);
      warnings_.push_back(line);
    }
  }
  if (running) {
    running_ = std::move(*running);
  } else {
    running_ = saved_;
    if (!writeVersion(dir_, kRunningFile, running_, error)) return false;
  }
  logger()->info("store {} opened ({}): running {} etag {}, saved {}, {} in history",
                 dir_.string(), options_.startMode == StartMode::Boot ? "boot" : "resume",
                 describe(running_), running_.etag, saved_.id, history_.size());
  return true;
}

}  // namespace exlb::agent
