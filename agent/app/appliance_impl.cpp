// The appliance's lifecycle, reads, change queue and high availability.
// Its other parts: appliance_changes.cpp (the change path),
// appliance_server_state.cpp (drain/ready/maint), appliance_status.cpp
// (status and events).

#include "app/appliance_impl.h"

#include <boost/asio/post.hpp>

#include "ha/ha_engine.h"
#include "log/log.h"

namespace exlb::agent {

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
