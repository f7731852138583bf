#include "ha/ha_engine.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <boost/asio/post.hpp>

#include "config/atomic_file.h"
#include "exlb/common/ipv4.h"
#include "exlb/common/syntax.h"
#include "ha/interface_addresses.h"
#include "ha/keepalived_renderer.h"
#include "ha/vrrp_filter.h"
#include "ha/vrrp_filter_counters.h"
#include "log/log.h"

namespace exlb::agent {

namespace fs = std::filesystem;

namespace {

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

v1::VrrpRole roleOf(VrrpNotifyState state) {
  switch (state) {
    case VrrpNotifyState::Master: return v1::VRRP_ROLE_MASTER;
    case VrrpNotifyState::Backup: return v1::VRRP_ROLE_BACKUP;
    // Stopping or deleted: this node takes no part; like a fault, it will
    // not hold the address.
    case VrrpNotifyState::Fault:
    case VrrpNotifyState::Stop:
    case VrrpNotifyState::Deleted: return v1::VRRP_ROLE_FAULT;
  }
  return v1::VRRP_ROLE_FAULT;
}

KeepalivedSupervisorOptions supervisorOptions(const HaEngineOptions& o) {
  auto s = o.supervisor;
  s.keepalived = o.keepalived;
  s.runDir = o.runDir;
  return s;
}

v1::Alarm alarm(const char* code, v1::AlarmSeverity severity, std::string message,
                std::int64_t since) {
  v1::Alarm a;
  a.set_code(code);
  a.set_severity(severity);
  a.set_message(std::move(message));
  a.set_since_unix_ms(since);
  return a;
}

}  // namespace

HaEngine::HaEngine(boost::asio::io_context& io, ProcessRunner& runner, HaEngineOptions options)
    : io_(io),
      runner_(runner),
      options_(std::move(options)),
      log_(moduleLogger("ha")),
      supervisor_(io, runner, supervisorOptions(options_)),
      watcher_(io),
      releaseTimer_(io),
      tickTimer_(io) {
  supervisor_.setDiedListener([this] { onKeepalivedDied(); });
  supervisor_.setStatusListener([this] { notifyIfChanged(); });
  watcher_.setListener([this] { notifyIfChanged(); });
}

HaEngine::~HaEngine() {
  *alive_ = false;
  closeFifo();
}

void HaEngine::onChange(std::function<void(const HaObservation&)> listener) {
  listeners_.push_back(std::move(listener));
}

// ---- apply -----------------------------------------------------------------

void HaEngine::apply(const v1::ApplianceConfig& config, Done done) {
  const auto generation = ++generation_;
  if (!highAvailabilityEnabled(config)) return disable(std::move(done));
  virtualAddress_ = config.high_availability().virtual_address();
  const auto mask = parseIpv4(config.network().netmask());
  prefix_ = mask ? netmaskPrefix(*mask).value_or(32) : 32;
  if (!ticking_) {
    ticking_ = true;
    tick();
  }
  if (!options_.runKeepalived) {
    // Test mode: report the configured role, send nothing.
    enabled_ = true;
    setRole(config.high_availability().role() == v1::HA_ROLE_MASTER ? v1::VRRP_ROLE_MASTER
                                                                    : v1::VRRP_ROLE_BACKUP);
    checkAddress();
    notifyIfChanged();
    boost::asio::post(io_, [done = std::move(done)] {
      done(true, "high availability on; keepalived not run (--no-keepalived)");
    });
    return;
  }
  applyEnabled(config, generation, std::move(done));
}

void HaEngine::applyEnabled(const v1::ApplianceConfig& config, std::uint64_t generation,
                            Done done) {
  auto fail = [this, &done](std::string message) {
    setFailure(message);
    boost::asio::post(io_, [done = std::move(done), message] { done(false, message); });
  };
  const std::string own = config.network().address();
  const auto iface = interfaceHolding(own);
  if (!iface)
    return fail("no network interface of this node holds network.address '" + own +
                "'; keepalived needs it to speak VRRP");
  KeepalivedRenderContext context;
  context.interface = *iface;
  context.runDir = options_.runDir;
  context.advertInterval = options_.advertInterval;
  context.preemptDelay = options_.preemptDelay;
  const auto rendered = renderKeepalivedConfig(config, context);
  if (!rendered.ok()) {
    std::string all;
    for (const auto& e : rendered.errors) all += (all.empty() ? "" : "; ") + e;
    return fail("cannot render keepalived.conf: " + all);
  }
  std::string error;
  if (!fifo_ && !openFifo(error)) return fail(error);
  const bool wasEnabled = enabled_;
  enabled_ = true;
  interface_ = *iface;
  // The track file must exist, with the current verdict, before keepalived reads it.
  writeHealth();
  if (!wasEnabled) setRole(held_ ? v1::VRRP_ROLE_FAULT : v1::VRRP_ROLE_BACKUP);

  const auto& ha = config.high_availability();
  const std::string key = *iface + "|" + own + "|" + ha.peer_address() + "|" +
                          std::to_string(ha.cluster_id());
  if (key != watchKey_) {
    if (watcher_.start(*iface, own, ha.peer_address(), static_cast<int>(ha.cluster_id()), error))
      watchKey_ = key;
    else
      log_->warn("foreign VRRP speakers cannot be detected: {}", error);
  }

  applyFilter(config, *iface);

  std::weak_ptr<bool> alive = alive_;
  supervisor_.check(rendered.text, [this, alive, generation, done = std::move(done)](
                                       bool ok, fs::path candidate, std::string message) {
    if (alive.expired()) return;
    if (generation != generation_ || !enabled_) {
      std::error_code ignored;
      if (ok) fs::remove(candidate, ignored);
      return done(false, "superseded by a newer change");
    }
    if (!ok) {
      setFailure(message);
      return done(false, message);
    }
    std::string why;
    if (held_) {
      // Held stopped (manual startup, or an administrator): the file is kept
      // current so that a start runs what the configuration says.
      if (!supervisor_.install(candidate, why)) {
        setFailure(why);
        return done(false, why);
      }
      setFailure("");
      notifyIfChanged();
      return done(true, "keepalived held stopped (manual startup or an administrator); "
                        "its configuration is installed");
    }
    const bool reload = supervisor_.running();
    if (!supervisor_.activate(candidate, why)) {
      setFailure(why);
      return done(false, why);
    }
    setFailure("");
    notifyIfChanged();
    done(true, reload ? "keepalived reloaded" : "keepalived started");
  });
}

void HaEngine::disable(Done done) {
  const bool was = enabled_;
  enabled_ = false;
  released_ = false;
  releaseTimer_.cancel();
  setFailure("");
  watcher_.stop();
  watchKey_.clear();
  if (!filterInPlace_.empty() || filterPending_) runFilter(vrrpFilterRemoval());
  std::weak_ptr<bool> alive = alive_;
  supervisor_.stop([this, alive, was, done = std::move(done)] {
    if (alive.expired()) return;
    closeFifo();
    setRole(v1::VRRP_ROLE_DISABLED);
    observation_.holdsVirtualAddress = false;
    notifyIfChanged();
    if (was) log_->info("high availability off: keepalived stopped");
    done(true, "high availability off");
  });
}

void HaEngine::stop(std::function<void()> done) {
  ticking_ = false;
  tickTimer_.cancel();
  releaseTimer_.cancel();
  watcher_.stop();
  std::weak_ptr<bool> alive = alive_;
  supervisor_.stop([this, alive, done = std::move(done)] {
    if (!alive.expired()) closeFifo();
    done();
  });
}

// ---- the Services tab ----------------------------------------------------------

void HaEngine::hold(Done done) {
  held_ = true;
  if (!enabled_ || !supervisor_.running()) {
    boost::asio::post(io_, [done = std::move(done)] { done(true, "keepalived was not running"); });
    return;
  }
  log_->info("keepalived held stopped: it hands the virtual address over to the peer");
  std::weak_ptr<bool> alive = alive_;
  supervisor_.stop([this, alive, done = std::move(done)] {
    if (alive.expired()) return;
    setRole(v1::VRRP_ROLE_FAULT);
    checkAddress();
    notifyIfChanged();
    done(true, "keepalived stopped; this node takes no part in high availability until it is "
               "started");
  });
}

void HaEngine::unhold(Done done) {
  held_ = false;
  std::string error;
  bool ok = true;
  std::string message = "high availability is off: keepalived does not run";
  if (enabled_ && options_.runKeepalived) {
    ok = supervisor_.resume(error);
    if (ok) {
      setRole(v1::VRRP_ROLE_BACKUP);
      message = "keepalived started (as backup until the election)";
    } else {
      message = error;
    }
    notifyIfChanged();
  }
  boost::asio::post(io_, [done = std::move(done), ok, message] { done(ok, message); });
}

void HaEngine::reload(Done done) {
  std::string error;
  const bool ok = enabled_ && supervisor_.reload(error);
  if (!enabled_) error = "high availability is off: keepalived does not run";
  boost::asio::post(io_, [done = std::move(done), ok, error] {
    done(ok, ok ? "keepalived reloaded (roles kept)" : error);
  });
}

// ---- the notify fifo ---------------------------------------------------------

bool HaEngine::openFifo(std::string& error) {
  const fs::path path = options_.runDir / kNotifyFifoName;
  struct stat st{};
  if (::lstat(path.c_str(), &st) == 0 && !S_ISFIFO(st.st_mode)) ::unlink(path.c_str());
  if (::mkfifo(path.c_str(), 0600) != 0 && errno != EEXIST) {
    error = "cannot make the notify fifo " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  // Read-write: the fifo never reports end-of-file when keepalived closes it
  // (a restart), and opening does not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    error = "cannot open the notify fifo " + path.string() + ": " + std::strerror(errno);
    return false;
  }
  fifo_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, fd);
  splitter_ = NotifyLineSplitter();
  readFifo();
  return true;
}

