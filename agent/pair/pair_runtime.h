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
#include "pair/peer_certificate_store.h"

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
  // Where the channel keeps the peer's certificate for TLS on the stick-table
  // replication (nullptr: not kept, the replication stays clear). The
  // appliance renders with it (ApplianceImpl::setPairPeersTls).
  PeerCertificateStore* peerCertificates = nullptr;
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
  // The channel met the pinned peer: keep its certificate; when that changes
  // the files HAProxy's replication uses, render and reload.
  void keepPeerCertificate(const std::string& pem);

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
  std::string keepError_;  // the last failure to keep the peer's certificate, logged once
  std::string lastKept_;   // certificate and pin the store last had (nothing to do again)
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace exlb::agent
