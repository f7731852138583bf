#pragma once
// Pure: HAProxy's `show stat` rows + what the renderer planned -> the
// services and listeners of NodeStatus. No I/O; unit-tested with captured rows.

#include <vector>

#include "exlb/v1/config.pb.h"
#include "exlb/v1/status.pb.h"
#include "render/haproxy_renderer.h"
#include "supervise/haproxy_cli_parse.h"

namespace exlb::agent {

// One ServiceStatus per rendered backend, in the renderer's order, with the
// health and counters of each of its servers. Rows missing (HAProxy not
// running yet) leave the counters at zero and health UNSPECIFIED.
std::vector<v1::ServiceStatus> buildServices(const std::vector<StatRow>& rows,
                                             const std::vector<RenderedBackend>& backends,
                                             const v1::ApplianceConfig& config);

// One ListenerStatus per rendered listener; `accepting` from the frontend's
// row (status OPEN).
std::vector<v1::ListenerStatus> buildListeners(const std::vector<StatRow>& rows,
                                               const std::vector<RenderedListener>& listeners);

// HAProxy's server status word ("UP", "DOWN 1/2", "DRAIN", "MAINT", "no check")
// as a ServerHealth.
v1::ServerHealth healthOf(const std::string& status);

}  // namespace exlb::agent
