#pragma once
// The Services tab's vrrp row over the HA engine: start/stop hold keepalived
// stopped or let it run again (the agent stays up, and nothing restarts a
// keepalived an administrator stopped), restart is both, reload is a SIGHUP
// (keepalived keeps its VRRP state: the roles do not flip). Stopping the
// master's keepalived hands the virtual address to the peer (priority 0).

#include "api/engine_control.h"
#include "ha/ha_engine.h"

namespace exlb::agent {

class KeepalivedEngineControl final : public EngineControl {
 public:
  explicit KeepalivedEngineControl(HaEngine& engine) : engine_(engine) {}

  v1::EngineStatus status() const override;
  bool heldByAdmin() const override { return engine_.held(); }
  void start(Done done) override;
  void stop(Done done) override;
  void restart(Done done) override;
  void reload(Done done) override;

 private:
  HaEngine& engine_;
};

}  // namespace exlb::agent
