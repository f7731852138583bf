#pragma once
// The pair of appliances as one: polls the peer's state over the pair
// channel (about every 500 ms and at once on every local change), computes
// the pair alarms from both observations, answers the peer's requests, runs
// pair-wide changes, and catches a returning peer up (the newer generation
// wins and is pushed to the older node, saved configuration included).
//
// Generations: every pair-wide change carries a number larger than both
// nodes' (persisted atomically by PairGeneration); a node refuses a change
// whose generation is not newer than its own, with an audit line.
//
// Threading: everything on the agent's io_context thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "api/audit_trail.h"
#include "app/appliance.h"
#include "ha/ha_observation.h"
#include "pair/pair_alarms.h"
#include "pair/pair_generation.h"
#include "pair/pair_identity.h"
#include "pair/pair_service.h"
#include "pair/peer_channel_server.h"
#include "pair/peer_link.h"
#include "pair/ticket_key_ring.h"

namespace spdlog {
class logger;
}

namespace exlb::agent {

struct PairOptions {
  std::chrono::milliseconds pollInterval{500};
  std::chrono::milliseconds pollTimeout{1500};
  std::chrono::milliseconds changeTimeout{60000};   // one node's apply (reload + probe)
  std::chrono::milliseconds catchUpRetry{10000};    // after a refused catch-up
  PairAlarmTimes alarmTimes;
  // Automatic failback (pair_handover.cpp): how long the configured master,
  // back as a healthy backup in sync with its peer, waits before it takes the
  // virtual address back (--vrrp-preempt-delay). Negative: never.
  std::chrono::milliseconds failbackHold{15000};
  // Planned handover bounds: the holder's release, the new holder's takeover.
  std::chrono::milliseconds releaseTimeout{2000};
  std::chrono::milliseconds takeTimeout{2000};
  std::chrono::milliseconds handoverPoll{20};
  std::string listen = "0.0.0.0:4445";              // for PairIdentity.listen
  std::function<std::int64_t()> clock;              // unix ms; tests inject one
};

class PairCoordinator final : public PairService {
 public:
  static constexpr std::uint16_t kDefaultPort = 4445;

  PairCoordinator(boost::asio::io_context& io, Appliance& appliance, PairGeneration& generation,
                  PeerLink& link, PairIdentity identity, AuditTrail audit, PairOptions options);
  ~PairCoordinator() override;

  // The HA engine's observation of this node (nullptr: unknown roles, no
  // role alarms).
  void setObserver(HaObserver* observer);
  // Where alarm events go (ApplianceImpl::publishEvent) and who to tell that
  // the status changed (ApplianceImpl::statusMayHaveChanged).
  void setEventSink(std::function<void(v1::Event)> publish, std::function<void()> statusChanged);
  // This node's TLS session-ticket keys, shared with the peer
  // (pair_ticket_keys.cpp); nullptr: not shared.
  void setTicketKeys(TicketKeyStore* keys);
  void start();
  void stop();

  // The pair channel's server side.
  void handleChannel(ChannelRequest request, ChannelReply reply);

  // PairService
  v1::PairIdentity identity() const override;
  v1::PairStatus pairStatus() const override;
  void applyRunning(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                    PairCallback done) override;
  void sync(std::optional<bool> save, Actor actor, PairCallback done) override;
  void handover(bool take, Actor actor, HandoverCallback done) override;

  // For status.alarms: the pair alarms, and "pair-generation-damaged".
  std::vector<v1::Alarm> alarms() const;
  // High availability on, a peer address and a pin: the channel is in use.
  bool paired() const;
  std::uint64_t generation() const { return generation_.current(); }
  // Polls the peer now (also runs on its own every pollInterval).
  void pollNow();

 private:
  struct Peer {
    std::string address;
    std::uint16_t port = kDefaultPort;
  };
  struct Operation;
  struct Catchup {
    std::uint64_t generation = 0;
    std::string fingerprint;
    std::int64_t at = 0;
  };

  Peer peer() const;
  std::int64_t now() const;
  HaObservation local() const;

  // Polling, alarms, catch-up.
  void schedulePoll();
  void onPeerState(ChannelAnswer answer);
  void evaluate();
  void catchUpPeer();

