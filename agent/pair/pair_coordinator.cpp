#include "pair/pair_coordinator.h"

#include <algorithm>

#include "log/log.h"
#include "pair/config_split.h"

namespace exlb::agent {

namespace {

std::int64_t systemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool haEnabled(const v1::ApplianceConfig& c) {
  const auto role = c.high_availability().role();
  return role == v1::HA_ROLE_MASTER || role == v1::HA_ROLE_BACKUP;
}

}  // namespace

PairCoordinator::PairCoordinator(boost::asio::io_context& io, Appliance& appliance,
                                 PairGeneration& generation, PeerLink& link,
                                 PairIdentity identity, AuditTrail audit, PairOptions options)
    : io_(io),
      appliance_(appliance),
      generation_(generation),
      link_(link),
      identity_(std::move(identity)),
      audit_(std::move(audit)),
      options_(std::move(options)),
      log_(moduleLogger("pair")),
      pollTimer_(io),
      alarms_(options_.alarmTimes),
      failbackTimer_(io) {
  if (!options_.clock) options_.clock = systemNowMs;
}

PairCoordinator::~PairCoordinator() {
  *alive_ = false;
  stop();
}

void PairCoordinator::setObserver(HaObserver* observer) {
  observer_ = observer;
  if (!observer_) return;
  std::weak_ptr<bool> alive = alive_;
  observer_->onChange([this, alive](const HaObservation&) {
    if (alive.expired()) return;
    evaluate();
    pollNow();
  });
}

void PairCoordinator::setEventSink(std::function<void(v1::Event)> publish,
                                   std::function<void()> statusChanged) {
  publish_ = std::move(publish);
  statusChanged_ = std::move(statusChanged);
}

void PairCoordinator::start() {
  running_ = true;
  std::weak_ptr<bool> alive = alive_;
  // A local configuration change (fingerprint, peer settings) is worth a poll
  // at once: drift shows or clears without waiting.
  subscription_ = appliance_.subscribe([this, alive](const v1::Event& e) {
    if (alive.expired() || !e.has_config_changed()) return;
    boost::asio::post(io_, [this, alive] {
      if (!alive.expired()) pollNow();
    });
  });
  pollNow();
}

void PairCoordinator::stop() {
  if (!running_) return;
  running_ = false;
  pollTimer_.cancel();
  failbackTimer_.cancel();
  appliance_.unsubscribe(subscription_);
}

std::int64_t PairCoordinator::now() const { return options_.clock(); }

HaObservation PairCoordinator::local() const {
  if (observer_) return observer_->observation();
  HaObservation o;
  o.role = haEnabled(appliance_.running().config) ? v1::VRRP_ROLE_UNSPECIFIED
                                                  : v1::VRRP_ROLE_DISABLED;
  return o;
}

PairCoordinator::Peer PairCoordinator::peer() const {
  // running() answers a copy: keep it alive while reading from it.
  const VersionedConfig running = appliance_.running();
  const auto& ha = running.config.high_availability();
  Peer p;
  p.address = ha.peer_address();
  p.port = ha.peer_port() == 0 ? kDefaultPort : static_cast<std::uint16_t>(ha.peer_port());
  return p;
}

bool PairCoordinator::paired() const {
  const VersionedConfig running = appliance_.running();
  const auto& c = running.config;
  return haEnabled(c) && !c.high_availability().peer_address().empty() &&
         !c.high_availability().peer_certificate_sha256().empty();
}

// ---- polling ---------------------------------------------------------------

void PairCoordinator::pollNow() {
  if (!running_) return;
  if (polling_) {
    pollAgain_ = true;
    return;
  }
  pollTimer_.cancel();
  if (!paired()) {
    reachable_ = false;
    peerError_ = "not paired (high availability off, or no peer address or peer certificate)";
    peerState_.reset();
    evaluate();
    shareTicketKeys();  // no longer following a peer: rotate here again
    return schedulePoll();
  }
  polling_ = true;
  const Peer p = peer();
  std::weak_ptr<bool> alive = alive_;
  link_.call(p.address, p.port, "state", "", options_.pollTimeout,
             [this, alive](ChannelAnswer answer) {
               if (alive.expired()) return;
               polling_ = false;
               onPeerState(std::move(answer));
               if (pollAgain_) {
                 pollAgain_ = false;
                 return pollNow();
               }
               schedulePoll();
             });
}

void PairCoordinator::schedulePoll() {
  if (!running_) return;
  std::weak_ptr<bool> alive = alive_;
  pollTimer_.expires_after(options_.pollInterval);
  pollTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (!ec && !alive.expired()) pollNow();
  });
}