void HaEngine::closeFifo() {
  if (!fifo_) return;
  boost::system::error_code ignored;
  fifo_->close(ignored);
  fifo_.reset();
}

void HaEngine::readFifo() {
  if (!fifo_) return;
  std::weak_ptr<bool> alive = alive_;
  fifo_->async_read_some(boost::asio::buffer(fifoBuffer_),
                         [this, alive](const boost::system::error_code& ec, std::size_t n) {
    if (ec || alive.expired()) return;
    for (const auto& line : splitter_.feed(std::string_view(fifoBuffer_.data(), n))) {
      if (auto parsed = parseNotifyLine(line)) {
        onNotification(*parsed);
      } else {
        log_->debug("ignored notify line '{}'", quoteValue(line));
      }
    }
    readFifo();
  });
}

void HaEngine::onNotification(const VrrpNotification& n) {
  if (!enabled_ || n.instance != kVrrpInstanceName) return;
  log_->info("keepalived: {} (priority {})", notifyStateName(n.state), n.priority);
  setRole(roleOf(n.state));
  checkAddress();
  notifyIfChanged();
}

// ---- health, address, periodic checks -----------------------------------------

void HaEngine::setDataPlaneHealthy(bool healthy) {
  healthy_ = healthy;
  if (enabled_ && options_.runKeepalived) writeHealth();
}

