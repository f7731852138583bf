#pragma once
// Configuration -> keepalived.conf: a pure function, no I/O, deterministic
// (the same configuration and context give the same bytes). Why the file says
// what it says (timers, preemption, tracking, unicast) is in docs/ha.md.
//
// Like the HAProxy renderer it trusts nothing: every value that reaches the
// file is checked against a whitelist (addresses parse as strict IPv4 and are
// written back in canonical form, the interface name and paths are checked),
// and a configuration it cannot render exactly yields errors and no text.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"

namespace exlb::agent {

struct KeepalivedRenderContext {
  // The interface holding network.address (found by the caller at render
  // time, see interfaceHolding()).
  std::string interface;
  std::filesystem::path runDir;  // notify fifo, track file
  // VRRPv3 advertisement interval; 100 ms by default (FIELD-NOTES: ~0.32 s
  // hard-failure gaps). 1 s is keepalived's default (the benchmark baseline).
  std::chrono::milliseconds advertInterval{100};
  // How long a returning higher-priority node waits before it takes the
  // address back from a lower-priority master (flap-free failback).
  std::chrono::seconds preemptDelay{15};
};

struct RenderedKeepalived {
  std::string text;                 // empty whenever errors is not
  std::vector<std::string> errors;  // "field.path: sentence"
  bool ok() const { return errors.empty(); }
};

// Priorities by role: the master's is higher, so it wins when both are up.
inline constexpr int kMasterPriority = 150;
inline constexpr int kBackupPriority = 100;

// Names the rendered file and the agent share.
inline constexpr const char* kVrrpInstanceName = "exlb_vip";
inline constexpr const char* kKeepalivedConfigName = "keepalived.conf";
inline constexpr const char* kNotifyFifoName = "keepalived.fifo";
// The track file: the agent writes "0" while this node may hold the address
// and "1" when it must give it up (HAProxy down, agent unhealthy).
inline constexpr const char* kHealthFileName = "ha-health";

// Renders the file for a configuration whose high availability is master or
// backup. HA disabled is an error here: the caller never starts keepalived then.
RenderedKeepalived renderKeepalivedConfig(const v1::ApplianceConfig& config,
                                          const KeepalivedRenderContext& context);

// Whether the configuration wants keepalived running at all.
bool highAvailabilityEnabled(const v1::ApplianceConfig& config);

// An interface name as Linux takes it and keepalived's parser reads it
// safely: [A-Za-z0-9._-]{1,15}, not "." or "..".
bool isSafeInterfaceName(const std::string& name);

}  // namespace exlb::agent