void PairCoordinator::onPeerState(ChannelAnswer answer) {
  v1::PeerState state;
  if (!answer.reached) {
    if (reachable_) log_->warn("peer {} unreachable: {}", peer().address, answer.error);
    reachable_ = false;
    peerError_ = answer.error;
  } else if (answer.status != 200 || !state.ParseFromString(answer.body)) {
    reachable_ = false;
    peerError_ = "the peer answered the state request with HTTP " + std::to_string(answer.status);
  } else {
    if (!reachable_) log_->info("peer {} ({}) reachable", peer().address, state.hostname());
    reachable_ = true;
    peerError_.clear();
    peerSeenMs_ = now();
    peerGenerationSeen_ = std::max(peerGenerationSeen_, state.generation());
    peerState_ = std::move(state);
  }
  evaluate();
  if (reachable_) catchUpPeer();
  shareTicketKeys();
}

// ---- alarms ----------------------------------------------------------------

void PairCoordinator::evaluate() {
  PairAlarmInput in;
  in.paired = paired();
  in.peerReachable = reachable_ && peerState_.has_value();
  const auto mine = local();
  in.localRole = mine.role;
  in.localHoldsAddress = mine.holdsVirtualAddress;
  in.localFingerprint = configFingerprint(appliance_.running().config);
  if (peerState_) {
    in.peerRole = peerState_->role();
    in.peerHoldsAddress = peerState_->holds_virtual_address();
    in.peerHaEnabled = peerState_->ha_enabled();
    in.peerFingerprint = peerState_->config_fingerprint();
    in.peerName = peerState_->hostname();
    in.settling = op_ != nullptr || catchingUp_ ||
                  peerState_->generation() != generation_.current();
  }
  if (in.paired && in.peerReachable) {
    in.replicationClear =
        appliance_.status().stick_replication() == v1::STICK_REPLICATION_CLEAR;
  }
  auto changes = alarms_.update(in, now());
  if (generation_.damaged() != damageReported_) {
    damageReported_ = generation_.damaged();
    if (damageReported_) damageSince_ = now();
    v1::Alarm a = damageAlarm();
    a.set_cleared(!damageReported_);
    changes.push_back({a});
  }
  for (const auto& change : changes) {
    const auto& a = change.alarm;
    if (a.cleared())
      log_->info("alarm {} cleared", a.code());
    else if (a.severity() == v1::ALARM_SEVERITY_CRITICAL)
      log_->error("alarm {}: {}", a.code(), a.message());
    else
      log_->warn("alarm {}: {}", a.code(), a.message());
    if (publish_) {
      v1::Event e;
      *e.mutable_alarm() = a;
      publish_(std::move(e));
    }
  }
  if (!changes.empty() && statusChanged_) statusChanged_();
  considerFailback();
}

v1::Alarm PairCoordinator::damageAlarm() const {
  v1::Alarm a;
  a.set_code("pair-generation-damaged");
  a.set_severity(v1::ALARM_SEVERITY_CRITICAL);
  a.set_since_unix_ms(damageSince_);
  a.set_message("The pair generation of this node could not be read (" + generation_.damage() +
                "): it cannot tell a replayed configuration from a newer one, so the pair "
                "channel refuses every change but an administrator's sync. Run POST "
                "/api/v1/pair/sync on the node whose settings are right.");
  return a;
}

std::vector<v1::Alarm> PairCoordinator::alarms() const {
  auto out = alarms_.active();
  if (damageReported_) out.push_back(damageAlarm());
  return out;
}

// ---- catch-up --------------------------------------------------------------

