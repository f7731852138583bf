// Pair-wide changes of PairCoordinator: PUT /api/v1/pair/config/running and
// POST /api/v1/pair/sync.
//
//   validate here -> validate on the peer (validate_only) -> apply to the
//   backup -> apply to the master -> both persist the new generation
//
// When the second node fails, the first returns to its previous version (a
// revert carries generation + 1, so it too is newer than anything before).
// When the peer cannot be reached at all, the change is made here alone with
// the new generation and reaches the peer when it returns (catch-up).
#include <algorithm>

#include "api/change_result_http.h"
#include "exlb/common/validation.h"
#include "log/log.h"
#include "pair/config_split.h"
#include "pair/pair_coordinator.h"

namespace exlb::agent {

namespace {

enum class Node { Local, Peer };

PairResult errorResult(unsigned status, std::string code, std::string message,
                       std::vector<v1::FieldViolation> violations = {}) {
  PairResult r;
  r.httpStatus = status;
  r.code = std::move(code);
  r.message = std::move(message);
  r.violations = std::move(violations);
  return r;
}

std::string sentenceOf(const v1::PairNodeOutcome& o) {
  const std::string who = o.node() == "local" ? "this node" : "the peer (" + o.address() + ")";
  if (o.pending()) return who + ": unreachable, brought in line when it returns";
  if (o.reverted()) return who + ": applied, then returned to its previous version";
  if (o.ok()) return who + ": applied";
  if (o.code().empty()) return who + ": not changed";
  return who + ": " + o.code() + (o.message().empty() ? "" : " (" + o.message() + ")");
}

}  // namespace

struct PairCoordinator::Operation {
  bool sync = false;                 // only the peer changes
  v1::ApplianceConfig config;        // what this node runs afterwards
  std::string ifMatch;
  Actor actor;
  PairCallback done;
  std::uint64_t generation = 0;
  bool save = false;                 // the peer saves too (sync)
  bool retried = false;              // once, after learning the peer's generation
  bool peerPending = false;
  std::vector<Node> order;
  std::size_t applied = 0;           // nodes of `order` that applied
  VersionedConfig previousLocal;
  v1::PairNodeOutcome local;
  v1::PairNodeOutcome peer;
};

bool PairCoordinator::localGoesFirst() const {
  const auto mine = local().role;
  if (mine == v1::VRRP_ROLE_BACKUP || mine == v1::VRRP_ROLE_FAULT) return true;
  if (mine == v1::VRRP_ROLE_MASTER) return false;
  if (peerState_ && peerState_->role() == v1::VRRP_ROLE_MASTER) return true;
  if (peerState_ && peerState_->role() == v1::VRRP_ROLE_BACKUP) return false;
  return appliance_.running().config.high_availability().role() == v1::HA_ROLE_BACKUP;
}

void PairCoordinator::applyRunning(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                                   PairCallback done) {
  if (op_ || handover_)
    return done(errorResult(409, "pair-busy",
                            std::string(op_ ? "A pair change" : "A handover of the virtual address") +
                                " is under way; try again when it has finished."));
  if (!paired())
    return done(errorResult(409, "not-paired",
                            "This node is not paired (high availability on, peer_address and "
                            "peer_certificate_sha256 set); change it alone with PUT "
                            "/api/v1/config/running."));
  if (!ifMatch.empty() && ifMatch != appliance_.running().etag)
    return done(errorResult(409, "etag-mismatch",
                            "The configuration was changed by someone else meanwhile (etag " +
                                appliance_.running().etag + "); reload it and apply again."));
  const auto problems = validateConfig(config);
  if (hasErrors(problems))
    return done(errorResult(422, "invalid-config", "The configuration has errors; nothing changed on either node.",
                            toViolations(problems)));
  auto op = std::make_shared<Operation>();
  op->config = std::move(config);
  op->ifMatch = std::move(ifMatch);
  op->actor = std::move(actor);
  op->done = std::move(done);
  op->generation = std::max(generation_.current(), peerGenerationSeen_) + 1;
  runChange(std::move(op));
}

void PairCoordinator::sync(std::optional<bool> save, Actor actor, PairCallback done) {
  if (op_ || handover_)
    return done(errorResult(409, "pair-busy",
                            std::string(op_ ? "A pair change" : "A handover of the virtual address") +
                                " is under way; try again when it has finished."));
  if (!paired())
    return done(errorResult(409, "not-paired", "This node is not paired: there is no peer to bring in line."));
  auto op = std::make_shared<Operation>();
  op->sync = true;
  op->config = appliance_.running().config;
  op->actor = std::move(actor);
  op->done = std::move(done);
  op->save = save.value_or(configFingerprint(appliance_.saved().config) ==
                           configFingerprint(op->config));
  op->generation = std::max(generation_.current(), peerGenerationSeen_) + 1;
  runChange(std::move(op));
}

void PairCoordinator::runChange(std::shared_ptr<Operation> op) {
  op_ = op;
  op->previousLocal = appliance_.running();
  op->local.set_node("local");
  op->peer.set_node("peer");
  const Peer p = peer();
  op->peer.set_address(p.address + ":" + std::to_string(p.port));
  log_->info("pair {} by {} ({}): generation {}", op->sync ? "sync" : "change", op->actor.user,
             op->actor.address, op->generation);
  validatePeer(std::move(op));
}

void PairCoordinator::validatePeer(std::shared_ptr<Operation> op) {
  v1::PeerChange change;
  change.set_generation(op->generation);
  *change.mutable_shared() = sharedPart(op->config);
  change.set_actor(op->actor.user);
  change.set_origin(op->sync ? "pair.sync" : "pair.apply");
  change.set_validate_only(true);
  std::weak_ptr<bool> alive = alive_;
  sendChange(change, [this, alive, op](ChannelAnswer answer) {
    if (alive.expired()) return;
    v1::PeerChangeResult r;
    if (!answer.reached || !r.ParseFromString(answer.body)) {
      const std::string why = answer.reached ? "HTTP " + std::to_string(answer.status) : answer.error;
      if (op->sync)
        return finish(op, errorResult(503, "peer-unreachable",
                                      "The peer (" + op->peer.address() + ") cannot be reached: " + why +
                                          "; nothing changed."));
      // Alone, with the new generation: the peer catches up when it returns.
      op->peerPending = true;
      op->peer.set_pending(true);
      op->peer.set_code("peer-unreachable");
      op->peer.set_message(why);
      op->order = {Node::Local};
      return applyStep(op, 0);
    }
    if (!r.ok()) {
      if (r.code() == "stale-generation" && !op->retried && r.generation() >= op->generation) {
        // The peer is further on than this node knew: go past it.
        op->retried = true;
        op->generation = r.generation() + 1;
        return validatePeer(op);
      }
      std::vector<v1::FieldViolation> violations;
      for (auto v : r.field_violations()) {
        v.set_description("peer: " + v.description());
        violations.push_back(std::move(v));
      }
      const unsigned status = r.code() == "invalid-config" ? 422 : 409;
      return finish(op, errorResult(status, r.code(),
                                    "The peer (" + op->peer.address() + ") refused the change: " +
                                        r.message() + "; nothing changed on either node.",
                                    std::move(violations)));
    }
    if (op->sync)
      op->order = {Node::Peer};
    else if (localGoesFirst())
      op->order = {Node::Local, Node::Peer};
    else
      op->order = {Node::Peer, Node::Local};
    applyStep(op, 0);
  });
}

void PairCoordinator::applyLocal(std::shared_ptr<Operation> op,
                                 std::function<void(ChangeResult)> done) {
  appliance_.replaceRunning(op->config, op->ifMatch, op->actor, std::move(done));
}

void PairCoordinator::sendChange(const v1::PeerChange& change,
                                 std::function<void(ChannelAnswer)> done) {
  const Peer p = peer();
  link_.call(p.address, p.port, "change", change.SerializeAsString(), options_.changeTimeout,
             std::move(done));
}

void PairCoordinator::applyStep(std::shared_ptr<Operation> op, std::size_t index) {
  if (index == op->order.size()) {
    std::string error;
    if (!generation_.advance(op->generation, error))
      log_->error("cannot persist the pair generation: {}", error);
    if (op->sync) op->local.set_ok(true);
    PairResult result;
    auto& resp = result.response;
    resp.set_etag(appliance_.running().etag);
    resp.set_generation(generation_.current());
    resp.set_config_fingerprint(configFingerprint(appliance_.running().config));
    op->local.set_etag(appliance_.running().etag);
    *resp.mutable_local() = op->local;
    *resp.mutable_peer() = op->peer;
    resp.set_message(sentenceOf(op->local) + "; " + sentenceOf(op->peer) + ".");
    result.message = resp.message();
    return finish(op, std::move(result));
  }
  const Node node = op->order[index];
  std::weak_ptr<bool> alive = alive_;
  if (node == Node::Local) {
    op->local.set_applied_first(index == 0 && op->order.size() > 1);
    return applyLocal(op, [this, alive, op, index](ChangeResult r) {
      if (alive.expired()) return;
      *op->local.mutable_outcome() = r.outcome;
      op->local.set_etag(r.etag);
      op->local.set_message(r.message);
      if (r.status == ChangeStatus::Ok) {
        op->local.set_ok(true);
        op->applied = index + 1;
        return applyStep(op, index + 1);
      }
      op->local.set_code(errorCodeOf(r.status));
      for (auto& v : toViolations(r.problems)) *op->local.add_field_violations() = v;
      revertFirst(op);
    });
  }
  op->peer.set_applied_first(index == 0 && op->order.size() > 1);
  v1::PeerChange change;
  change.set_generation(op->generation);
  *change.mutable_shared() = sharedPart(op->config);
  change.set_actor(op->actor.user);
  change.set_origin(op->sync ? "pair.sync" : "pair.apply");
  change.set_save(op->save);
  sendChange(change, [this, alive, op, index](ChannelAnswer answer) {
    if (alive.expired()) return;
    v1::PeerChangeResult r;
    const bool parsed = answer.reached && r.ParseFromString(answer.body);
    if (parsed) {
      *op->peer.mutable_outcome() = r.outcome();
      op->peer.set_etag(r.running_etag());
      op->peer.set_message(r.message());
    }
    if (parsed && r.ok()) {
      op->peer.set_ok(true);
      op->applied = index + 1;
      return applyStep(op, index + 1);
    }
    op->peer.set_code(parsed ? r.code() : "peer-unreachable");
    if (!parsed) op->peer.set_message(answer.reached ? "unreadable answer" : answer.error);
    for (auto v : r.field_violations()) {
      v.set_description("peer: " + v.description());
      *op->peer.add_field_violations() = v;
    }
    revertFirst(op);
  });
}

// The node applied first returns to its previous version; then the whole
// operation is answered as failed.
void PairCoordinator::revertFirst(std::shared_ptr<Operation> op) {
  auto fail = [this, op] {
    // Both nodes end on generation + 1 (the revert's), so neither the change
    // nor anything older can be replayed onto them.
    std::string error;
    if (op->applied > 0 && !generation_.advance(op->generation + 1, error))
      log_->error("cannot persist the pair generation: {}", error);
    std::vector<v1::FieldViolation> violations(op->local.field_violations().begin(),
                                               op->local.field_violations().end());
    violations.insert(violations.end(), op->peer.field_violations().begin(),
                      op->peer.field_violations().end());
    const std::string& code = !op->local.ok() && !op->local.code().empty() ? op->local.code()
                                                                            : op->peer.code();
    const unsigned status = code == "invalid-config" || code == "refused" ? 422
                            : code == "etag-mismatch" || code == "stale-generation" ? 409
                                                                                     : 503;
    finish(op, errorResult(status, code.empty() ? "apply-failed" : code,
                           "The pair change failed; " + sentenceOf(op->local) + "; " +
                               sentenceOf(op->peer) + ".",
                           std::move(violations)));
  };
  if (op->applied == 0) return fail();
  const Node first = op->order[0];
  std::weak_ptr<bool> alive = alive_;
  const Actor actor{op->actor.user, op->actor.address};
  if (first == Node::Local) {
    log_->warn("pair change failed on the peer: returning this node to etag {}", op->previousLocal.etag);
    // What this node runs now (the change), for the audit line's old_etag.
    const std::string changedEtag = appliance_.running().etag;
    return appliance_.replaceRunning(op->previousLocal.config, "", actor,
                                     [this, alive, op, fail, changedEtag](ChangeResult r) {
      if (alive.expired()) return;
      op->local.set_ok(false);
      op->local.set_reverted(r.status == ChangeStatus::Ok);
      if (r.status != ChangeStatus::Ok) {
        op->local.set_code("revert-failed");
        op->local.set_message(r.message);
      }
      op->local.set_etag(r.etag);
      audit_.record(op->actor, "pair.revert",
                    {{"node", "local"},
                     {"old_etag", changedEtag},
                     {"new_etag", appliance_.running().etag},
                     {"result", errorCodeOf(r.status)}});
      fail();
    });
  }
  log_->warn("pair change failed on this node: returning the peer to its previous version");
  v1::PeerChange change;
  change.set_generation(op->generation + 1);
  change.set_actor(op->actor.user);
  change.set_origin("pair.revert");
  change.set_revert(true);
  sendChange(change, [this, alive, op, fail](ChannelAnswer answer) {
    if (alive.expired()) return;
    v1::PeerChangeResult r;
    const bool ok = answer.reached && r.ParseFromString(answer.body) && r.ok();
    op->peer.set_ok(false);
    op->peer.set_reverted(ok);
    if (ok) op->peer.set_etag(r.running_etag());
    if (!ok) {
      // The catch-up returns it later: this node's generation is newer.
      op->peer.set_code("revert-failed");
      op->peer.set_message(answer.reached ? r.message() : answer.error);
    }
    fail();
  });
}

void PairCoordinator::finish(std::shared_ptr<Operation> op, PairResult result) {
  if (op_ == op) op_.reset();
  log_->info("pair {} generation {}: {}", op->sync ? "sync" : "change", op->generation,
             result.httpStatus == 200 ? result.message : result.code + ": " + result.message);
  auto done = std::move(op->done);
  if (done) done(std::move(result));
  evaluate();
  pollNow();
}

}  // namespace exlb::agent
