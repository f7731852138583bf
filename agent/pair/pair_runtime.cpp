#include "pair/pair_runtime.h"

#include <boost/asio/post.hpp>

#include "log/log.h"
#include "pair/channel_tls.h"

namespace exlb::agent {

PairRuntime::PairRuntime(boost::asio::io_context& io, ApplianceImpl& appliance,
                         PairRuntimeOptions options)
    : io_(io), appliance_(appliance), options_(std::move(options)) {}

PairRuntime::~PairRuntime() {
  *alive_ = false;
  stop();
}

bool PairRuntime::start(std::string& error) {
  auto identity = loadOrCreatePairIdentity(options_.dataDir, options_.hostName, error);
  if (!identity) return false;
  generation_ = std::make_unique<PairGeneration>(options_.dataDir);
  if (!generation_->load(error)) {
    // The node still serves (data plane, HA, API); only pair changes wait
    // for an administrator's sync (alarm pair-generation-damaged).
    moduleLogger("pair")->error("{}; pair changes are refused until an administrator syncs",
                                error);
    generation_->markDamaged(error);
    error.clear();
  }
  // The pin is read at every handshake: a configuration change re-pins at once.
  PinSource pin = [this] {
    return normalizeFingerprint(
        appliance_.running().config.high_availability().peer_certificate_sha256());
  };
  PeerCertificateSink onPeer;
  if (options_.peerCertificates) {
    // Out of the handshake: the store reads and may write files, and a
    // change triggers a render.
    onPeer = [this, alive = std::weak_ptr<bool>(alive_)](std::string pem) {
      boost::asio::post(io_, [this, alive, pem = std::move(pem)] {
        if (!alive.expired()) keepPeerCertificate(pem);
      });
    };
  }
  serverTls_ = makeChannelTls(*identity, pin, true, error, onPeer);
  if (!serverTls_) return false;
  clientTls_ = makeChannelTls(*identity, pin, false, error, onPeer);
  if (!clientTls_) return false;
  client_ = std::make_unique<PeerClient>(io_, *clientTls_);
  link_ = std::make_unique<TlsPeerLink>(*client_);
  PairOptions pairOptions;
  pairOptions.listen = options_.listenAddress + ":" + std::to_string(options_.listenPort);
  pairOptions.failbackHold = options_.failbackHold;
  moduleLogger("pair")->info("pair identity {} (give it to the peer as "
                             "high_availability.peer_certificate_sha256)",
                             identity->sha256);
  coordinator_ = std::make_unique<PairCoordinator>(io_, appliance_, *generation_, *link_,
                                                   std::move(*identity),
                                                   AuditTrail(options_.dataDir), pairOptions);
  if (options_.haproxy) {
    ticketKeys_ = std::make_unique<HaproxyTicketKeys>(*options_.haproxy);
    coordinator_->setTicketKeys(ticketKeys_.get());
  }
  coordinator_->setEventSink([this](v1::Event e) { appliance_.publishEvent(std::move(e)); },
                             [this] { appliance_.statusMayHaveChanged(); });
  appliance_.addStatusContributor([this](v1::NodeStatus& s) {
    if (!coordinator_) return;
    for (auto& a : coordinator_->alarms()) *s.add_alarms() = a;
    if (!listenError_.empty()) {
      auto* a = s.add_alarms();
      a->set_code("pair-channel-down");
      a->set_severity(v1::ALARM_SEVERITY_WARNING);
      a->set_message(listenError_);
    }
  });
  subscription_ = appliance_.subscribe([this](const v1::Event& e) {
    if (e.has_config_changed()) boost::asio::post(io_, [this] { updateListener(); });
  });
  updateListener();
  coordinator_->start();
  return true;
}

void PairRuntime::stop() {
  if (server_) server_->stop();
  server_.reset();
  if (coordinator_) {
    coordinator_->stop();
    coordinator_->setTicketKeys(nullptr);
  }
}

std::uint16_t PairRuntime::channelPort() const { return server_ ? server_->port() : 0; }

void PairRuntime::keepPeerCertificate(const std::string& pem) {
  auto* store = options_.peerCertificates;
  const std::string pin = appliance_.running().config.high_availability().peer_certificate_sha256();
  // Every poll is a handshake (twice a second, each side), and OpenSSL asks
  // about a self-signed certificate several times in one: the files are
  // looked at again only for another certificate or pin, or after a
  // configuration change (updateListener).
  if (pem + pin == lastKept_) return;
  std::string error;
  switch (store->keep(pem, pin, error)) {
    case PeerCertificateStore::Kept::Unchanged:
      lastKept_ = pem + pin;
      keepError_.clear();
      return;
    case PeerCertificateStore::Kept::Refused:  // the pin changed since the handshake
      return;
    case PeerCertificateStore::Kept::Failed:
      if (error != keepError_) {
        moduleLogger("pair")->error("cannot keep the peer's pair certificate ({}): the "
                                    "stick-table replication stays as it is",
                                    error);
      }
      keepError_ = error;
      return;
    case PeerCertificateStore::Kept::Stored:
      break;
  }
  lastKept_ = pem + pin;
  keepError_.clear();
  moduleLogger("pair")->info("kept the peer's pair certificate {} in {}: the stick-table "
                             "replication with the peer goes over TLS; rendering and reloading "
                             "HAProxy",
                             normalizeFingerprint(pin), store->file().string());
  appliance_.rerender("the peer's pair certificate");
}

void PairRuntime::updateListener() {
  lastKept_.clear();
  if (options_.peerCertificates &&
      options_.peerCertificates->discardUnless(
          appliance_.running().config.high_availability().peer_certificate_sha256())) {
    moduleLogger("pair")->info("removed {}: it is not the pinned peer's certificate",
                               options_.peerCertificates->file().string());
  }
  if (!coordinator_) return;
  const bool want = coordinator_->paired();
  if (want == (server_ != nullptr)) return;
  auto log = moduleLogger("pair");
  if (!want) {
    server_->stop();
    server_.reset();
    log->info("pair channel closed: this node is no longer paired");
    return;
  }
  auto server = std::make_unique<PeerChannelServer>(
      io_, *serverTls_, [this](ChannelRequest request, ChannelReply reply) {
        coordinator_->handleChannel(std::move(request), std::move(reply));
      });
  std::string error;
  if (!server->open(options_.listenAddress, options_.listenPort, error)) {
    log->error("{}", error);
    listenError_ = "The pair channel cannot listen: " + error;
    appliance_.statusMayHaveChanged();
    return;
  }
  listenError_.clear();
  log->info("pair channel listening on {}:{} (mutual TLS, peer pinned)", options_.listenAddress,
            server->port());
  server_ = std::move(server);
  appliance_.statusMayHaveChanged();
}

}  // namespace exlb::agent