// The peer carries an older generation than this node: it missed pair
// changes (it was away, or refused while busy). Push this node's shared
// settings with this node's generation; the newer generation wins. A peer
// on a NEWER generation catches this node up from its side.
void PairCoordinator::catchUpPeer() {
  if (!peerState_ || op_ || catchingUp_ || handover_) return;
  const VersionedConfig current = appliance_.running();
  const auto& running = current.config;
  const std::string fingerprint = configFingerprint(running);
  const std::string savedFingerprint = configFingerprint(appliance_.saved().config);
  const bool localSaved = savedFingerprint == fingerprint;
  const std::uint64_t mine = generation_.current();
  const auto& theirs = *peerState_;
  // Either generation unknown: only an administrator's sync settles it.
  if (generation_.damaged() || theirs.generation_damaged()) return;

  if (theirs.generation() < mine) {
    // A refused catch-up is not retried in a loop.
    if (lastCatchup_.generation == mine && lastCatchup_.fingerprint == fingerprint &&
        now() - lastCatchup_.at < options_.catchUpRetry.count())
      return;
    lastCatchup_ = {mine, fingerprint, now()};
    v1::PeerChange change;
    change.set_generation(mine);
    *change.mutable_shared() = sharedPart(running);
    change.set_actor("pair-catch-up");
    change.set_origin("pair.catch-up");
    change.set_save(localSaved && theirs.saved_fingerprint() != fingerprint);
    catchingUp_ = true;
    log_->info("peer {} is on generation {}, this node on {}: pushing this node's shared settings "
               "(fingerprint {})",
               peer().address, theirs.generation(), mine, fingerprint);
    std::weak_ptr<bool> alive = alive_;
    sendChange(change, [this, alive, mine](ChannelAnswer answer) {
      if (alive.expired()) return;
      catchingUp_ = false;
      v1::PeerChangeResult r;
      const bool ok = answer.reached && answer.status == 200 && r.ParseFromString(answer.body) && r.ok();
      audit_.record({"pair-catch-up", "local"}, "pair.catch-up",
                    {{"peer", peer().address},
                     {"generation", std::to_string(mine)},
                     {"result", ok ? "ok" : (answer.reached ? r.code() : "peer-unreachable")}});
      if (!ok)
        log_->warn("catching the peer up failed: {}", answer.reached ? r.message() : answer.error);
      pollNow();
    });
    return;
  }
  // Same generation and settings: the saved configuration follows too, so a
  // save made on one node while the other was away is not lost on it.
  if (theirs.generation() == mine && theirs.config_fingerprint() == fingerprint && localSaved &&
      theirs.saved_fingerprint() != fingerprint) {
    if (lastCatchup_.generation == mine && lastCatchup_.fingerprint == "save:" + fingerprint &&
        now() - lastCatchup_.at < options_.catchUpRetry.count())
      return;
    lastCatchup_ = {mine, "save:" + fingerprint, now()};
    v1::PeerSave save;
    save.set_config_fingerprint(fingerprint);
    save.set_actor("pair-catch-up");
    catchingUp_ = true;
    const Peer p = peer();
    std::weak_ptr<bool> alive = alive_;
    link_.call(p.address, p.port, "save", save.SerializeAsString(), options_.changeTimeout,
               [this, alive](ChannelAnswer answer) {
                 if (alive.expired()) return;
                 catchingUp_ = false;
                 if (!answer.reached || answer.status != 200)
                   log_->warn("asking the peer to save failed: {}",
                              answer.reached ? "HTTP " + std::to_string(answer.status) : answer.error);
                 pollNow();
               });
  }
}

// ---- reads -----------------------------------------------------------------

v1::PairIdentity PairCoordinator::identity() const {
  v1::PairIdentity out;
  out.set_certificate_sha256(identity_.sha256);
  out.set_certificate_pem(identity_.certificatePem);
  out.set_listen(options_.listen);
  return out;
}

v1::PairStatus PairCoordinator::pairStatus() const {
  v1::PairStatus s;
  s.set_paired(paired());
  const Peer p = peer();
  if (!p.address.empty()) s.set_peer_address(p.address + ":" + std::to_string(p.port));
  s.set_peer_reachable(reachable_);
  s.set_peer_error(peerError_);
  const auto mine = local();
  s.set_local_role(mine.role);
  s.set_local_holds_virtual_address(mine.holdsVirtualAddress);
  s.set_local_config_fingerprint(configFingerprint(appliance_.running().config));
  s.set_local_saved_fingerprint(configFingerprint(appliance_.saved().config));
  s.set_local_generation(generation_.current());
  if (peerState_) {
    s.set_peer_hostname(peerState_->hostname());
    s.set_peer_seen_unix_ms(peerSeenMs_);
    s.set_peer_role(peerState_->role());
    s.set_peer_holds_virtual_address(peerState_->holds_virtual_address());
    s.set_peer_config_fingerprint(peerState_->config_fingerprint());
    s.set_peer_saved_fingerprint(peerState_->saved_fingerprint());
    s.set_peer_generation(peerState_->generation());
    s.set_drift(peerState_->config_fingerprint() != s.local_config_fingerprint());
  }
  for (auto& a : alarms()) *s.add_alarms() = a;
  if (failbackSince_ != 0 && options_.failbackHold.count() >= 0)
    s.set_failback_due_unix_ms(failbackSince_ + options_.failbackHold.count());
  s.set_handover_in_progress(handover_ != nullptr);
  s.set_generation_damaged(generation_.damaged());
  return s;
}

}  // namespace exlb::agent
