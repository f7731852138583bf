// One TLS session-ticket key ring for the pair (docs/ha.md, "TLS session
// tickets"): the source node sends its ring to the peer whenever the peer's
// differs (at pairing, when the link returns, after each rotation at the
// source); the peer installs it at run time and, while it follows, does not
// rotate on its own. A node whose peer is unreachable rotates on its own
// (forward secrecy), and the source's ring wins when the link returns.
//
// The source is the node that holds the virtual address, so the ring that
// wins is the one the clients' tickets come from: after a failover the new
// holder's ring reaches the returning node before the address goes back to
// it. While neither or both hold it (no keepalived, a split brain), the
// configured master is the source.
//
// No key ever reaches a log, an audit line, the status or the API: the state
// poll carries only the ring's id (a digest of the keys' names, which every
// ticket carries in the clear).
#include "exlb/v1/pair.pb.h"
#include "log/log.h"
#include "pair/pair_coordinator.h"
#include "supervise/tls_ticket_keys.h"

namespace exlb::agent {

namespace {

// A refused or failed push is retried at this pace at most: soon enough for a
// peer that only had not polled yet, slow enough to never flood the channel.
constexpr std::int64_t kRetryMs = 2000;

}  // namespace

void PairCoordinator::setTicketKeys(TicketKeyStore* keys) {
  if (ticketKeys_) ticketKeys_->setRotationListener(nullptr);
  ticketKeys_ = keys;
  if (!ticketKeys_) return;
  std::weak_ptr<bool> alive = alive_;
  // After a rotation here, a poll: the peer's ring id differs, so the source
  // pushes at once.
  ticketKeys_->setRotationListener([this, alive] {
    if (!alive.expired()) pollNow();
  });
}

bool PairCoordinator::ticketKeySource() const {
  const bool mine = local().holdsVirtualAddress;
  const bool theirs = peerState_ && peerState_->holds_virtual_address();
  if (mine != theirs) return mine;
  return appliance_.running().config.high_availability().role() == v1::HA_ROLE_MASTER;
}

std::string PairCoordinator::localTicketRingId() const {
  if (!ticketKeys_) return {};
  const auto keys = ticketKeys_->keys();
  return keys ? tls_ticket_keys::ringId(*keys) : std::string{};
}

void PairCoordinator::shareTicketKeys() {
  if (!ticketKeys_) return;
  const bool linked = running_ && paired() && reachable_ && peerState_.has_value();
  // Follow only a peer that has a ring to give and sees itself as the source.
  const bool follow = linked && !ticketKeySource() && !peerState_->ticket_ring_id().empty();
  if (follow != ticketFollowing_) {
    ticketFollowing_ = follow;
    ticketKeys_->setFollowing(follow);
  }
  if (!linked || ticketPushing_ || !ticketKeySource()) return;
  const auto keys = ticketKeys_->keys();
  if (!keys) return;
  const std::string mine = tls_ticket_keys::ringId(*keys);
  const std::string& theirs = peerState_->ticket_ring_id();
  if (mine.empty() || mine == theirs) return;
  const std::string attempt = mine + "/" + theirs;
  if (attempt == ticketAttempt_ && now() - ticketAttemptAt_ < kRetryMs) return;
  ticketAttempt_ = attempt;
  ticketAttemptAt_ = now();
  ticketPushing_ = true;
  const Peer p = peer();
  const std::string peerName = peerState_->hostname().empty() ? p.address : peerState_->hostname();
  std::weak_ptr<bool> alive = alive_;
  // The peer may wait for a reload of its own before it installs the ring.
  link_.call(p.address, p.port, "ticket-keys",
             encodeTicketRing(*keys, appliance_.running().config.network().hostname()),
             options_.changeTimeout, [this, alive, peerName](ChannelAnswer answer) {
               if (alive.expired()) return;
               ticketPushing_ = false;
               v1::PeerChangeResult r;
               const bool parsed = answer.reached && r.ParseFromString(answer.body);
               if (parsed && answer.status == 200 && r.ok()) {
                 log_->info("ticket keys sent to peer {}: {}", peerName, r.message());
                 return pollNow();
               }
               log_->warn("the peer {} did not take this node's ticket keys: {}", peerName,
                          parsed ? r.code() + ": " + r.message()
                                 : (answer.reached ? "HTTP " + std::to_string(answer.status)
                                                   : answer.error));
             });
}

void PairCoordinator::answerTicketKeys(const ChannelRequest& request, ChannelReply reply) {
  v1::PeerChangeResult r;
  r.set_generation(generation_.current());
  std::string error;
  auto ring = decodeTicketRing(request.body, error);
  std::string peerName = ring ? ring->hostname : std::string{};
  if (peerName.empty()) peerName = peerState_ ? peerState_->hostname() : request.peerAddress;
  const Actor actor{"peer", "pair:" + request.peerAddress};
  auto refuse = [&](unsigned status, const std::string& code, const std::string& message) {
    r.set_code(code);
    r.set_message(message);
    audit_.record(actor, "pair.ticket-keys", {{"peer", peerName}, {"result", code}});
    log_->warn("ticket keys from peer {} refused: {}", peerName, message);
    reply(status, r.SerializeAsString());
  };
  if (!ticketKeys_)
    return refuse(409, "not-possible", "this node does not share its TLS session-ticket keys");
  if (!paired()) return refuse(409, "not-paired", "this node is not paired");
  if (!ring) return refuse(400, "bad-request", error);
  if (ticketKeySource())
    return refuse(409, "ticket-key-source",
                  "this node is the source of the pair's ticket keys (it holds the virtual "
                  "address, or is the configured master while neither node or both hold it)");
  std::weak_ptr<bool> alive = alive_;
  ticketKeys_->install(std::move(ring->keys), [this, alive, reply, actor, peerName,
                                               r](bool ok, std::string message) mutable {
    if (alive.expired()) return;
    r.set_ok(ok);
    r.set_message(message);
    if (!ok) r.set_code("install-failed");
    audit_.record(actor, "pair.ticket-keys",
                  {{"peer", peerName}, {"result", ok ? "ok" : r.code()}});
    if (ok)
      log_->info("ticket keys received from peer {} ({})", peerName, message);
    else
      log_->warn("ticket keys received from peer {} could not be installed: {}", peerName,
                 message);
    reply(ok ? 200 : 503, r.SerializeAsString());
  });
}

}  // namespace exlb::agent