  // The pair channel's operations (pair_channel_ops.cpp).
  void answerState(ChannelReply reply);
  void answerChange(const ChannelRequest& request, ChannelReply reply);
  void answerSave(const ChannelRequest& request, ChannelReply reply);

  // Planned handover and automatic failback (pair_handover.cpp).
  struct Handover;
  void answerRelease(const ChannelRequest& request, ChannelReply reply);
  void startHandover(bool take, Actor actor, std::string reason, HandoverCallback done);
  void takeFromPeer(std::shared_ptr<Handover> h);
  void waitUntilMaster(std::shared_ptr<Handover> h);
  void releaseHere(std::shared_ptr<Handover> h);
  void waitUntilReleased(std::shared_ptr<Handover> h);
  void waitUntilPeerHolds(std::shared_ptr<Handover> h);
  void endHandover(std::shared_ptr<Handover> h, HandoverResult result);
  bool failbackDue() const;
  void considerFailback();
  bool holdsAddressHere() const;

  // The shared TLS session-ticket key ring (pair_ticket_keys.cpp).
  bool ticketKeySource() const;
  std::string localTicketRingId() const;
  void shareTicketKeys();
  void answerTicketKeys(const ChannelRequest& request, ChannelReply reply);

  // Pair-wide changes (pair_change.cpp).
  void runChange(std::shared_ptr<Operation> op);
  void validatePeer(std::shared_ptr<Operation> op);
  void applyStep(std::shared_ptr<Operation> op, std::size_t index);
  void revertFirst(std::shared_ptr<Operation> op);
  void finish(std::shared_ptr<Operation> op, PairResult result);
  void applyLocal(std::shared_ptr<Operation> op, std::function<void(ChangeResult)> done);
  void sendChange(const v1::PeerChange& change, std::function<void(ChannelAnswer)> done);
  bool localGoesFirst() const;

  boost::asio::io_context& io_;
  Appliance& appliance_;
  PairGeneration& generation_;
  PeerLink& link_;
  PairIdentity identity_;
  AuditTrail audit_;
  PairOptions options_;
  HaObserver* observer_ = nullptr;
  std::function<void(v1::Event)> publish_;
  std::function<void()> statusChanged_;
  std::shared_ptr<spdlog::logger> log_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);

  boost::asio::steady_timer pollTimer_;
  bool running_ = false;
  bool polling_ = false;            // a state request is in flight
  bool pollAgain_ = false;          // a local change asked for a poll meanwhile
  std::uint64_t subscription_ = 0;

  // What the last poll learnt.
  bool reachable_ = false;
  std::string peerError_ = "not polled yet";
  std::optional<v1::PeerState> peerState_;
  std::int64_t peerSeenMs_ = 0;
  std::uint64_t peerGenerationSeen_ = 0;   // the highest the peer ever said

  PairAlarms alarms_;
  std::shared_ptr<Operation> op_;          // the pair change under way
  bool catchingUp_ = false;
  Catchup lastCatchup_;

  bool damageReported_ = false;            // the pair-generation-damaged alarm is raised
  std::int64_t damageSince_ = 0;
  v1::Alarm damageAlarm() const;
  std::shared_ptr<Handover> handover_;     // a planned handover or failback under way
  std::int64_t failbackSince_ = 0;         // since when a failback is due (0: not due)
  // An administrator moved the address away from this node: it does not take
  // it back by itself until it holds it again (an administrator's take).
  bool failbackSuspended_ = false;
  boost::asio::steady_timer failbackTimer_;

  TicketKeyStore* ticketKeys_ = nullptr;
  bool ticketPushing_ = false;             // a ring is on its way to the peer
  bool ticketFollowing_ = false;           // this node takes the peer's ring
  std::string ticketAttempt_;              // the last push: "<our ring>/<peer's ring>"
  std::int64_t ticketAttemptAt_ = 0;

  // What this node ran before the last change the peer pushed (for a revert).
  std::optional<v1::ApplianceConfig> beforePeerChange_;
  std::uint64_t peerChangeGeneration_ = 0;
};

}  // namespace exlb::agent