bool HaEngine::setReleased(bool released) {
  if (!enabled_ || !options_.runKeepalived) return false;
  if (released == released_) return true;
  released_ = released;
  if (released_) {
    log_->info("planned handover: giving the virtual address up (at most {} ms)",
               options_.releaseLimit.count());
    releaseTimer_.expires_after(options_.releaseLimit);
    std::weak_ptr<bool> alive = alive_;
    releaseTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
      if (ec || alive.expired() || !released_) return;
      log_->warn("planned handover: release not ended by the pair logic; ending it");
      setReleased(false);
    });
  } else {
    releaseTimer_.cancel();
    log_->info("planned handover: release ended");
  }
  writeHealth();
  return true;
}

void HaEngine::writeHealth() {
  const bool may = mayHoldAddress();
  if (healthWritten_ && lastHealthWritten_ == may) return;
  std::string error;
  if (!writeFileAtomically(options_.runDir, kHealthFileName, may ? "0\n" : "1\n", error)) {
    log_->error("cannot write the track file: {}", error);
    return;
  }
  if (healthWritten_ && !released_ && healthy_ == may)
    log_->info(healthy_ ? "data plane healthy: this node may hold the virtual address"
                        : "data plane down: this node gives the virtual address up");
  healthWritten_ = true;
  lastHealthWritten_ = may;
}

void HaEngine::tick() {
  if (!ticking_) return;
  supervisor_.poll();
  if (enabled_) {
    checkAddress();
    watcher_.expire();
    notifyIfChanged();
  }
  if (!filterInPlace_.empty() && !countersRunning_ &&
      std::chrono::steady_clock::now() >= countersDue_)
    readFilterCounters();
  tickTimer_.expires_after(options_.pollInterval);
  std::weak_ptr<bool> alive = alive_;
  tickTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (!ec && !alive.expired()) tick();
  });
}

