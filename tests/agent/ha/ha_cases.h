#pragma once
// The high-availability configurations the HA tests render and run, with
// addresses of the test lab (198.18.0.0/15; netns_lab.h).

#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"
#include "ha/keepalived_renderer.h"

namespace exlb::test {

// A valid appliance configuration on 198.18.0.1/24 with HA `role`, virtual
// address 198.18.0.10, cluster id 42 and `peer` ("" for multicast).
v1::ApplianceConfig haConfig(v1::HaRole role, const std::string& peer);

struct KeepalivedCase {
  std::string name;  // golden file tests/agent/ha/golden/<name>.conf
  v1::ApplianceConfig config;
  agent::KeepalivedRenderContext context;
};

// Every shape of keepalived.conf the agent renders; the interface is the
// lab's ("exa") so each also passes `keepalived -t` inside the lab.
std::vector<KeepalivedCase> keepalivedCases();

}  // namespace exlb::test
