#include "app/keepalived_engine_control.h"

namespace exlb::agent {

v1::EngineStatus KeepalivedEngineControl::status() const {
  if (auto s = engine_.engineStatus()) return *s;
  v1::EngineStatus none;  // high availability off (or keepalived not run)
  none.set_name("keepalived");
  none.set_state(v1::ENGINE_STATE_STOPPED);
  return none;
}

void KeepalivedEngineControl::start(Done done) {
  if (!engine_.held() && engine_.engineStatus() &&
      engine_.engineStatus()->state() == v1::ENGINE_STATE_RUNNING)
    return done(true, "keepalived was already running");
  engine_.unhold(std::move(done));
}

void KeepalivedEngineControl::stop(Done done) { engine_.hold(std::move(done)); }

void KeepalivedEngineControl::restart(Done done) {
  engine_.hold([this, done = std::move(done)](bool ok, std::string message) {
    if (!ok) return done(false, message);
    engine_.unhold(done);
  });
}

void KeepalivedEngineControl::reload(Done done) { engine_.reload(std::move(done)); }

}  // namespace exlb::agent
