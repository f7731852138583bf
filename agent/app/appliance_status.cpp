// The status snapshot, its polling of HAProxy's statistics, and the events.

#include "app/appliance_impl.h"

#include "app/status_builder.h"
#include "app/wall_clock.h"
#include "ha/ha_engine.h"
#include "pair/config_split.h"
#include "render/haproxy_renderer.h"

namespace exlb::agent {

namespace {

v1::StickReplication toStatus(PairReplication r) {
  switch (r) {
    case PairReplication::None: return v1::STICK_REPLICATION_NONE;
    case PairReplication::Clear: return v1::STICK_REPLICATION_CLEAR;
    case PairReplication::Tls: return v1::STICK_REPLICATION_TLS;
  }
  return v1::STICK_REPLICATION_UNSPECIFIED;
}

std::vector<std::string> changedAreas(const v1::ApplianceConfig& a, const v1::ApplianceConfig& b) {
  std::vector<std::string> areas;
  const auto* d = v1::ApplianceConfig::descriptor();
  const auto* r = v1::ApplianceConfig::GetReflection();
  for (int i = 0; i < d->field_count(); ++i) {
    // Compare the two configurations reduced to this one field.
    v1::ApplianceConfig ta = a, tb = b;
    for (int k = 0; k < d->field_count(); ++k) {
      if (k == i) continue;
      r->ClearField(&ta, d->field(k));
      r->ClearField(&tb, d->field(k));
    }
    if (ta.SerializeAsString() != tb.SerializeAsString()) areas.push_back(d->field(i)->name());
  }
  return areas;
}

}  // namespace

v1::NodeStatus ApplianceImpl::status() const {
  const auto& config = store_.running().config;
  v1::NodeStatus s;
  s.set_hostname(config.network().hostname());
  s.set_agent_version(EXLB_VERSION);
  s.set_time_unix_ms(wallClockMs());
  s.set_uptime_seconds(std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::steady_clock::now() - startedAt_)
                           .count());
  s.set_running_etag(store_.running().etag);
  s.set_saved_etag(store_.saved().etag);
  s.set_config_fingerprint(configFingerprint(config));
  s.set_vrrp_role(ha_ ? ha_->observation().role
                      : config.high_availability().role() == v1::HA_ROLE_DISABLED
                          ? v1::VRRP_ROLE_DISABLED
                          : v1::VRRP_ROLE_UNSPECIFIED);
  const auto engine = supervisor_.status();
  *s.add_engines() = engine;
  if (ha_)
    if (auto keepalived = ha_->engineStatus()) *s.add_engines() = *keepalived;
  if (ha_)
    if (auto counters = ha_->filterCounters()) *s.mutable_vrrp_filter() = *counters;
  s.set_stick_replication(toStatus(renderedPairReplication(config, renderContext(config).pairTls)));
  const std::vector<StatRow> none;
  const auto& rows = statsOk_ && supervisor_.serving() ? stats_ : none;
  for (auto& l : buildListeners(rows, renderedListeners(config))) *s.add_listeners() = l;
  for (auto& svc : buildServices(rows, renderedBackends(config), config)) *s.add_services() = svc;
  *s.mutable_last_apply() = lastApply_;
  if (engine.state() != v1::ENGINE_STATE_RUNNING) {
    auto* a = s.add_alarms();
    a->set_code("engine-down");
    a->set_severity(v1::ALARM_SEVERITY_CRITICAL);
    a->set_message("HAProxy is not running (" + v1::EngineState_Name(engine.state()) +
                   "): no traffic is being balanced.");
  }
  if (lastApply_.result() == v1::APPLY_RESULT_ROLLED_BACK) {
    auto* a = s.add_alarms();
    a->set_code("apply-rolled-back");
    a->set_severity(v1::ALARM_SEVERITY_WARNING);
    a->set_message("The last change was rolled back: " + lastApply_.message());
    a->set_since_unix_ms(lastApply_.finished_unix_ms());
  }
  if (ha_)
    for (auto& a : ha_->alarms()) *s.add_alarms() = a;
  for (const auto& w : store_.startupWarnings()) {
    auto* a = s.add_alarms();
    a->set_code("store-damaged");
    a->set_severity(v1::ALARM_SEVERITY_WARNING);
    a->set_message(w);
  }
  for (const auto& contribute : contributors_) contribute(s);
  return s;
}

void ApplianceImpl::addStatusContributor(StatusContributor contributor) {
  contributors_.push_back(std::move(contributor));
}

// ---- status and events ---------------------------------------------------

void ApplianceImpl::poll() {
  if (!polling_) return;
  pollTimer_.cancel();
  std::weak_ptr<bool> alive = alive_;
  auto schedule = [this, alive] {
    if (alive.expired() || !polling_) return;
    pollTimer_.expires_after(options_.statusInterval);
    pollTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
      if (!ec && !alive.expired()) poll();
    });
  };
  if (!supervisor_.serving()) {
    statsOk_ = false;
    publishStatusIfChanged();
    return schedule();
  }
  runtime_.showStat([this, alive, schedule](bool ok, std::string, std::vector<StatRow> rows) {
    if (alive.expired()) return;
    statsOk_ = ok;
    if (ok) stats_ = std::move(rows);
    publishStatusIfChanged();
    schedule();
  });
}

std::uint64_t ApplianceImpl::subscribe(EventListener listener) {
  const auto id = nextListenerId_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void ApplianceImpl::unsubscribe(std::uint64_t id) { listeners_.erase(id); }

void ApplianceImpl::publish(v1::Event event) {
  event.set_time_unix_ms(wallClockMs());
  event.set_sequence(++eventSeq_);
  // A listener may unsubscribe (itself or another) while being called.
  const auto snapshot = listeners_;
  for (const auto& [id, listener] : snapshot)
    if (listeners_.count(id)) listener(event);
}

void ApplianceImpl::publishConfigChanged(const std::string& which, const std::string& etag,
                                         const std::string& previous, const Actor& actor,
                                         const v1::ApplianceConfig* before,
                                         const v1::ApplianceConfig* after) {
  v1::Event e;
  auto* c = e.mutable_config_changed();
  c->set_which(which);
  c->set_etag(etag);
  c->set_previous_etag(previous);
  c->set_actor(actor.user);
  if (before && after)
    for (auto& a : changedAreas(*before, *after)) c->add_areas(a);
  publish(std::move(e));
}

void ApplianceImpl::publishStatusIfChanged() {
  auto s = status();
  v1::NodeStatus digest = s;
  digest.clear_time_unix_ms();
  digest.clear_uptime_seconds();
  // The peer's adverts are counted ten times a second on a healthy pair: they
  // alone must not wake every console and web page once a second. A dropped
  // advert (another speaker) still publishes at once.
  if (digest.has_vrrp_filter()) digest.mutable_vrrp_filter()->clear_peer_adverts();
  std::string bytes;
  digest.SerializeToString(&bytes);
  if (bytes == lastStatusDigest_) return;
  lastStatusDigest_ = std::move(bytes);
  if (listeners_.empty()) return;
  v1::Event e;
  *e.mutable_status() = std::move(s);
  publish(std::move(e));
}

}  // namespace exlb::agent
