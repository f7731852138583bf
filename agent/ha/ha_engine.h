#pragma once
// High availability on this node: keepalived rendered, checked, started and
// reloaded from the running configuration, its state learnt at once from the
// notify fifo, the virtual address watched on the interfaces, a dead
// keepalived's leftover address removed, and other VRRP speakers using our
// cluster identifier noticed. Implements HaObserver (ha_observation.h).
//
// Nothing of this runs while the configuration has high availability off: no
// keepalived, no raw socket, no VRRP (guide 4.2.2.1: the factory default).
//
// Threading: everything on the agent's io_context thread.

#include <array>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "exlb/v1/config.pb.h"
#include "exlb/v1/status.pb.h"
#include "ha/ha_observation.h"
#include "ha/keepalived_supervisor.h"
#include "ha/notify_parser.h"
#include "ha/vrrp_watcher.h"

namespace exlb::agent {

struct HaEngineOptions {
  std::filesystem::path keepalived = "/usr/sbin/keepalived";
  std::filesystem::path runDir;
  // False (--no-keepalived): never start keepalived or open a VRRP socket;
  // the observation then reports the configured role (for tests of the pair
  // logic on loopback, where no VRRP may be sent).
  bool runKeepalived = true;
  std::chrono::milliseconds advertInterval{100};
  std::chrono::seconds preemptDelay{15};
  // How often the address is looked at and a dead keepalived noticed.
  std::chrono::milliseconds pollInterval{250};
  // How long the address may stay on this node while keepalived says it is
  // not master before the agent removes it (keepalived's own transitions
  // take a few milliseconds).
  std::chrono::milliseconds staleAddressGrace{500};
  // --vrrp-filter: put the protocol-112 nftables filter in place while HA is
  // on with a peer (vrrp_filter.h). Off by default: only the appliance's
  // unit and the namespace lab pass it, so no developer's host gets rules.
  bool vrrpFilter = false;
  std::filesystem::path nft = "/usr/sbin/nft";
  // How often the filter's counters are read (one `nft -j list table`, a
  // process of a few milliseconds): the status cadence (the agent publishes
  // a changed status about once a second), not per request.
  std::chrono::milliseconds filterCountersInterval{1000};
  // The longest a planned-handover release keeps this node out (setReleased).
  std::chrono::milliseconds releaseLimit{5000};
  KeepalivedSupervisorOptions supervisor;  // keepalived and runDir are filled from above
};

class HaEngine final : public HaObserver {
 public:
  using Done = std::function<void(bool ok, std::string message)>;

  HaEngine(boost::asio::io_context& io, ProcessRunner& runner, HaEngineOptions options);
  ~HaEngine() override;
  HaEngine(const HaEngine&) = delete;
  HaEngine& operator=(const HaEngine&) = delete;

  // Makes `config`'s high availability the running one: HA off stops
  // keepalived; on renders, checks (`keepalived -t`), then starts keepalived
  // or reloads it (SIGHUP, roles kept). `done` says whether it worked; a
  // failure is also kept for status (alarm "ha-engine").
  void apply(const v1::ApplianceConfig& config, Done done);

  // Whether this node may hold the virtual address: false (HAProxy down, the
  // agent unhealthy) makes keepalived give it up (FAULT) through the track file.
  void setDataPlaneHealthy(bool healthy);
  // HaObserver: a planned handover's release (see ha_observation.h).
  bool setReleased(bool released) override;

  // Stops keepalived (it hands the address over) and the watchers.
  void stop(std::function<void()> done);

  // The Services tab's vrrp row (app/keepalived_engine_control.h) and the
  // "manual" startup mode: hold() stops keepalived and keeps it stopped (its
  // file is still rendered and installed by apply()); unhold() starts it
  // again; reload() is a SIGHUP (roles kept).
  void hold(Done done);
  void unhold(Done done);
  void reload(Done done);
  bool held() const { return held_; }

  HaObservation observation() const override { return observation_; }
  void onChange(std::function<void(const HaObservation&)> listener) override;

  bool enabled() const { return enabled_; }
  // keepalived's engine entry, when high availability is on.
  std::optional<v1::EngineStatus> engineStatus() const;
  // The VRRP filter's counters as last read; nothing while the filter is not
  // in place (off, HA off, no peer, nft refused it) or not read yet.
  std::optional<v1::VrrpFilterCounters> filterCounters() const;
  // vrrp-id-clash (another speaker uses our cluster id), ha-engine (the
  // configuration could not be put in place), keepalived-down.
  std::vector<v1::Alarm> alarms() const;

 private:
  void applyEnabled(const v1::ApplianceConfig& config, std::uint64_t generation, Done done);
  void disable(Done done);
  bool openFifo(std::string& error);
  void closeFifo();
  void readFifo();
  void onNotification(const VrrpNotification& n);
  void writeHealth();
  bool mayHoldAddress() const { return healthy_ && !released_; }
  void tick();
  void checkAddress();
  void onKeepalivedDied();
  void setRole(v1::VrrpRole role);
  void setFailure(std::string message);
  void notifyIfChanged();
  void applyFilter(const v1::ApplianceConfig& config, const std::string& interface);
  void runFilter(std::string text);
  void readFilterCounters();

  boost::asio::io_context& io_;
  ProcessRunner& runner_;
  HaEngineOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
  KeepalivedSupervisor supervisor_;
  VrrpWatcher watcher_;

  bool enabled_ = false;
  std::uint64_t generation_ = 0;
  std::string interface_;
  std::string virtualAddress_;
  int prefix_ = 32;
  std::string watchKey_;  // own/peer/id the watcher listens for
  bool healthy_ = false;
  bool released_ = false;
  bool held_ = false;
  boost::asio::steady_timer releaseTimer_;
  bool healthWritten_ = false;
  bool lastHealthWritten_ = false;
  std::string failure_;
  // The VRRP filter: the text nft last accepted ("" = none in place), the
  // one being applied, and why the last attempt failed (alarm vrrp-filter).
  std::string filterInPlace_;
  bool filterRunning_ = false;
  std::optional<std::string> filterPending_;
  std::string filterFailure_;
  std::optional<v1::VrrpFilterCounters> filterCounters_;
  bool countersRunning_ = false;
  std::chrono::steady_clock::time_point countersDue_;
  std::int64_t failureSinceMs_ = 0;
  std::optional<std::chrono::steady_clock::time_point> staleSince_;

  std::unique_ptr<boost::asio::posix::stream_descriptor> fifo_;
  NotifyLineSplitter splitter_;
  std::array<char, 1024> fifoBuffer_{};

  HaObservation observation_;
  HaObservation published_;
  bool publishedOnce_ = false;
  std::vector<std::function<void(const HaObservation&)>> listeners_;
  boost::asio::steady_timer tickTimer_;
  bool ticking_ = false;
};

}  // namespace exlb::agent
