// Planned handover of the virtual address between the two nodes, and the
// automatic failback built on it (docs/ha.md "Failback without overlap",
// docs/ha-pair.md "Planned handover").
//
// keepalived's own preemption makes a returning master add the address before
// the old master's removal lands: both held it for up to 42 ms in most
// failbacks. Here the holder always goes first:
//
//   taker T (BACKUP, nopreempt)            holder H (MASTER)
//   "release" over the pair channel  --->  track file "1": keepalived FAULT,
//                                          it sends a priority-0 advertisement
//                                          and removes the address
//                                    <---  answered once the address is gone
//   the priority-0 advertisement makes
//   T master after its skew time
//   (~40 ms at 0.1 s adverts)              polls T until T is master and holds
//                                          the address, then ends its release:
//                                          H settles as BACKUP
//
// Every wait is bounded: a holder whose peer does not take over ends its
// release after takeTimeout (it becomes master again after the master-down
// time), and the HA engine ends any release by itself after its own limit.
#include <boost/asio/post.hpp>

#include "ha/interface_addresses.h"
#include "log/log.h"
#include "pair/config_split.h"
#include "pair/pair_coordinator.h"

namespace exlb::agent {

namespace {

using Clock = std::chrono::steady_clock;

HandoverResult refusal(unsigned status, std::string code, std::string message) {
  HandoverResult r;
  r.httpStatus = status;
  r.code = std::move(code);
  r.message = std::move(message);
  return r;
}

std::int64_t msSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

// A handover that worked: who holds the address now ("local" or "peer") and
// how long it took since `started`, in the words the administrator sees.
HandoverResult moved(const std::string& holder, Clock::time_point started) {
  HandoverResult r;
  r.response.set_holder(holder);
  r.response.set_took_ms(msSince(started));
  const std::string took = std::to_string(r.response.took_ms()) + " ms.";
  r.response.set_message(holder == "local"
                             ? "This node took the virtual address over from the peer in " + took
                             : "This node gave the virtual address to the peer in " + took);
  return r;
}

// Answers the taker's "release" request, once: 200 when the address is gone
// from this node, else the reason the handover failed.
void answerTaker(ChannelReply& reply, std::uint64_t generation, const HandoverResult* failure) {
  if (!reply) return;
  v1::PeerChangeResult r;
  r.set_ok(failure == nullptr);
  r.set_generation(generation);
  if (failure) {
    r.set_code(failure->code.empty() ? "handover-failed" : failure->code);
    r.set_message(failure->message);
  } else {
    r.set_message("released");
  }
  auto answer = std::move(reply);
  reply = nullptr;
  answer(failure ? 503 : 200, r.SerializeAsString());
}

std::string roleWord(v1::VrrpRole role) {
  switch (role) {
    case v1::VRRP_ROLE_MASTER: return "master";
    case v1::VRRP_ROLE_BACKUP: return "backup";
    case v1::VRRP_ROLE_FAULT: return "fault";
    case v1::VRRP_ROLE_DISABLED: return "high availability off";
    default: return "unknown";
  }
}

}  // namespace

struct PairCoordinator::Handover {
  explicit Handover(boost::asio::io_context& io) : timer(io) {}
  bool take = false;               // this node takes the address (else it gives it)
  Actor actor;
  std::string reason;              // "handover" (an administrator) or "failback"
  HandoverCallback done;           // the asker's answer (may be empty)
  ChannelReply releasedReply;      // the taker's "release", answered once the address is gone
  Clock::time_point started = Clock::now();
  Clock::time_point deadline;
  bool released = false;           // this node's release is in force
  boost::asio::steady_timer timer;
};

bool PairCoordinator::holdsAddressHere() const {
  if (local().holdsVirtualAddress) return true;
  const VersionedConfig running = appliance_.running();
  const auto& vip = running.config.high_availability().virtual_address();
  return !vip.empty() && addressIsLocal(vip);
}

void PairCoordinator::handover(bool take, Actor actor, HandoverCallback done) {
  startHandover(take, std::move(actor), "handover", std::move(done));
}

void PairCoordinator::startHandover(bool take, Actor actor, std::string reason,
                                    HandoverCallback done) {
  if (!paired())
    return done(refusal(409, "not-paired",
                        "This node is not paired (high availability on, peer_address and "
                        "peer_certificate_sha256 set): there is no peer to hand over to."));
  if (handover_)
    return done(refusal(409, "handover-busy",
                        "A handover of the virtual address is already under way on this node."));
  if (op_ || catchingUp_)
    return done(refusal(409, "handover-busy",
                        "A pair change is under way; try again when it has finished."));
  const auto mine = local();
  if (!observer_ || !mine.keepalivedRunning)
    return done(refusal(409, "not-possible",
                        "keepalived is not running on this node, so it can neither give nor take "
                        "the virtual address."));
  if (!reachable_ || !peerState_)
    return done(refusal(503, "peer-unreachable",
                        "The peer cannot be reached over the pair channel (" + peerError_ +
                            "); a handover needs both nodes."));
  const auto& peer = *peerState_;
  auto h = std::make_shared<Handover>(io_);
  h->take = take;
  h->actor = std::move(actor);
  h->reason = std::move(reason);
  h->done = std::move(done);
  if (take) {
    if (mine.role == v1::VRRP_ROLE_MASTER || holdsAddressHere())
      return h->done(refusal(409, "not-possible", "This node already holds the virtual address."));
    if (mine.role != v1::VRRP_ROLE_BACKUP)
      return h->done(refusal(409, "not-possible",
                             "This node is not a healthy backup (VRRP " + roleWord(mine.role) +
                                 "): HAProxy must serve here before it can take the address."));
    if (peer.role() != v1::VRRP_ROLE_MASTER)
      return h->done(refusal(409, "not-possible",
                             "The peer is not master (VRRP " + roleWord(peer.role()) +
                                 "): there is no holder to take the address from."));
    handover_ = h;
    if (statusChanged_) statusChanged_();
    return takeFromPeer(h);
  }
  if (mine.role != v1::VRRP_ROLE_MASTER && !holdsAddressHere())
    return h->done(refusal(409, "not-possible",
                           "This node does not hold the virtual address: there is nothing to give."));
  if (!peer.ha_enabled() || !peer.keepalived_running() || peer.role() != v1::VRRP_ROLE_BACKUP)
    return h->done(refusal(409, "not-possible",
                           "The peer is not a healthy backup (VRRP " + roleWord(peer.role()) +
                               "): giving the address up would leave nobody to take it."));
  handover_ = h;
  if (statusChanged_) statusChanged_();
  log_->info("{} by {}: giving the virtual address to the peer {}", h->reason, h->actor.user,
             this->peer().address);
  releaseHere(h);
}

// ---- the taker ---------------------------------------------------------------

void PairCoordinator::takeFromPeer(std::shared_ptr<Handover> h) {
  const Peer p = peer();
  log_->info("{} by {}: asking the peer {} to give the virtual address up", h->reason,
             h->actor.user, p.address);
  v1::PeerRelease request;
  request.set_actor(h->actor.user);
  request.set_reason(h->reason);
  std::weak_ptr<bool> alive = alive_;
  link_.call(p.address, p.port, "release", request.SerializeAsString(),
             options_.releaseTimeout + options_.pollTimeout,
             [this, alive, h](ChannelAnswer answer) {
               if (alive.expired()) return;
               if (!answer.reached)
                 return endHandover(h, refusal(503, "peer-unreachable",
                                               "The peer did not answer the release request: " +
                                                   answer.error));
               v1::PeerChangeResult r;
               const bool parsed = r.ParseFromString(answer.body);
               if (answer.status != 200 || !parsed || !r.ok())
                 return endHandover(
                     h, refusal(503, "handover-failed",
                                "The peer did not give the virtual address up: " +
                                    (parsed && !r.message().empty()
                                         ? r.message()
                                         : "HTTP " + std::to_string(answer.status))));
               h->deadline = Clock::now() + options_.takeTimeout;
               waitUntilMaster(h);
             });
}

void PairCoordinator::waitUntilMaster(std::shared_ptr<Handover> h) {
  if (local().role == v1::VRRP_ROLE_MASTER && holdsAddressHere())
    return endHandover(h, moved("local", h->started));
  if (Clock::now() > h->deadline)
    return endHandover(h, refusal(503, "handover-failed",
                                  "The peer gave the virtual address up, but this node did not "
                                  "become master within " +
                                      std::to_string(options_.takeTimeout.count()) +
                                      " ms; the peer takes it back."));
  std::weak_ptr<bool> alive = alive_;
  h->timer.expires_after(options_.handoverPoll);
  h->timer.async_wait([this, alive, h](const boost::system::error_code& ec) {
    if (!ec && !alive.expired()) waitUntilMaster(h);
  });
}

// ---- the holder --------------------------------------------------------------

void PairCoordinator::answerRelease(const ChannelRequest& request, ChannelReply reply) {
  v1::PeerRelease release;
  v1::PeerChangeResult r;
  r.set_generation(generation_.current());
  if (!release.ParseFromString(request.body)) {
    r.set_code("bad-request");
    return reply(400, r.SerializeAsString());
  }
  const Actor actor{release.actor().empty() ? "peer" : release.actor(),
                    "pair:" + request.peerAddress};
  const std::string reason = release.reason() == "failback" ? "failback" : "handover";
  auto answer = [&](unsigned status, std::string code, std::string message) {
    r.set_ok(status == 200);
    r.set_code(code);
    r.set_message(message);
    audit_.record(actor, "pair.release", {{"reason", reason}, {"result", status == 200 ? "ok" : code}});
    reply(status, r.SerializeAsString());
  };
  if (handover_)
    return answer(409, "handover-busy", "a handover is already under way on this node");
  if (op_) return answer(409, "pair-busy", "a pair change is under way on this node");
  if (local().role != v1::VRRP_ROLE_MASTER && !holdsAddressHere())
    return answer(200, "", "this node does not hold the virtual address");
  audit_.record(actor, "pair.release", {{"reason", reason}, {"result", "accepted"}});
  log_->info("{}: the peer {} asks for the virtual address; giving it up", reason,
             request.peerAddress);
  auto h = std::make_shared<Handover>(io_);
  h->actor = actor;
  h->reason = reason;
  h->releasedReply = std::move(reply);
  handover_ = h;
  if (statusChanged_) statusChanged_();
  releaseHere(h);
}

void PairCoordinator::releaseHere(std::shared_ptr<Handover> h) {
  if (!observer_ || !observer_->setReleased(true))
    return endHandover(h, refusal(409, "not-possible",
                                  "keepalived is not run on this node: it cannot give the "
                                  "virtual address up."));
  h->released = true;
  h->deadline = Clock::now() + options_.releaseTimeout;
  waitUntilReleased(h);
}

void PairCoordinator::waitUntilReleased(std::shared_ptr<Handover> h) {
  if (local().role != v1::VRRP_ROLE_MASTER && !holdsAddressHere()) {
    log_->info("{}: the virtual address is gone from this node after {} ms", h->reason,
               msSince(h->started));
    answerTaker(h->releasedReply, generation_.current(), nullptr);
    h->deadline = Clock::now() + options_.takeTimeout;
    return waitUntilPeerHolds(h);
  }
  if (Clock::now() > h->deadline)
    return endHandover(h, refusal(503, "handover-failed",
                                  "keepalived did not give the virtual address up within " +
                                      std::to_string(options_.releaseTimeout.count()) + " ms."));
  std::weak_ptr<bool> alive = alive_;
  h->timer.expires_after(options_.handoverPoll);
  h->timer.async_wait([this, alive, h](const boost::system::error_code& ec) {
    if (!ec && !alive.expired()) waitUntilReleased(h);
  });
}

// The release lasts until the peer is seen master and holding the address:
// ending it earlier would let this node (BACKUP again) win the election back.
void PairCoordinator::waitUntilPeerHolds(std::shared_ptr<Handover> h) {
  const Peer p = peer();
  std::weak_ptr<bool> alive = alive_;
  link_.call(p.address, p.port, "state", "", options_.pollTimeout,
             [this, alive, h](ChannelAnswer answer) {
               if (alive.expired()) return;
               onPeerState(std::move(answer));
               if (reachable_ && peerState_ && peerState_->role() == v1::VRRP_ROLE_MASTER &&
                   peerState_->holds_virtual_address())
                 return endHandover(h, moved("peer", h->started));
               if (Clock::now() > h->deadline)
                 return endHandover(
                     h, refusal(503, "handover-failed",
                                "The peer did not take the virtual address within " +
                                    std::to_string(options_.takeTimeout.count()) +
                                    " ms; this node takes it back."));
               h->timer.expires_after(options_.handoverPoll);
               h->timer.async_wait([this, alive, h](const boost::system::error_code& ec) {
                 if (!ec && !alive.expired()) waitUntilPeerHolds(h);
               });
             });
}

void PairCoordinator::endHandover(std::shared_ptr<Handover> h, HandoverResult result) {
  if (h->released && observer_) observer_->setReleased(false);
  h->released = false;
  answerTaker(h->releasedReply, generation_.current(), &result);
  if (handover_ == h) handover_.reset();
  if (result.httpStatus == 200 && h->reason == "handover" &&
      result.response.holder() == "peer" && !failbackSuspended_) {
    failbackSuspended_ = true;
    log_->info("an administrator handed the virtual address over: this node does not take it "
               "back by itself until it holds it again (POST /api/v1/ha/handover "
               "{\"take\": true} here, or the peer gives it)");
  }
  result.response.set_local_role(local().role);
  if (peerState_) result.response.set_peer_role(peerState_->role());
  if (result.httpStatus == 200)
    log_->info("{}: {}", h->reason, result.response.message());
  else
    log_->warn("{} failed: {}", h->reason, result.message);
  if (statusChanged_) statusChanged_();
  if (h->done) h->done(std::move(result));
}

// ---- automatic failback --------------------------------------------------------

// The configured master takes the address back only as a healthy backup whose
// keepalived runs, while its peer holds the address and both carry the same
// generation and shared settings, for the whole hold time: a node that
// crash-loops, or one still being caught up, never pulls the address around.
bool PairCoordinator::failbackDue() const {
  if (options_.failbackHold.count() < 0 || !running_ || handover_ || op_ || catchingUp_ ||
      failbackSuspended_)
    return false;
  const VersionedConfig running = appliance_.running();
  if (running.config.high_availability().role() != v1::HA_ROLE_MASTER || !paired()) return false;
  if (!observer_) return false;
  const auto mine = local();
  if (!mine.keepalivedRunning || mine.role != v1::VRRP_ROLE_BACKUP || mine.holdsVirtualAddress)
    return false;
  if (!reachable_ || !peerState_) return false;
  const auto& peer = *peerState_;
  return peer.ha_enabled() && peer.role() == v1::VRRP_ROLE_MASTER &&
         peer.holds_virtual_address() && peer.generation() == generation_.current() &&
         peer.config_fingerprint() == configFingerprint(running.config);
}

void PairCoordinator::considerFailback() {
  if (failbackSuspended_ && !handover_ && local().role == v1::VRRP_ROLE_MASTER) {
    failbackSuspended_ = false;
    log_->info("this node holds the virtual address again: automatic failback back in force");
  }
  if (!failbackDue()) {
    if (failbackSince_ != 0) {
      failbackSince_ = 0;
      failbackTimer_.cancel();
      if (statusChanged_) statusChanged_();
    }
    return;
  }
  const auto hold = options_.failbackHold.count();
  if (failbackSince_ == 0) {
    failbackSince_ = now();
    log_->info("failback: this node, the configured master, is a healthy backup in step with its "
               "peer; it takes the virtual address back in {} ms",
               hold);
    if (statusChanged_) statusChanged_();
  }
  const auto left = failbackSince_ + hold - now();
  if (left > 0) {
    std::weak_ptr<bool> alive = alive_;
    failbackTimer_.expires_after(std::chrono::milliseconds(left));
    failbackTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
      if (!ec && !alive.expired()) considerFailback();
    });
    return;
  }
  failbackSince_ = 0;
  std::weak_ptr<bool> alive = alive_;
  startHandover(true, {"failback", "pair"}, "failback", [this, alive](HandoverResult r) {
    if (alive.expired()) return;
    audit_.record({"failback", "pair"}, "ha.failback",
                  {{"peer", peer().address},
                   {"took_ms", std::to_string(r.response.took_ms())},
                   {"result", r.httpStatus == 200 ? "ok" : r.code}});
  });
}

}  // namespace exlb::agent
