// HaproxySupervisor: a checked candidate becomes the running configuration.
// Activations that arrive while a reload is in flight are coalesced into one
// reload; a lone change starts at once. After the reload the new
// generation is probed; a failure restores the last-known-good file.
#include <boost/asio/post.hpp>

#include "log/log.h"
#include "supervise/haproxy_supervisor.h"
#include "supervise/haproxy_supervisor_detail.h"
#include "supervise/run_dir_file.h"

namespace exlb::agent {

namespace fs = std::filesystem;
using namespace supervisor_detail;

void HaproxySupervisor::activate(fs::path candidate, std::vector<ProbeTarget> probes,
                                 std::string applyId, std::string etag, ApplyCallback done) {
  Waiter waiter{std::move(applyId), std::move(etag), nowMs(), std::move(done)};
  if (stopping_) {
    v1::ApplyOutcome o;
    o.set_apply_id(waiter.applyId);
    o.set_config_etag(waiter.etag);
    o.set_result(v1::APPLY_RESULT_REFUSED);
    o.set_message("the agent is stopping");
    boost::asio::post(io_, [o, cb = std::move(waiter.done)] { cb(o); });
    return;
  }
  if (held_ && !busy_) {
    Pending now{std::move(candidate), std::move(probes), {}};
    now.waiters.push_back(std::move(waiter));
    installHeld(std::move(now));
    return;
  }
  if (pending_) {
    // Coalesced: only the newest configuration is loaded, and every waiter
    // learns the outcome of that one reload.
    log_->info("apply {} coalesced with {} waiting change(s)", waiter.applyId,
               pending_->waiters.size());
    std::error_code ignored;
    if (pending_->candidate != candidate) fs::remove(pending_->candidate, ignored);
    pending_->candidate = std::move(candidate);
    pending_->probes = std::move(probes);
    pending_->waiters.push_back(std::move(waiter));
  } else {
    pending_ = Pending{std::move(candidate), std::move(probes), {}};
    pending_->waiters.push_back(std::move(waiter));
  }
  if (!busy_) scheduleActivation();
}

void HaproxySupervisor::scheduleActivation() {
  coalesceTimer_.expires_after(options_.coalesceWindow);
  std::weak_ptr<bool> alive = alive_;
  coalesceTimer_.async_wait([this, alive](const boost::system::error_code& ec) {
    if (!ec && !alive.expired()) runActivation();
  });
}

void HaproxySupervisor::runActivation() {
  if (busy_ || !pending_ || stopping_) return;
  if (held_) {
    auto p = std::move(*pending_);
    pending_.reset();
    return installHeld(std::move(p));
  }
  busy_ = true;
  auto p = std::make_shared<Pending>(std::move(*pending_));
  pending_.reset();
  log_->info("apply {}: loading {}", p->waiters.back().applyId, p->candidate.filename().string());

  auto rollback = [this, p](std::string why) {
    if (stopping_) return finishActivation(std::move(*p), v1::APPLY_RESULT_REFUSED, why);
    if (!haveLastGood_) {
      if (masterPid_ == 0)
        return finishActivation(std::move(*p), v1::APPLY_RESULT_REFUSED,
                                "HAProxy could not start with this configuration: " + why);
      // Nothing better is known: keep serving what does work.
      return finishActivation(std::move(*p), v1::APPLY_RESULT_APPLIED,
                              "applied, but the probe failed: " + why);
    }
    log_->error("apply {}: {}; restoring the last-known-good configuration",
                p->waiters.back().applyId, why);
    installAndLoad(options_.runDir / "haproxy.last-good.cfg",
                   [this, p, why](bool ok, std::string msg) {
                     auto finish = [this, p, why](bool restored, std::string m) {
                       finishActivation(std::move(*p), v1::APPLY_RESULT_ROLLED_BACK,
                                        why + (restored ? "; the last-known-good configuration "
                                                          "was restored"
                                                        : "; restoring the last-known-good "
                                                          "configuration also failed: " + m));
                     };
                     if (!ok) return finish(false, msg);
                     probe(lastGoodProbes_, finish);
                   });
  };

  installAndLoad(p->candidate, [this, p, rollback](bool ok, std::string msg) {
    if (!ok) return rollback(msg);
    probe(p->probes, [this, p, rollback](bool probed, std::string why) {
      if (!probed) return rollback(why);
      std::string error;
      if (copyRunFile(p->candidate, options_.runDir / "haproxy.last-good.cfg", error)) {
        haveLastGood_ = true;
        lastGoodProbes_ = p->probes;
      } else {
        log_->error("cannot keep the last-known-good configuration: {}", error);
      }
      finishActivation(std::move(*p), v1::APPLY_RESULT_APPLIED, "applied");
    });
  });
}

void HaproxySupervisor::installHeld(Pending p) {
  // Checked by `haproxy -c` already; it loads when HAProxy is started.
  std::string error;
  const bool ok = copyRunFile(p.candidate, options_.runDir / "haproxy.cfg", error);
  std::error_code ignored;
  fs::remove(p.candidate, ignored);
  const auto finished = nowMs();
  for (auto& w : p.waiters) {
    v1::ApplyOutcome o;
    o.set_apply_id(w.applyId);
    o.set_config_etag(w.etag);
    o.set_result(ok ? v1::APPLY_RESULT_APPLIED : v1::APPLY_RESULT_REFUSED);
    o.set_message(ok ? "stored; HAProxy is stopped (Services tab) and loads this configuration "
                       "when it is started"
                     : error);
    o.set_started_unix_ms(w.startedMs);
    o.set_finished_unix_ms(finished);
    o.set_reloaded(false);
    log_->info("apply {}: {}", w.applyId, o.message());
    if (w.done) w.done(o);
  }
}

void HaproxySupervisor::adopt(const std::string& text) {
  if (busy_ || pending_ || stopping_) return;
  std::string error;
  if (!writeRunFile(options_.runDir / "haproxy.cfg", text, error) ||
      (haveLastGood_ && !writeRunFile(options_.runDir / "haproxy.last-good.cfg", text, error)))
    log_->error("cannot record the runtime change in the configuration file: {}", error);
}

void HaproxySupervisor::finishActivation(Pending p, v1::ApplyResult result, std::string message) {
  std::error_code ignored;
  fs::remove(p.candidate, ignored);
  busy_ = false;
  const auto finished = nowMs();
  for (auto& w : p.waiters) {
    v1::ApplyOutcome o;
    o.set_apply_id(w.applyId);
    o.set_config_etag(w.etag);
    o.set_result(result);
    o.set_message(message);
    o.set_started_unix_ms(w.startedMs);
    o.set_finished_unix_ms(finished);
    o.set_reloaded(true);
    if (result == v1::APPLY_RESULT_APPLIED)
      log_->info("apply {}: {}", w.applyId, message);
    else
      log_->error("apply {}: {} ({})", w.applyId, v1::ApplyResult_Name(result), message);
    if (w.done) w.done(o);
  }
  if (stopping_) return;
  if (masterPid_ == 0) scheduleRestart();
  if (pending_) scheduleActivation();
}

void HaproxySupervisor::installAndLoad(const fs::path& source, StepCallback done) {
  if (stopping_) return done(false, "the agent is stopping");
  if (held_) return done(false, "HAProxy was stopped by an administrator");
  std::string error;
  if (!copyRunFile(source, options_.runDir / "haproxy.cfg", error)) return done(false, error);
  if (masterPid_ != 0)
    reloadMaster(std::move(done));
  else
    startMaster(std::move(done));
}

void HaproxySupervisor::probe(const std::vector<ProbeTarget>& probes, StepCallback done) {
  probeListeners(io_, probes, options_.probeTimeout,
                 [done = std::move(done)](std::vector<ProbeResult> results) {
                   std::string failed;
                   for (const auto& r : results) {
                     if (r.accepting) continue;
                     if (!failed.empty()) failed += ", ";
                     failed += r.name + " (" + r.error + ")";
                   }
                   if (failed.empty()) return done(true, "");
                   done(false, "listeners not accepting connections: " + failed);
                 });
}

}  // namespace exlb::agent
