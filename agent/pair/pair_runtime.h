#pragma once
// Everything the pair needs, built and wired in one place for the daemon:
// the identity, the channel's TLS contexts, client, server and generation,
// and the coordinator. The channel listens only while this node is paired
// (HA on, peer address and peer pin set), so a standalone appliance opens no
// port for it; it is opened and closed as the configuration changes.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "app/appliance_impl.h"
#include "pair/pair_coordinator.h"

namespace exlb::agent {

struct PairRuntimeOptions {
  std::filesystem::path dataDir;
  std::string listenAddress = "0.0.0.0";
  std::uint16_t listenPort = PairCoordinator::kDefaultPort;
  std::string hostName;      // for the certificate's name
  // How long the configured master, back as a healthy backup in step with its
  // peer, waits before it takes the virtual address back (automatic failback).
  std::chrono::milliseconds failbackHold{15000};
  // The data plane whose TLS session-ticket keys the pair shares (nullptr:
  // each node keeps its own).
  HaproxySupervisor* haproxy = nullptr;
};

class PairRuntime {
 public:
  PairRuntime(boost::asio::io_context& io, ApplianceImpl& appliance, PairRuntimeOptions options);
  ~PairRuntime();

  // Loads or creates the identity and the generation, starts polling. False
  // with `error` when the identity or generation file cannot be used.
  bool start(std::string& error);
  void stop();

  PairCoordinator& coordinator() { return *coordinator_; }
  // The channel's bound port (0 while not listening).
  std::uint16_t channelPort() const;

 private:
  void updateListener();

  boost::asio::io_context& io_;
  ApplianceImpl& appliance_;
  PairRuntimeOptions options_;
  std::unique_ptr<PairGeneration> generation_;
  std::unique_ptr<boost::asio::ssl::context> serverTls_;
  std::unique_ptr<boost::asio::ssl::context> clientTls_;
  std::unique_ptr<PeerClient> client_;
  std::unique_ptr<TlsPeerLink> link_;
  std::unique_ptr<HaproxyTicketKeys> ticketKeys_;
  std::unique_ptr<PairCoordinator> coordinator_;
  std::unique_ptr<PeerChannelServer> server_;
  std::uint64_t subscription_ = 0;
  std::string listenError_;
};

}  // namespace exlb::agent
