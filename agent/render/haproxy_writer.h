#pragma once
// A checked plan -> the text of haproxy.cfg. Every value in the plan has been
// checked by the planner; the paths are checked by the caller.

#include <cstdint>
#include <string>

#include "render/haproxy_plan.h"

namespace exlb::agent::haproxy_writer {

struct Paths {
  std::string statsSocket;      // absolute, checked
  std::string serverStateFile;  // absolute, checked
  std::string certDir;          // absolute, checked, no trailing slash
  std::string ticketKeysFile;   // absolute, checked (the supervisor keeps it)
  std::uint16_t pairPeersPort = 0;  // peers section shared with the other node
  std::string localPeersSocket;     // absolute, checked: old worker -> new worker
  // When the plan's pair section runs over TLS: absolute, checked.
  std::string pairIdentityFile;  // this node's certificate then key
  std::string pairTrustFile;     // the peer's certificate then this node's own
};

std::string write(const haproxy_plan::Plan& plan, const Paths& paths);

// "25s", "5m", "8h": HAProxy's time format, in the largest exact unit.
std::string duration(std::uint32_t seconds);

}  // namespace exlb::agent::haproxy_writer
