#pragma once
// The agent's daemon mode: the composition root. Builds the store, the
// process runner, the HAProxy supervisor, the appliance and the API server on
// one io_context, runs them, and shuts them down in order on SIGINT/SIGTERM
// (stop accepting, stop the engines, flush the logs).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "api/api_tuning.h"

namespace exlb::agent {

struct DaemonOptions {
  std::filesystem::path dataDir = "/var/lib/exlb";
  std::filesystem::path runDir = "/run/exlb";
  std::filesystem::path systemRoot = "/";
  std::filesystem::path haproxy = "/usr/sbin/haproxy";
  // High availability (agent/ha/): keepalived runs only when the running
  // configuration enables HA. --no-keepalived never runs it (loopback tests).
  std::filesystem::path keepalived = "/usr/sbin/keepalived";
  bool runKeepalived = true;
  bool vrrpFilter = false;  // --vrrp-filter: the protocol-112 nftables filter (ha/vrrp_filter.h)
  std::uint32_t vrrpAdvertMs = 100;       // --vrrp-advert-interval SECONDS
  std::uint32_t vrrpPreemptDelaySec = 15;  // --vrrp-preempt-delay SECONDS
  std::uint32_t ticketKeyRotationSec = 3600;  // --tls-ticket-rotation SECONDS
  std::optional<std::filesystem::path> configFile;  // --config: the running one at start
  std::string listenAddress = "0.0.0.0";
  std::uint16_t listenPort = 4444;
  // The pair channel (agent to agent, mutual TLS); listens only while paired.
  std::string peerListenAddress = "0.0.0.0";
  std::uint16_t peerListenPort = 4445;
  std::string logLevel = "info";
  ApiTuning api;  // --session-idle, --session-lifetime, --request-timeout (api/api_tuning.h)
};

// Parses the daemon's options (argv[first..]). Returns false with a sentence
// in `error` on a bad or unknown option.
bool parseDaemonOptions(const std::vector<std::string>& args, DaemonOptions& options,
                        std::string& error);

// Runs until SIGINT/SIGTERM. Returns the process exit code.
int runDaemon(const DaemonOptions& options);

// The daemon's part of --help.
const char* daemonUsage();

}  // namespace exlb::agent
