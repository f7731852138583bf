#pragma once
// What this node knows about its own VRRP state: the seam between the
// keepalived engine (agent/ha/, which produces it) and the pair logic
// (agent/pair/, which compares it with the peer's to raise split-brain and
// no-master alarms) and the status builder (which publishes it).
//
// Threading: produced and read on the agent's io_context thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "exlb/v1/status.pb.h"

namespace exlb::agent {

struct HaObservation {
  // DISABLED when the configuration has high availability off (then
  // keepalived is not running at all).
  v1::VrrpRole role = v1::VRRP_ROLE_DISABLED;
  // The virtual service address is configured on one of this node's
  // interfaces right now (what ARP answers, whatever keepalived believes).
  bool holdsVirtualAddress = false;
  bool keepalivedRunning = false;
  // Another VRRP speaker (not this node, not the configured peer) advertises
  // this cluster identifier on the segment; its source address, else empty.
  std::string foreignSpeaker;
  std::int64_t roleSinceUnixMs = 0;
};

// Something that can be asked for the current observation and tells when it
// changes (role change, address gained or lost, keepalived died...).
class HaObserver {
 public:
  virtual ~HaObserver() = default;
  virtual HaObservation observation() const = 0;
  // Called on every change, after observation() already returns the new value.
  virtual void onChange(std::function<void(const HaObservation&)> listener) = 0;
  // A planned handover (agent/pair/pair_handover.cpp): true makes this node
  // give the virtual address up at once, as an unhealthy node does (keepalived
  // FAULT: the address removed, a priority-0 advertisement, so the peer takes
  // over within its skew time); false lets it settle as backup again. A
  // release ends by itself after a bound, so a lost "false" cannot keep the
  // node out of the pair. False when this node cannot (keepalived not run).
  virtual bool setReleased(bool released) {
    (void)released;
    return false;
  }
};

}  // namespace exlb::agent
