// The one change path (validate, render, check, persist, activate, keep or
// roll back) and the changes built on it: save, rollback, factory reset.

#include "app/appliance_impl.h"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "app/wall_clock.h"
#include "exlb/common/defaults.h"
#include "exlb/common/validation.h"
#include "ha/interface_addresses.h"
#include "ha/keepalived_renderer.h"
#include "log/log.h"
#include "render/haproxy_renderer.h"
#include "setup/self_signed_certificate.h"

namespace exlb::agent {

namespace {

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


}  // namespace

namespace fs = std::filesystem;

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

HaproxyRenderContext ApplianceImpl::renderContext(const v1::ApplianceConfig& config) const {
  HaproxyRenderContext context{options_.runDir, options_.certDir};
  if (pairPeersTls_) context.pairTls = pairPeersTls_(config);
  return context;
}

void ApplianceImpl::rerender(const std::string& why) {
  log_->info("rendering the running configuration again: {}", why);
  applyConfig(std::nullopt, "", {"agent", "local"}, true,
              [this, why](ChangeResult r) {
                if (r.status == ChangeStatus::Ok)
                  log_->info("rendered again for {}: {}", why, r.message);
                else
                  log_->error("rendering again for {} failed: {}", why, r.message);
              });
}

void ApplianceImpl::applyConfig(std::optional<v1::ApplianceConfig> given, std::string ifMatch,
                                Actor actor, bool force, ChangeCallback done) {
  enqueue([this, given = std::move(given), ifMatch = std::move(ifMatch),
           actor = std::move(actor), force,
           done = std::move(done)](std::function<void()> next) mutable {
    // No configuration given: the running one when this change's turn comes
    // (a re-render must not undo a change queued before it).
    const v1::ApplianceConfig config = given ? std::move(*given) : store_.running().config;
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
    const auto rendered = renderHaproxyConfig(config, renderContext(config));
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
      pending.set_started_unix_ms(wallClockMs());
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

}  // namespace exlb::agent
