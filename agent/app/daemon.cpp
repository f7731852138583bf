#include "app/daemon.h"

#include <signal.h>
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include "api/api_server.h"
#include "api/audit_trail.h"
#include "api/haproxy_engine_control.h"
#include "app/appliance_impl.h"
#include "app/keepalived_engine_control.h"
#include "app/network_status.h"
#include "app/systemd_notify.h"
#include "config/config_store.h"
#include "exlb/common/config_json.h"
#include "exlb/common/defaults.h"
#include "exlb/common/validation.h"
#include "ha/ha_engine.h"
#include "log/log.h"
#include "pair/pair_runtime.h"
#include "setup/network_handoff.h"
#include "supervise/haproxy_supervisor.h"
#include "supervise/process_runner.h"

namespace exlb::agent {

namespace fs = std::filesystem;

namespace {

// The longest a shutdown may take before the agent exits anyway.
constexpr auto kShutdownLimit = std::chrono::seconds(15);

bool makeDir(const fs::path& dir, std::string& error) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    error = "cannot create " + dir.string() + ": " + ec.message();
    return false;
  }
  ::chmod(dir.c_str(), 0700);
  return true;
}

// Reads and validates a configuration file; prints every problem.
std::optional<v1::ApplianceConfig> loadConfigFile(const fs::path& file, std::string& error) {
  std::ifstream in(file);
  if (!in) {
    error = "cannot read " + file.string();
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  v1::ApplianceConfig config;
  if (!configFromJson(ss.str(), config, error)) {
    error = file.string() + ": " + error;
    return std::nullopt;
  }
  const auto problems = validateConfig(config);
  if (hasErrors(problems)) {
    error = file.string() + " has errors:";
    for (const auto& p : problems)
      if (p.severity == Severity::Error) error += "\n  " + p.path + ": " + p.message;
    return std::nullopt;
  }
  return config;
}

void logOutcome(const std::shared_ptr<spdlog::logger>& log, const std::string& what,
                const ChangeResult& r) {
  if (r.status == ChangeStatus::Ok) {
    log->info("{}: {} (etag {})", what, r.message, r.etag);
    return;
  }
  log->error("{}: {}", what, r.message);
  for (const auto& p : r.problems) log->error("  {}: {}", p.path, p.message);
}

class Daemon {
 public:
  explicit Daemon(const DaemonOptions& options) : options_(options), log_(moduleLogger("agent")) {}

  int run() {
    std::string error;
    for (const auto& dir : {options_.dataDir, options_.runDir, options_.dataDir / "certs"})
      if (!makeDir(dir, error)) return fail(error);
    std::optional<v1::ApplianceConfig> initial;
    if (options_.configFile) {
      initial = loadConfigFile(*options_.configFile, error);
      if (!initial) return fail(error);
    }
    StoreOptions storeOptions;
    storeOptions.startMode = ConfigStore::startModeFromRunDir(options_.runDir);
    store_ = ConfigStore::open(options_.dataDir, storeOptions, error);
    if (!store_) return fail(error);
    for (const auto& w : store_->startupWarnings()) log_->error("store: {}", w);
    if (!options_.configFile) adoptFirstbootNetwork();

    runner_ = std::make_unique<ProcessRunner>(io_);
    HaproxySupervisorOptions sup;
    sup.haproxy = options_.haproxy;
    sup.runDir = options_.runDir;
    sup.ticketKeyRotation = std::chrono::seconds(options_.ticketKeyRotationSec);
    supervisor_ = std::make_unique<HaproxySupervisor>(io_, *runner_, sup);
    appliance_ = std::make_unique<ApplianceImpl>(
        io_, *store_, *supervisor_,
        ApplianceOptions{options_.runDir, options_.dataDir / "certs", std::chrono::seconds(1)});
    HaEngineOptions haOptions;
    haOptions.keepalived = options_.keepalived;
    haOptions.runDir = options_.runDir;
    haOptions.runKeepalived = options_.runKeepalived;
    haOptions.vrrpFilter = options_.vrrpFilter;
    haOptions.advertInterval = std::chrono::milliseconds(options_.vrrpAdvertMs);
    haOptions.preemptDelay = std::chrono::seconds(options_.vrrpPreemptDelaySec);
    ha_ = std::make_unique<HaEngine>(io_, *runner_, haOptions);
    appliance_->setHaEngine(ha_.get());

    // Guide 6.3: an engine whose startup mode is "manual" waits for an
    // administrator (Services tab); its configuration is still installed.
    haproxyControl_ = std::make_unique<HaproxyEngineControl>(io_, *supervisor_, options_.dataDir / "certs");
    const v1::ApplianceConfig& startConfig = initial ? *initial : store_->running().config;
    if (startConfig.services().haproxy() == v1::STARTUP_MODE_MANUAL) {
      log_->info("haproxy startup is manual: not starting it (Services tab, start)");
      supervisor_->hold([] {});
    }
    vrrpControl_ = std::make_unique<KeepalivedEngineControl>(*ha_);
    if (startConfig.services().vrrp() == v1::STARTUP_MODE_MANUAL) {
      log_->info("vrrp startup is manual: not starting keepalived (Services tab, start)");
      ha_->hold([](bool, std::string) {});
    }
    // TLS on the pair's stick-table replication once the pair channel has met
    // the peer (pair/peer_certificate_store.h): from the first render on.
    peerCertificates_ = std::make_unique<PeerCertificateStore>(options_.dataDir);
    appliance_->setPairPeersTls([this](const v1::ApplianceConfig& c) {
      return peerCertificates_->tlsFor(c.high_availability().peer_certificate_sha256());
    });
    appliance_->start(initial, {options_.configFile ? "config-file" : "agent", "local"},
                      [this](ChangeResult r) { logOutcome(log_, "data plane start", r); });
    startNetworkRequests();

    PairRuntimeOptions pairOptions;
    pairOptions.dataDir = options_.dataDir;
    pairOptions.listenAddress = options_.peerListenAddress;
    pairOptions.listenPort = options_.peerListenPort;
    pairOptions.hostName = store_->running().config.network().hostname();
    // A paired node's keepalived never preempts (nopreempt): the agents hand
    // the address back themselves after the same delay (docs/ha.md).
    pairOptions.failbackHold = std::chrono::seconds(options_.vrrpPreemptDelaySec);
    pairOptions.haproxy = supervisor_.get();  // the pair shares its TLS ticket keys
    pairOptions.peerCertificates = peerCertificates_.get();
    pair_ = std::make_unique<PairRuntime>(io_, *appliance_, pairOptions);
    if (!pair_->start(error)) {
      log_->error("pair: {}", error);
      shutdown(1);
      io_.run();
      return exitCode_;
    }
    // The pair's split-brain / no-master alarms compare this node's VRRP
    // observation with the peer's.
    pair_->coordinator().setObserver(ha_.get());

    ApiServer::Options api;
    api.pair = &pair_->coordinator();
    api.listen_address = options_.listenAddress;
    api.haproxy_control = haproxyControl_.get();
    api.vrrp_control = vrrpControl_.get();
    api.port = options_.listenPort;
    api.data_dir = options_.dataDir;
    api.system_root = options_.systemRoot;
    api.host_name = store_->running().config.http().host_name();
    applyApiTuning(options_.api, api);
    api_ = std::make_unique<ApiServer>(io_, *appliance_, api);
    if (!api_->start(error)) {
      log_->error("management API: {}", error);
      shutdown(1);
      io_.run();
      return exitCode_;
    }
    printWhereToLook();
    notifyReady("management API on " + options_.listenAddress + ":" + std::to_string(api_->port()));
    waitForSignals();
    io_.run();
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& l) { l->flush(); });
    return exitCode_;
  }

 private:
  int fail(const std::string& error) {
    log_->critical("{}", error);
    return 1;
  }

  // Guide 4.1: the address typed at the console at first boot is the
  // appliance's. A fresh agent (factory configuration, nothing ever saved)
  // takes it into its configuration and saves it, as the prompt promised;
  // otherwise the web page would show the factory 192.168.0.200 and the
  // first network change would be made against the wrong address.
  void adoptFirstbootNetwork() {
    if (!store_->history().empty() ||
        store_->running().etag != ConfigStore::etagOf(defaultConfig()))
      return;
    std::string error;
    const auto network = readFirstbootNetwork(options_.systemRoot, error);
    if (!error.empty()) log_->error("first-boot network settings not adopted: {}", error);
    if (!network) return;
    v1::ApplianceConfig config = store_->running().config;
    const std::string hostname = config.network().hostname();
    *config.mutable_network() = *network;
    if (network->hostname().empty()) config.mutable_network()->set_hostname(hostname);
    for (const auto& p : validateConfig(config)) {
      if (p.severity != Severity::Error) continue;
      log_->error("first-boot network settings not adopted: {}: {}", p.path, p.message);
      return;
    }
    const std::string before = store_->running().etag;
    if (!store_->setRunning(config, "firstboot", error) || !store_->save("firstboot", error)) {
      log_->error("first-boot network settings not adopted: {}", error);
      return;
    }
    log_->info("adopted the first-boot network settings: {} / {}", network->address(),
               network->netmask());
    openAuditLog(options_.dataDir);
    AuditTrail(options_.dataDir)
        .record({"firstboot", "console"}, "network.adopt",
                {{"areas", "network"}, {"old_etag", before},
                 {"new_etag", store_->running().etag}, {"result", "ok"}});
  }

  // The system follows the network of the running configuration through
  // exlb-network-apply (setup/network_handoff.h): at start only when an
  // earlier request differs (a reboot dropped an unsaved change), then on
  // every change of the running configuration that changes the network.
  void startNetworkRequests() {
    networkRequest_ = std::make_unique<NetworkRequest>(options_.dataDir);
    addNetworkApplyStatus(*appliance_, options_.dataDir);
    std::string error;
    if (networkRequest_->start(store_->running().config.network(), error))
      log_->info("network settings handed to the system (network-request.json)");
    else if (!error.empty())
      log_->error("network settings not handed to the system: {}", error);
    appliance_->subscribe([this](const v1::Event& event) {
      if (!event.has_config_changed() || event.config_changed().which() != "running") return;
      std::string e;
      if (networkRequest_->update(store_->running().config.network(), e))
        log_->info("network settings handed to the system (network-request.json)");
      else if (!e.empty())
        log_->error("network settings not handed to the system: {}", e);
    });
  }

  void printWhereToLook() {
    const std::string addr = options_.listenAddress == "0.0.0.0" ? "<this host>" : options_.listenAddress;
    log_->info("exlb-agent {} running: management https://{}:{}/ ; data dir {} ; run dir {} "
               "(haproxy.cfg, haproxy.sock, master.sock) ; audit {} ; logs here on stderr",
               EXLB_VERSION, addr, api_->port(), options_.dataDir.string(),
               options_.runDir.string(), (options_.dataDir / "audit.log").string());
    // A line for scripts and tests, on stdout.
    std::cout << "exlb-agent ready: api " << options_.listenAddress << ":" << api_->port()
              << " run-dir " << options_.runDir.string() << std::endl;
  }

  void waitForSignals() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      if (signal == SIGHUP) {
        reloadConfigFile();
        return waitForSignals();
      }
      log_->info("signal {}: shutting down", signal);
      shutdown(0);
    });
  }

  // SIGHUP: read --config again and apply it through the one change path.
  void reloadConfigFile() {
    if (!options_.configFile) {
      log_->info("SIGHUP ignored: no --config file to read again");
      return;
    }
    std::string error;
    auto config = loadConfigFile(*options_.configFile, error);
    if (!config) {
      log_->error("SIGHUP: {}; nothing changed", error);
      return;
    }
    appliance_->replaceRunning(*config, "", {"config-file", "SIGHUP"},
                               [this](ChangeResult r) { logOutcome(log_, "SIGHUP apply", r); });
  }

  void shutdown(int code) {
    if (stopping_) return;
    stopping_ = true;
    exitCode_ = code;
    notifyStopping();
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    if (api_) api_->stop();
    if (pair_) pair_->stop();
    if (appliance_) appliance_->stop();
    deadline_.expires_after(kShutdownLimit);
    deadline_.async_wait([this](const boost::system::error_code& ec) {
      if (ec) return;
      log_->error("shutdown took too long; exiting");
      io_.stop();
    });
    // keepalived first: it hands the virtual address to the peer (priority
    // 0) while HAProxy still serves, then HAProxy stops softly.
    auto stopHaproxy = [this] {
      supervisor_->stop([this] {
        log_->info("stopped");
        deadline_.cancel();
        io_.stop();
      });
    };
    if (ha_)
      ha_->stop(stopHaproxy);
    else
      stopHaproxy();
  }

  DaemonOptions options_;
  std::shared_ptr<spdlog::logger> log_;
  boost::asio::io_context io_;
  boost::asio::signal_set signals_{io_, SIGINT, SIGTERM, SIGHUP};
  boost::asio::steady_timer deadline_{io_};
  std::unique_ptr<ConfigStore> store_;
  std::unique_ptr<PeerCertificateStore> peerCertificates_;  // the appliance renders with it
  std::unique_ptr<ProcessRunner> runner_;
  std::unique_ptr<HaproxySupervisor> supervisor_;
  std::unique_ptr<ApplianceImpl> appliance_;
  std::unique_ptr<HaEngine> ha_;  // after appliance_: destroyed first
  std::unique_ptr<HaproxyEngineControl> haproxyControl_;
  std::unique_ptr<KeepalivedEngineControl> vrrpControl_;
  std::unique_ptr<PairRuntime> pair_;
  std::unique_ptr<ApiServer> api_;
  std::unique_ptr<NetworkRequest> networkRequest_;
  bool stopping_ = false;
  int exitCode_ = 0;
};

}  // namespace

int runDaemon(const DaemonOptions& options) {
  initLogging(options.logLevel);
  // A management client that goes away must not kill the agent.
  ::signal(SIGPIPE, SIG_IGN);
  Daemon daemon(options);
  return daemon.run();
}

}  // namespace exlb::agent