void HaEngine::checkAddress() {
  if (!enabled_ || virtualAddress_.empty()) return;
  bool holds = addressIsLocal(virtualAddress_);
  if (options_.runKeepalived && !interface_.empty()) {
    const bool mayHold = supervisor_.running() && observation_.role == v1::VRRP_ROLE_MASTER;
    const auto now = std::chrono::steady_clock::now();
    if (holds && !mayHold) {
      if (!staleSince_) staleSince_ = now;
      // A dead keepalived cannot take it back: remove at once. A live one
      // gets a moment (its own transition adds, then notifies).
      if (!supervisor_.running() || now - *staleSince_ >= options_.staleAddressGrace) {
        std::string error;
        if (removeAddress(virtualAddress_, prefix_, interface_, error)) {
          log_->warn("removed the virtual address {} from {}: keepalived is {}", virtualAddress_,
                     interface_, supervisor_.running() ? "not master here" : "not running");
        } else {
          log_->error("{}", error);
        }
        staleSince_.reset();
        holds = addressIsLocal(virtualAddress_);
      }
    } else {
      staleSince_.reset();
    }
  }
  observation_.holdsVirtualAddress = holds;
}

void HaEngine::onKeepalivedDied() {
  if (!enabled_) return;
  setRole(v1::VRRP_ROLE_FAULT);
  checkAddress();
  notifyIfChanged();
}

void HaEngine::setRole(v1::VrrpRole role) {
  if (observation_.role == role) return;
  observation_.role = role;
  observation_.roleSinceUnixMs = nowMs();
}

void HaEngine::setFailure(std::string message) {
  if (message == failure_) return;
  if (!message.empty()) log_->error("high availability: {}", message);
  failure_ = std::move(message);
  failureSinceMs_ = nowMs();
  if (!failure_.empty() && enabled_) setRole(v1::VRRP_ROLE_FAULT);
}

void HaEngine::notifyIfChanged() {
  observation_.keepalivedRunning = supervisor_.running();
  observation_.foreignSpeaker = watcher_.foreignSpeaker();
  const auto& a = observation_;
  const auto& b = published_;
  if (publishedOnce_ && a.role == b.role && a.holdsVirtualAddress == b.holdsVirtualAddress &&
      a.keepalivedRunning == b.keepalivedRunning && a.foreignSpeaker == b.foreignSpeaker)
    return;
  publishedOnce_ = true;
  published_ = observation_;
  const auto snapshot = listeners_;
  for (const auto& l : snapshot) l(observation_);
}

// ---- status ------------------------------------------------------------------

std::optional<v1::EngineStatus> HaEngine::engineStatus() const {
  if (!enabled_ || !options_.runKeepalived) return std::nullopt;
  auto s = supervisor_.status();
  if (!failure_.empty() && !supervisor_.running()) s.set_state(v1::ENGINE_STATE_FAILED);
  return s;
}

// ---- the VRRP filter (vrrp_filter.h) ------------------------------------------

void HaEngine::applyFilter(const v1::ApplianceConfig& config, const std::string& interface) {
  if (!options_.vrrpFilter) return;
  const auto rendered = renderVrrpFilter(config, interface);
  if (!rendered.ok()) {
    std::string all;
    for (const auto& e : rendered.errors) all += (all.empty() ? "" : "; ") + e;
    filterFailure_ = "cannot render the VRRP filter: " + all;
    return;
  }
  // No peer (multicast VRRP): nothing to filter to; remove an older table.
  const std::string text = rendered.text.empty() ? vrrpFilterRemoval() : rendered.text;
  if (text == (filterPending_ ? *filterPending_ : filterInPlace_)) return;
  runFilter(text);
}

