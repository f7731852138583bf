// Drain / ready / maintenance of one server: HAProxy's runtime API first,
// then the record in the running configuration (no reload).

#include "app/appliance_impl.h"

#include "app/wall_clock.h"
#include "exlb/common/defaults.h"
#include "render/haproxy_renderer.h"

namespace exlb::agent {

void ApplianceImpl::setServerState(std::string serverName, v1::ServerAdminState state, Actor actor,
                                   ChangeCallback done) {
  enqueue([this, serverName = std::move(serverName), state, actor = std::move(actor),
           done = std::move(done)](std::function<void()> next) mutable {
    applyServerState(std::move(serverName), state, std::move(actor),
                     [done = std::move(done), next](ChangeResult r) {
                       done(std::move(r));
                       next();
                     });
  });
}

void ApplianceImpl::applyServerState(std::string serverName, v1::ServerAdminState state,
                                     Actor actor, ChangeCallback done) {
  ChangeResult r;
  r.etag = store_.running().etag;
  if (state == v1::SERVER_ADMIN_STATE_UNSPECIFIED) {
    r.status = ChangeStatus::Invalid;
    r.message = "choose ready, drain or maint";
    return done(std::move(r));
  }
  v1::ApplianceConfig config = store_.running().config;
  bool found = false;
  v1::ServerAdminState before = v1::SERVER_ADMIN_STATE_READY;
  auto mark = [&](google::protobuf::RepeatedPtrField<v1::RealServer>& list, const char* prefix) {
    for (int i = 0; i < list.size(); ++i) {
      const std::string name =
          list[i].name().empty() ? prefix + std::to_string(i + 1) : list[i].name();
      if (name != serverName) continue;
      if (list[i].admin_state() != v1::SERVER_ADMIN_STATE_UNSPECIFIED)
        before = list[i].admin_state();
      list[i].set_admin_state(state);
      found = true;
    }
  };
  mark(*config.mutable_cas_servers(), "cas");
  mark(*config.mutable_smtp()->mutable_hub_servers(), "hub");
  if (!found) {
    r.status = ChangeStatus::NotFound;
    r.message = "no CAS or HUB server named '" + serverName + "'";
    return done(std::move(r));
  }
  // The runtime commands for every backend the server is in, on one CLI
  // line. Bringing a drained server back also restores its weight (a drained
  // server is rendered with weight 0 so a fresh start keeps it drained).
  auto commandsFor = [&](v1::ServerAdminState s) {
    std::vector<RuntimeApi::ServerChange> changes;
    for (const auto& b : renderedBackends(config))
      for (const auto& sv : b.servers)
        if (sv.name == serverName)
          changes.push_back({b.backend, sv.name, s,
                             s == v1::SERVER_ADMIN_STATE_READY ? kServerWeight : -1});
    return changes;
  };
  auto undo = commandsFor(before);
  auto outcome = std::make_shared<v1::ApplyOutcome>();
  outcome->set_apply_id("apply-" + std::to_string(++applySeq_));
  outcome->set_started_unix_ms(wallClockMs());
  outcome->set_reloaded(false);
  std::weak_ptr<bool> alive = alive_;
  // HAProxy first, the record second: the drain is what the administrator
  // waits for, and the store's atomic write (two fsyncs) would otherwise
  // delay it. If the record cannot be written, HAProxy is set back, so the
  // data plane never runs a state the store does not have.
  runtime_.setServers(commandsFor(state), [this, alive, state, outcome, config, serverName,
                                           actor, undo, done](bool, std::string refused) {
    if (alive.expired()) return;
    const auto previous = store_.running();
    std::string error;
    if (!store_.setRunning(config, actor.user, error)) {
      runtime_.setServers(undo, [](bool, std::string) {});
      ChangeResult failed;
      failed.status = ChangeStatus::Failed;
      failed.message = "cannot persist the configuration: " + error;
      failed.etag = store_.running().etag;
      return done(std::move(failed));
    }
    if (previous.etag != store_.running().etag)
      publishConfigChanged("running", store_.running().etag, previous.etag, actor,
                           &previous.config, &config);
    if (applied_) applied_ = config;
    outcome->set_config_etag(store_.running().etag);
    outcome->set_finished_unix_ms(wallClockMs());
    outcome->set_result(v1::APPLY_RESULT_APPLIED);
    outcome->set_message(refused.empty()
                             ? std::string("server ") + serverName + " set to " +
                                   runtimeStateWord(state) + " without a reload"
                             : "recorded; HAProxy will apply it at its next start (" +
                                   refused + ")");
    lastApply_ = *outcome;
    v1::Event e;
    *e.mutable_apply() = *outcome;
    publish(std::move(e));
    // Keep haproxy.cfg in step so a restart after a crash keeps the state.
    auto rendered = renderHaproxyConfig(config, renderContext(config));
    if (rendered.ok()) supervisor_.adopt(rendered.text);
    ChangeResult result;
    result.message = outcome->message();
    result.etag = store_.running().etag;
    result.outcome = *outcome;
    poll();
    return done(std::move(result));
  });
}

}  // namespace exlb::agent
