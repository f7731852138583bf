#pragma once
// The appliance as the API sees it (app/appliance.h), made real: the one
// change path
//
//   validate -> render -> `haproxy -c` -> persist (store) -> swap + reload
//   (coalesced) -> probe -> keep, or roll back (data plane and store)
//
// plus runtime changes (drain/ready/maintenance through HAProxy's runtime API,
// recorded in the running configuration), live status polled from the
// runtime API about once a second, and events.
//
// A change is checked before it is persisted, so a refused change never
// reaches the store; a change whose reload fails its probe is undone in the
// store as well, so the running configuration is always what serves.

#include <chrono>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "app/appliance.h"
#include "config/config_store.h"
#include "render/haproxy_renderer.h"
#include "supervise/haproxy_supervisor.h"
#include "supervise/runtime_api.h"

namespace spdlog {
class logger;
}

namespace exlb::agent {

class HaEngine;
struct HaObservation;

struct ApplianceOptions {
  std::filesystem::path runDir;
  std::filesystem::path certDir;  // certificate id X -> <certDir>/X.pem
  std::chrono::milliseconds statusInterval{1000};
};

class ApplianceImpl final : public Appliance {
 public:
  ApplianceImpl(boost::asio::io_context& io, ConfigStore& store, HaproxySupervisor& supervisor,
                ApplianceOptions options);
  ~ApplianceImpl() override;

  // Brings the data plane up on the store's running configuration (or
  // `initial` when given, e.g. --config), then starts polling status.
  void start(std::optional<v1::ApplianceConfig> initial, Actor actor, ChangeCallback done);
  // Stops polling and drops subscribers (the supervisor is stopped by its owner).
  void stop();
  // High availability: the engine gets every applied configuration and the
  // data plane's health; its role, engine and alarms join the status, its
  // role changes the event stream. Call before start().
  void setHaEngine(HaEngine* engine);

  VersionedConfig running() const override;
  VersionedConfig saved() const override;
  std::vector<SavedVersion> savedVersions() const override;
  v1::NodeStatus status() const override;

  void replaceRunning(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                      ChangeCallback done) override;
  void save(Actor actor, ChangeCallback done) override;
  void rollback(std::string versionId, Actor actor, ChangeCallback done) override;
  void factoryReset(Actor actor, ChangeCallback done) override;
  void setServerState(std::string serverName, v1::ServerAdminState state, Actor actor,
                      ChangeCallback done) override;

  std::uint64_t subscribe(EventListener listener) override;
  void unsubscribe(std::uint64_t id) override;

  // Other parts of the agent (the HA engine, the pair) add what they know to
  // every status snapshot (alarms, roles, engines), publish their own events,
  // and say when the status may have changed (a snapshot event follows when
  // it did).
  using StatusContributor = std::function<void(v1::NodeStatus&)>;
  void addStatusContributor(StatusContributor contributor);
  void publishEvent(v1::Event event) { publish(std::move(event)); }
  void statusMayHaveChanged() { publishStatusIfChanged(); }

  // TLS on the pair's stick-table replication: the files a configuration is
  // rendered with (pair/peer_certificate_store.h), empty for clear. Call
  // before start().
  using PairPeersTlsSource = std::function<PairPeersTls(const v1::ApplianceConfig&)>;
  void setPairPeersTls(PairPeersTlsSource source) { pairPeersTls_ = std::move(source); }
  // Renders the running configuration again and reloads through the one
  // change path, when something else it is rendered with changed (`why`, for
  // the log): the stored peer certificate appeared or changed.
  void rerender(const std::string& why);

 private:
  // Changes are handled one at a time, in arrival order, up to the hand-over
  // to the supervisor (which coalesces the reloads).
  struct Change {
    std::function<void(std::function<void()> next)> run;
  };
  void enqueue(std::function<void(std::function<void()> next)> run);
  void runNext();

  // `config` nullopt: the running configuration when the change's turn comes.
  void applyConfig(std::optional<v1::ApplianceConfig> config, std::string ifMatch, Actor actor,
                   bool force, ChangeCallback done);
  void onApplied(std::uint64_t seq, const v1::ApplianceConfig& config, Actor actor,
                 v1::ApplyOutcome outcome, ChangeResult result, ChangeCallback done);
  bool ensureCertificates(const v1::ApplianceConfig& config, std::string& error);
  HaproxyRenderContext renderContext(const v1::ApplianceConfig& config) const;
  void applyServerState(std::string serverName, v1::ServerAdminState state, Actor actor,
                        ChangeCallback done);

  void poll();
  void publish(v1::Event event);
  void publishConfigChanged(const std::string& which, const std::string& etag,
                            const std::string& previous, const Actor& actor,
                            const v1::ApplianceConfig* before, const v1::ApplianceConfig* after);
  void publishStatusIfChanged();

  boost::asio::io_context& io_;
  ConfigStore& store_;
  HaproxySupervisor& supervisor_;
  RuntimeApi runtime_;
  ApplianceOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  std::deque<std::function<void(std::function<void()>)>> queue_;
  bool changing_ = false;

  // What serves now (the last configuration whose apply succeeded).
  std::optional<v1::ApplianceConfig> applied_;
  std::uint64_t persistSeq_ = 0;
  std::uint64_t applySeq_ = 0;
  v1::ApplyOutcome lastApply_;

  std::vector<StatRow> stats_;
  bool statsOk_ = false;
  boost::asio::steady_timer pollTimer_;
  bool polling_ = false;
  std::string lastStatusDigest_;
  std::chrono::steady_clock::time_point startedAt_ = std::chrono::steady_clock::now();

  PairPeersTlsSource pairPeersTls_;
  std::vector<StatusContributor> contributors_;
  std::map<std::uint64_t, EventListener> listeners_;
  std::uint64_t nextListenerId_ = 1;
  std::uint64_t eventSeq_ = 0;

  void applyHa(const v1::ApplianceConfig& config);
  void onHaChange(const HaObservation& observation);
  HaEngine* ha_ = nullptr;
  v1::VrrpRole lastRole_ = v1::VRRP_ROLE_DISABLED;
};

}  // namespace exlb::agent
