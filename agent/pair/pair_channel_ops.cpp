// The pair channel's server side of PairCoordinator: what this node answers
// its (pinned, authenticated) peer. Every change the peer asks for is
// checked against this node's generation first and leaves an audit line
// here, accepted or refused.
#include "api/change_result_http.h"
#include "exlb/common/validation.h"
#include "log/log.h"
#include "pair/config_split.h"
#include "pair/pair_coordinator.h"

namespace exlb::agent {

namespace {

unsigned statusOfCode(const std::string& code) {
  if (code == "stale-generation" || code == "pair-busy" || code == "nothing-to-revert" ||
      code == "generation-damaged" || code == "handover-busy" ||
      code == "etag-mismatch" || code == "not-paired")
    return 409;
  if (code == "invalid-config" || code == "refused" || code == "fingerprint-mismatch") return 422;
  if (code == "bad-request") return 400;
  return 503;
}

void replyResult(const ChannelReply& reply, const v1::PeerChangeResult& r) {
  reply(r.ok() ? 200 : statusOfCode(r.code()), r.SerializeAsString());
}

}  // namespace

void PairCoordinator::handleChannel(ChannelRequest request, ChannelReply reply) {
  if (request.op == "state") return answerState(std::move(reply));
  if (request.op == "change") return answerChange(request, std::move(reply));
  if (request.op == "save") return answerSave(request, std::move(reply));
  if (request.op == "release") return answerRelease(request, std::move(reply));
  if (request.op == "ticket-keys") return answerTicketKeys(request, std::move(reply));
  reply(404, "");
}

void PairCoordinator::answerState(ChannelReply reply) {
  const auto& running = appliance_.running();
  const auto mine = local();
  v1::PeerState s;
  s.set_hostname(running.config.network().hostname());
  s.set_role(mine.role);
  s.set_holds_virtual_address(mine.holdsVirtualAddress);
  s.set_keepalived_running(mine.keepalivedRunning);
  s.set_role_since_unix_ms(mine.roleSinceUnixMs);
  s.set_config_fingerprint(configFingerprint(running.config));
  s.set_saved_fingerprint(configFingerprint(appliance_.saved().config));
  s.set_generation(generation_.current());
  s.set_generation_damaged(generation_.damaged());
  s.set_running_etag(running.etag);
  const auto role = running.config.high_availability().role();
  s.set_ha_enabled(role == v1::HA_ROLE_MASTER || role == v1::HA_ROLE_BACKUP);
  s.set_ticket_ring_id(localTicketRingId());
  reply(200, s.SerializeAsString());
}

void PairCoordinator::answerChange(const ChannelRequest& request, ChannelReply reply) {
  v1::PeerChange change;
  v1::PeerChangeResult r;
  r.set_generation(generation_.current());
  if (!change.ParseFromString(request.body)) {
    r.set_code("bad-request");
    r.set_message("the change request could not be read");
    return replyResult(reply, r);
  }
  const Actor actor{change.actor().empty() ? "peer" : change.actor(), "pair:" + request.peerAddress};
  AuditFields fields{{"origin", change.origin()},
                     {"generation", std::to_string(change.generation())},
                     {"local_generation", std::to_string(generation_.current())}};
  const std::string action = change.validate_only() ? "pair.validate" : "pair.apply";
  auto refuse = [&](std::string code, std::string message) {
    r.set_code(code);
    r.set_message(message);
    fields.emplace_back("result", code);
    audit_.record(actor, action, fields);
    log_->warn("pair change from {} refused: {}", request.peerAddress, message);
    replyResult(reply, r);
  };
  // A node whose generation file was damaged cannot tell a replay from a
  // newer change: it takes only an administrator's sync (and validations),
  // which writes a new generation (docs/ha-pair.md).
  const bool adminSync = change.origin() == "pair.sync";
  if (generation_.damaged() && !adminSync && !change.validate_only()) {
    return refuse("generation-damaged",
                  "this node's pair generation is unknown (" + generation_.damage() +
                      "): it accepts only an administrator's sync (POST /api/v1/pair/sync)");
  }
  if (!generation_.damaged() && !generation_.accepts(change.generation())) {
    return refuse("stale-generation",
                  "generation " + std::to_string(change.generation()) +
                      " is not newer than this node's " + std::to_string(generation_.current()) +
                      ": an older configuration (a replay or a delayed message) is refused");
  }
  if (op_) return refuse("pair-busy", "this node is running a pair change of its own; try again");

  v1::ApplianceConfig config;
  if (change.revert()) {
    if (!beforePeerChange_ || peerChangeGeneration_ + 1 != change.generation())
      return refuse("nothing-to-revert", "this node has no change of generation " +
                                             std::to_string(change.generation() - 1) +
                                             " to return from");
    config = *beforePeerChange_;
  } else {
    config = mergeShared(change.shared(), appliance_.running().config);
  }
  const auto problems = validateConfig(config);
  if (hasErrors(problems)) {
    for (auto& v : toViolations(problems)) *r.add_field_violations() = v;
    return refuse("invalid-config", "the settings do not fit this node: " +
                                        std::to_string(r.field_violations_size()) +
                                        " problem(s), see the field violations");
  }
  if (change.validate_only()) {
    r.set_ok(true);
    r.set_message("valid on this node");
    r.set_config_fingerprint(configFingerprint(config));
    fields.emplace_back("result", "ok");
    audit_.record(actor, action, fields);
    return replyResult(reply, r);
  }

  const auto before = appliance_.running();
  const std::uint64_t generation = change.generation();
  const bool save = change.save();
  const bool revert = change.revert();
  std::weak_ptr<bool> alive = alive_;
  appliance_.replaceRunning(
      config, "", actor,
      [this, alive, reply, actor, fields, action, before, generation, save, revert,
       peerAddress = request.peerAddress](ChangeResult result) mutable {
        if (alive.expired()) return;
        v1::PeerChangeResult out;
        if (result.status != ChangeStatus::Ok) {
          out.set_code(errorCodeOf(result.status));
          out.set_message(result.message);
          for (auto& v : toViolations(result.problems)) *out.add_field_violations() = v;
        } else {
          std::string error;
          if (!generation_.advance(generation, error)) {
            log_->error("cannot persist the pair generation: {}", error);
          }
          // Kept so the peer can ask this node to return from this change.
          beforePeerChange_ = revert ? std::nullopt : std::optional(before.config);
          peerChangeGeneration_ = generation;
          out.set_ok(true);
          out.set_message(result.message);
        }
        *out.mutable_outcome() = result.outcome;
        out.set_generation(generation_.current());
        out.set_running_etag(appliance_.running().etag);
        out.set_config_fingerprint(configFingerprint(appliance_.running().config));
        fields.emplace_back("old_etag", before.etag);
        fields.emplace_back("new_etag", appliance_.running().etag);
        fields.emplace_back("areas", changedAreas(before.config, appliance_.running().config));
        fields.emplace_back("result", out.ok() ? "ok" : out.code());
        audit_.record(actor, action, fields);
        log_->info("pair change from {} (generation {}): {}", peerAddress, generation,
                   out.ok() ? "applied" : out.message());
        if (!out.ok() || !save) return replyResult(reply, out);
        appliance_.save(actor, [this, alive, reply, out, actor](ChangeResult saved) mutable {
          if (alive.expired()) return;
          audit_.record(actor, "pair.save", {{"result", errorCodeOf(saved.status)}});
          if (saved.status != ChangeStatus::Ok)
            out.set_message(out.message() + "; saving failed: " + saved.message);
          replyResult(reply, out);
        });
      });
}

void PairCoordinator::answerSave(const ChannelRequest& request, ChannelReply reply) {
  v1::PeerSave save;
  v1::PeerChangeResult r;
  r.set_generation(generation_.current());
  if (!save.ParseFromString(request.body)) {
    r.set_code("bad-request");
    return replyResult(reply, r);
  }
  const Actor actor{save.actor().empty() ? "peer" : save.actor(), "pair:" + request.peerAddress};
  // Saving is only asked for when both run the same shared settings; a
  // mismatch means this node changed meanwhile, and its running must not be
  // saved on the peer's word.
  if (save.config_fingerprint() != configFingerprint(appliance_.running().config)) {
    r.set_code("fingerprint-mismatch");
    r.set_message("this node's running settings are not the ones named");
    audit_.record(actor, "pair.save", {{"result", r.code()}});
    return replyResult(reply, r);
  }
  std::weak_ptr<bool> alive = alive_;
  appliance_.save(actor, [this, alive, reply, actor, r](ChangeResult saved) mutable {
    if (alive.expired()) return;
    audit_.record(actor, "pair.save", {{"result", errorCodeOf(saved.status)}});
    r.set_ok(saved.status == ChangeStatus::Ok);
    if (!r.ok()) r.set_code(errorCodeOf(saved.status));
    r.set_message(saved.message);
    r.set_running_etag(appliance_.running().etag);
    replyResult(reply, r);
  });
}

}  // namespace exlb::agent
