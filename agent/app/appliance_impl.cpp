#include "app/appliance_impl.h"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "app/status_builder.h"
#include "exlb/common/defaults.h"
#include "exlb/common/validation.h"
#include "ha/ha_engine.h"
#include "ha/interface_addresses.h"
#include "ha/keepalived_renderer.h"
#include "log/log.h"
#include "pair/config_split.h"
#include "render/haproxy_renderer.h"
#include "setup/self_signed_certificate.h"

namespace exlb::agent {

namespace fs = std::filesystem;

namespace {

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string joinLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : "\n") + l;
  return out;
}

// Every certificate id a configuration's TLS-terminating modes use.
std::vector<std::string> certificateIds(const v1::ApplianceConfig& c) {
  std::vector<std::string> ids;
  auto add = [&](const std::string& id) {
    if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  if (c.http().mode() == v1::HTTP_MODE_SSL_OFFLOAD) add(c.http().certificate());
  auto mail = [&](v1::MailMode m, const std::string& id) {
    if (m == v1::MAIL_MODE_SSL_OFFLOAD || m == v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD) add(id);
  };
  mail(c.imap().mode(), c.imap().certificate());
  mail(c.pop3().mode(), c.pop3().certificate());
  mail(c.smtp().mode(), c.smtp().certificate());
  return ids;
}

std::vector<ProbeTarget> probesOf(const v1::ApplianceConfig& config) {
  std::vector<ProbeTarget> probes;
  // In a pair, listeners bind the virtual address on both nodes (transparent
  // bind); a connection to it from the node that does not hold it would test
  // the other node, or nothing. The new worker still has to answer.
  if (highAvailabilityEnabled(config) && !addressIsLocal(config.high_availability().virtual_address()))
    return probes;
  for (const auto& l : renderedListeners(config))
    probes.push_back({l.name, l.address, static_cast<std::uint16_t>(l.port)});
  return probes;
}

// Top-level fields that differ, for ConfigChanged.areas.
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

ApplianceImpl::ApplianceImpl(boost::asio::io_context& io, ConfigStore& store,
                             HaproxySupervisor& supervisor, ApplianceOptions options)
    : io_(io),
      store_(store),
      supervisor_(supervisor),
      runtime_(io, supervisor.statsSocket()),
      options_(std::move(options)),
      log_(moduleLogger("appliance")),
      pollTimer_(io) {
  supervisor_.setStatusListener([this] {
    if (ha_) ha_->setDataPlaneHealthy(supervisor_.serving());
    publishStatusIfChanged();
  });
}

ApplianceImpl::~ApplianceImpl() {
  *alive_ = false;
  supervisor_.setStatusListener(nullptr);
}

// ---- lifecycle -----------------------------------------------------------

void ApplianceImpl::start(std::optional<v1::ApplianceConfig> initial, Actor actor,
                          ChangeCallback done) {
  v1::ApplianceConfig config = initial ? std::move(*initial) : store_.running().config;
  // When HAProxy refuses the first configuration, high availability is still
  // put in place from it: keepalived runs with this node unhealthy (FAULT,
  // never holding the address), so the pair's roles and alarms stay true and
  // the peer keeps serving. Otherwise the node would take no part at all.
  std::weak_ptr<bool> alive = alive_;
  auto first = [this, alive, config, done = std::move(done)](ChangeResult r) {
    if (!alive.expired() && r.status != ChangeStatus::Ok && !applied_) {
      log_->error("the data plane did not start; high availability runs with this node "
                  "unhealthy (it will not hold the virtual address)");
      applyHa(config);
    }
    done(std::move(r));
  };
  applyConfig(std::move(config), "", std::move(actor), true, std::move(first));
  polling_ = true;
  poll();
}

void ApplianceImpl::stop() {
  polling_ = false;
  pollTimer_.cancel();
  listeners_.clear();
}

// ---- reads ---------------------------------------------------------------

VersionedConfig ApplianceImpl::running() const {
  return {store_.running().config, store_.running().etag};
}

VersionedConfig ApplianceImpl::saved() const { return {store_.saved().config, store_.saved().etag}; }

std::vector<SavedVersion> ApplianceImpl::savedVersions() const {
  std::vector<SavedVersion> out;
  for (const auto& v : store_.history()) out.push_back({v.id, v.etag, v.unix_ms, v.actor});
  return out;
}

v1::NodeStatus ApplianceImpl::status() const {
  const auto& config = store_.running().config;
  v1::NodeStatus s;
  s.set_hostname(config.network().hostname());
  s.set_agent_version(EXLB_VERSION);
  s.set_time_unix_ms(nowMs());
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

// ---- the change queue ----------------------------------------------------

void ApplianceImpl::enqueue(std::function<void(std::function<void()> next)> run) {
  queue_.push_back(std::move(run));
  if (!changing_) runNext();
}

void ApplianceImpl::runNext() {
  if (queue_.empty()) {
    changing_ = false;
    return;
  }
  changing_ = true;
  auto run = std::move(queue_.front());
  queue_.pop_front();
  std::weak_ptr<bool> alive = alive_;
  run([this, alive] {
    if (alive.expired()) return;
    boost::asio::post(io_, [this, alive] {
      if (!alive.expired()) runNext();
    });
  });
}

void ApplianceImpl::replaceRunning(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                                   ChangeCallback done) {
  applyConfig(std::move(config), std::move(ifMatch), std::move(actor), false, std::move(done));
}

bool ApplianceImpl::ensureCertificates(const v1::ApplianceConfig& config, std::string& error) {
  for (const auto& id : certificateIds(config)) {
    const fs::path file = options_.certDir / (id + ".pem");
    std::error_code ec;
    if (fs::exists(file, ec)) continue;
    if (id != kDefaultCertificateId) {
      error = "certificate '" + id + "' is not in the appliance's certificate store";
      return false;
    }
    // The appliance's own identity is made on first use, as the guide's
    // factory configuration expects a self-signed certificate.
    std::string host = config.http().host_name();
    if (host.empty()) host = config.network().hostname();
    if (!ensureSelfSignedCertificate(file, host, error)) return false;
    log_->info("created the self-signed certificate '{}' for {} in {}", id, host, file.string());
  }
  return true;
}

void ApplianceImpl::applyConfig(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                                bool force, ChangeCallback done) {
  enqueue([this, config = std::move(config), ifMatch = std::move(ifMatch),
           actor = std::move(actor), force, done = std::move(done)](std::function<void()> next) {
    auto refuse = [&](ChangeStatus status, std::string message, std::vector<Problem> problems) {
      ChangeResult r;
      r.status = status;
      r.message = std::move(message);
      r.problems = std::move(problems);
      r.etag = store_.running().etag;
      log_->warn("change by {} refused: {}", actor.user, r.message);
      done(std::move(r));
      next();
    };
    if (!ifMatch.empty() && ifMatch != store_.running().etag)
      return refuse(ChangeStatus::EtagMismatch,
                    "the configuration was changed by someone else meanwhile (etag " +
                        store_.running().etag + "); reload it and apply again",
                    {});
    auto problems = validateConfig(config);
    if (hasErrors(problems))
      return refuse(ChangeStatus::Invalid, "the configuration has errors", std::move(problems));
    std::string error;
    if (!ensureCertificates(config, error)) return refuse(ChangeStatus::Refused, error, problems);
    const auto rendered =
        renderHaproxyConfig(config, {options_.runDir, options_.certDir});
    if (!rendered.ok())
      return refuse(ChangeStatus::Refused, joinLines(rendered.errors), std::move(problems));
    const std::string etag = ConfigStore::etagOf(config);
    if (!force && applied_ && ConfigStore::etagOf(*applied_) == etag &&
        store_.running().etag == etag) {
      ChangeResult r;
      r.message = "no change";
      r.problems = std::move(problems);
      r.etag = etag;
      r.outcome = lastApply_;
      done(std::move(r));
      return next();
    }
    supervisor_.check(rendered.text, [this, config, actor, problems, done, next, refuse](
                                         bool ok, fs::path candidate, std::string message) mutable {
      if (!ok) return refuse(ChangeStatus::Refused, message, std::move(problems));
      const auto previous = store_.running();
      std::string storeError;
      if (!store_.setRunning(config, actor.user, storeError)) {
        std::error_code ignored;
        fs::remove(candidate, ignored);
        return refuse(ChangeStatus::Failed, "cannot persist the configuration: " + storeError,
                      std::move(problems));
      }
      if (previous.etag != store_.running().etag)
        publishConfigChanged("running", store_.running().etag, previous.etag, actor,
                             &previous.config, &config);
      const std::uint64_t seq = ++persistSeq_;
      const std::string applyId = "apply-" + std::to_string(++applySeq_);
      v1::ApplyOutcome pending;
      pending.set_apply_id(applyId);
      pending.set_config_etag(store_.running().etag);
      pending.set_result(v1::APPLY_RESULT_PENDING);
      pending.set_started_unix_ms(nowMs());
      lastApply_ = pending;
      v1::Event e;
      *e.mutable_apply() = pending;
      publish(std::move(e));
      log_->info("{}: {} by {} ({})", applyId, store_.running().etag, actor.user, actor.address);
      std::weak_ptr<bool> alive = alive_;
      supervisor_.activate(candidate, probesOf(config), applyId, store_.running().etag,
                           [this, alive, seq, config, actor, problems,
                            done](v1::ApplyOutcome outcome) {
                             if (alive.expired()) return;
                             ChangeResult r;
                             r.problems = problems;
                             onApplied(seq, config, actor, std::move(outcome), std::move(r), done);
                           });
      next();
    });
  });
}

void ApplianceImpl::onApplied(std::uint64_t seq, const v1::ApplianceConfig& config, Actor actor,
                              v1::ApplyOutcome outcome, ChangeResult result, ChangeCallback done) {
  lastApply_ = outcome;
  v1::Event e;
  *e.mutable_apply() = outcome;
  publish(std::move(e));
  result.outcome = outcome;
  result.message = outcome.message();
  if (outcome.result() == v1::APPLY_RESULT_APPLIED) {
    applied_ = config;
    applyHa(config);
    result.status = ChangeStatus::Ok;
  } else {
    result.status = outcome.result() == v1::APPLY_RESULT_REFUSED ? ChangeStatus::Refused
                                                                 : ChangeStatus::Failed;
    // The store follows the data plane back, unless a newer change has been
    // persisted meanwhile (its own outcome decides then).
    if (seq == persistSeq_ && applied_) {
      const auto previous = store_.running();
      std::string error;
      if (store_.setRunning(*applied_, "rollback", error)) {
        publishConfigChanged("running", store_.running().etag, previous.etag,
                             {"rollback", actor.address}, &previous.config, &*applied_);
      } else {
        log_->error("cannot restore the running configuration after a rollback: {}", error);
      }
    }
  }
  result.etag = store_.running().etag;
  publishStatusIfChanged();
  done(std::move(result));
}

// ---- other changes -------------------------------------------------------

void ApplianceImpl::save(Actor actor, ChangeCallback done) {
  enqueue([this, actor = std::move(actor), done = std::move(done)](std::function<void()> next) {
    const std::string previous = store_.saved().etag;
    std::string error;
    ChangeResult r;
    if (!store_.save(actor.user, error)) {
      r.status = ChangeStatus::Failed;
      r.message = "cannot save: " + error;
    } else {
      r.message = "saved";
      if (previous != store_.saved().etag)
        publishConfigChanged("saved", store_.saved().etag, previous, actor, nullptr, nullptr);
    }
    r.etag = store_.running().etag;
    done(std::move(r));
    next();
  });
}

void ApplianceImpl::rollback(std::string versionId, Actor actor, ChangeCallback done) {
  auto version = store_.findVersion(versionId);
  if (!version) {
    ChangeResult r;
    r.status = ChangeStatus::NotFound;
    r.message = "no saved version '" + versionId + "'";
    r.etag = store_.running().etag;
    boost::asio::post(io_, [r, done = std::move(done)] { done(r); });
    return;
  }
  applyConfig(version->config, "", std::move(actor), false, std::move(done));
}

void ApplianceImpl::factoryReset(Actor actor, ChangeCallback done) {
  // The guide's defaults for every area, except how the appliance is
  // reached (network, high availability, management): resetting those from
  // afar would cut the administrator off.
  const auto& current = store_.running().config;
  v1::ApplianceConfig config = defaultConfig();
  *config.mutable_network() = current.network();
  *config.mutable_high_availability() = current.high_availability();
  *config.mutable_management() = current.management();
  applyConfig(std::move(config), "", std::move(actor), false, std::move(done));
}

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
  outcome->set_started_unix_ms(nowMs());
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
    outcome->set_finished_unix_ms(nowMs());
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
    auto rendered = renderHaproxyConfig(config, {options_.runDir, options_.certDir});
    if (rendered.ok()) supervisor_.adopt(rendered.text);
    ChangeResult result;
    result.message = outcome->message();
    result.etag = store_.running().etag;
    result.outcome = *outcome;
    poll();
    return done(std::move(result));
  });
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
  event.set_time_unix_ms(nowMs());
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
  std::string bytes;
  digest.SerializeToString(&bytes);
  if (bytes == lastStatusDigest_) return;
  lastStatusDigest_ = std::move(bytes);
  if (listeners_.empty()) return;
  v1::Event e;
  *e.mutable_status() = std::move(s);
  publish(std::move(e));
}