void HaEngine::runFilter(std::string text) {
  // One nft at a time; the latest wanted text wins.
  filterPending_ = std::move(text);
  if (filterRunning_) return;
  const std::string next = *filterPending_;
  std::string error;
  if (!writeFileAtomically(options_.runDir, kVrrpFilterFileName, next, error)) {
    filterPending_.reset();
    filterFailure_ = error;
    notifyIfChanged();
    return;
  }
  filterRunning_ = true;
  std::weak_ptr<bool> alive = alive_;
  const pid_t pid = runner_.spawn(
      {{options_.nft.string(), "-f", (options_.runDir / kVrrpFilterFileName).string()},
       "nft", true, true},
      [this, alive, next](ExitStatus status, std::string output) {
        if (alive.expired()) return;
        filterRunning_ = false;
        const bool removal = next == vrrpFilterRemoval();
        if (status.ok()) {
          filterInPlace_ = removal ? "" : next;
          filterFailure_.clear();
          // A new table starts from zero: never show the old one's counts.
          filterCounters_.reset();
          countersDue_ = {};
          if (removal)
            log_->info("VRRP filter removed (nftables table ip {})", kVrrpFilterTable);
          else
            log_->info("VRRP filter in place: protocol 112 only from the peer (nftables table "
                       "ip {})",
                       kVrrpFilterTable);
        } else {
          filterFailure_ = "nft refused the VRRP filter (" + status.describe() + "): " + output;
          log_->error("{}", filterFailure_);
        }
        if (filterPending_ && *filterPending_ == next) filterPending_.reset();
        if (filterPending_) runFilter(*filterPending_);
        notifyIfChanged();
      },
      error);
  if (pid < 0) {
    filterRunning_ = false;
    filterPending_.reset();
    filterFailure_ = "cannot run " + options_.nft.string() + ": " + error;
    log_->error("{}", filterFailure_);
  }
}

void HaEngine::readFilterCounters() {
  countersRunning_ = true;
  countersDue_ = std::chrono::steady_clock::now() + options_.filterCountersInterval;
  const std::string inPlace = filterInPlace_;
  std::string error;
  std::weak_ptr<bool> alive = alive_;
  const pid_t pid = runner_.spawn(
      {{options_.nft.string(), "-j", "list", "table", "ip", kVrrpFilterTable}, "nft", true, true,
       true},
      [this, alive, inPlace](ExitStatus status, std::string output) {
        if (alive.expired()) return;
        countersRunning_ = false;
        // The table was replaced or removed meanwhile: these counts are not its.
        if (filterInPlace_ != inPlace || filterInPlace_.empty()) return;
        auto counters = status.ok() ? parseVrrpFilterCounters(output) : std::nullopt;
        if (!counters)
          log_->debug("cannot read the VRRP filter's counters ({}): {}", status.describe(), output);
        filterCounters_ = std::move(counters);
      },
      error);
  if (pid < 0) {
    countersRunning_ = false;
    filterCounters_.reset();
    log_->debug("cannot run {} for the VRRP filter's counters: {}", options_.nft.string(), error);
  }
}

std::optional<v1::VrrpFilterCounters> HaEngine::filterCounters() const {
  if (filterInPlace_.empty()) return std::nullopt;
  return filterCounters_;
}

std::vector<v1::Alarm> HaEngine::alarms() const {
  std::vector<v1::Alarm> out;
  if (!observation_.foreignSpeaker.empty())
    out.push_back(alarm("vrrp-id-clash", v1::ALARM_SEVERITY_CRITICAL,
                        "Another VRRP speaker, " + observation_.foreignSpeaker +
                            ", uses this cluster identifier on the segment; the cluster "
                            "identifier must be unique on the LAN.",
                        0));
  if (!enabled_ || !options_.runKeepalived) return out;
  if (!filterFailure_.empty())
    out.push_back(alarm("vrrp-filter", v1::ALARM_SEVERITY_WARNING,
                        "The VRRP filter (protocol 112 only from the peer) is not in place: " +
                            filterFailure_ + " keepalived still ignores other sources.",
                        0));
  if (!failure_.empty()) {
    out.push_back(alarm("ha-engine", v1::ALARM_SEVERITY_CRITICAL,
                        "High availability is not working: " + failure_, failureSinceMs_));
  } else if (held_) {
    out.push_back(alarm("keepalived-stopped", v1::ALARM_SEVERITY_WARNING,
                        "keepalived is stopped (manual startup, or stopped by an administrator "
                        "in Services): this node takes no part in high availability until it "
                        "is started.",
                        0));
  } else if (!supervisor_.running()) {
    out.push_back(alarm("keepalived-down", v1::ALARM_SEVERITY_CRITICAL,
                        "keepalived is not running (" +
                            v1::EngineState_Name(supervisor_.status().state()) +
                            "): this node cannot take the virtual address over.",
                        0));
  }
  return out;
}

}  // namespace exlb::agent
