// HaproxySupervisor: stopping for good (the agent exits) and the Services
// tab's verbs: hold (stop, and stay stopped), release (start again) and
// reload of haproxy.cfg as it is.
#include <boost/asio/post.hpp>

#include "supervise/haproxy_supervisor.h"
#include "supervise/haproxy_supervisor_detail.h"

namespace exlb::agent {

namespace fs = std::filesystem;
using namespace supervisor_detail;

void HaproxySupervisor::stop(std::function<void()> done) {
  stopping_ = true;
  coalesceTimer_.cancel();
  restartTimer_.cancel();
  ticketTimer_.cancel();
  if (pending_) {
    auto p = std::move(*pending_);
    pending_.reset();
    for (auto& w : p.waiters) {
      v1::ApplyOutcome o;
      o.set_apply_id(w.applyId);
      o.set_config_etag(w.etag);
      o.set_result(v1::APPLY_RESULT_REFUSED);
      o.set_message("the agent is stopping");
      if (w.done) w.done(o);
    }
  }
  stopMaster(std::move(done));
}

void HaproxySupervisor::hold(std::function<void()> done) {
  held_ = true;
  restartTimer_.cancel();
  if (pending_ && !busy_) {
    coalesceTimer_.cancel();
    auto p = std::move(*pending_);
    pending_.reset();
    installHeld(std::move(p));
  }
  stopMaster(std::move(done));
}

void HaproxySupervisor::release(ResultCallback done) {
  auto answer = [this, done](bool ok, std::string message) {
    boost::asio::post(io_, [done, ok, message] { done(ok, message); });
  };
  if (stopping_) return answer(false, "the agent is stopping");
  if (stop_.underWay()) return answer(false, "HAProxy is still stopping; try again in a moment");
  held_ = false;
  if (masterPid_ != 0) return answer(true, "HAProxy is already running");
  if (busy_) return answer(false, "a configuration change is in progress; try again");
  busy_ = true;
  startMaster([this, done](bool ok, std::string message) {
    busy_ = false;
    if (!ok && masterPid_ == 0) held_ = true;  // stays stopped until someone starts it again
    if (pending_) scheduleActivation();
    done(ok, ok ? "HAProxy started (pid " + std::to_string(masterPid_) + ")"
                : "HAProxy could not start: " + message);
  });
}

void HaproxySupervisor::reloadNow(ResultCallback done) {
  auto answer = [this, done](bool ok, std::string message) {
    boost::asio::post(io_, [done, ok, message] { done(ok, message); });
  };
  if (masterPid_ == 0 || held_) return answer(false, "HAProxy is not running; start it instead");
  if (busy_ || pending_)
    return answer(false, "a configuration change is being applied and reloads HAProxy already");
  busy_ = true;
  reloadMaster([this, done](bool ok, std::string message) {
    busy_ = false;
    if (pending_) scheduleActivation();
    done(ok, ok ? "HAProxy reloaded seamlessly" : "the reload failed: " + message);
  });
}

}  // namespace exlb::agent