// ---- high availability ---------------------------------------------------

void ApplianceImpl::setHaEngine(HaEngine* engine) {
  ha_ = engine;
  if (!ha_) return;
  std::weak_ptr<bool> alive = alive_;
  ha_->onChange([this, alive](const HaObservation& o) {
    if (!alive.expired()) onHaChange(o);
  });
}

void ApplianceImpl::applyHa(const v1::ApplianceConfig& config) {
  if (!ha_) return;
  ha_->setDataPlaneHealthy(supervisor_.serving());
  std::weak_ptr<bool> alive = alive_;
  ha_->apply(config, [this, alive](bool ok, std::string message) {
    if (alive.expired()) return;
    if (ok)
      log_->info("high availability: {}", message);
    else
      log_->error("high availability: {}", message);
    publishStatusIfChanged();
  });
}

void ApplianceImpl::onHaChange(const HaObservation& o) {
  if (o.role != lastRole_) {
    v1::Event e;
    e.mutable_role_changed()->set_previous(lastRole_);
    e.mutable_role_changed()->set_current(o.role);
    log_->info("VRRP role {} -> {}", v1::VrrpRole_Name(lastRole_), v1::VrrpRole_Name(o.role));
    lastRole_ = o.role;
    publish(std::move(e));
  }
  publishStatusIfChanged();
}

}  // namespace exlb::agent
