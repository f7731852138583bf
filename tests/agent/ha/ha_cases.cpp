#include "ha_cases.h"

#include "exlb/common/defaults.h"

namespace exlb::test {

v1::ApplianceConfig haConfig(v1::HaRole role, const std::string& peer) {
  auto c = defaultConfig();
  c.mutable_network()->set_address("198.18.0.1");
  c.mutable_network()->set_netmask("255.255.255.0");
  auto* ha = c.mutable_high_availability();
  ha->set_role(role);
  ha->set_virtual_address("198.18.0.10");
  ha->set_cluster_id(42);
  ha->set_peer_address(peer);
  return c;
}

std::vector<KeepalivedCase> keepalivedCases() {
  agent::KeepalivedRenderContext base;
  base.interface = "exa";
  base.runDir = "/run/exlb";
  std::vector<KeepalivedCase> cases;
  cases.push_back({"master-unicast", haConfig(v1::HA_ROLE_MASTER, "198.18.0.2"), base});
  cases.push_back({"backup-unicast", haConfig(v1::HA_ROLE_BACKUP, "198.18.0.2"), base});
  cases.push_back({"master-multicast", haConfig(v1::HA_ROLE_MASTER, ""), base});
  auto wide = haConfig(v1::HA_ROLE_BACKUP, "198.18.0.2");
  wide.mutable_network()->set_netmask("255.255.0.0");
  wide.mutable_high_availability()->set_cluster_id(255);
  cases.push_back({"backup-wide-subnet-id-255", wide, base});
  // keepalived's default timers: the failover benchmark's baseline.
  auto baseline = base;
  baseline.advertInterval = std::chrono::milliseconds(1000);
  baseline.preemptDelay = std::chrono::seconds(0);
  cases.push_back({"master-default-timers", haConfig(v1::HA_ROLE_MASTER, "198.18.0.2"), baseline});
  return cases;
}

}  // namespace exlb::test
