#include "ha/keepalived_renderer.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include "exlb/common/ipv4.h"
#include "exlb/common/syntax.h"
#include "render/haproxy_syntax.h"

namespace exlb::agent {

namespace {

// "0.1", "1", "0.05": keepalived reads advert_int as seconds with a fraction.
std::string seconds(std::chrono::milliseconds ms) {
  const auto whole = ms.count() / 1000;
  auto frac = ms.count() % 1000;
  std::string out = std::to_string(whole);
  if (frac == 0) return out;
  std::string digits = std::to_string(frac);
  digits.insert(0, 3 - digits.size(), '0');
  while (!digits.empty() && digits.back() == '0') digits.pop_back();
  return out + "." + digits;
}

class Plan {
 public:
  Plan(const v1::ApplianceConfig& c, const KeepalivedRenderContext& ctx) : c_(c), ctx_(ctx) {}

  RenderedKeepalived render() {
    const auto& ha = c_.high_availability();
    int priority = 0;
    if (ha.role() == v1::HA_ROLE_MASTER) {
      priority = kMasterPriority;
    } else if (ha.role() == v1::HA_ROLE_BACKUP) {
      priority = kBackupPriority;
    } else {
      fail("high_availability.role", "is not master or backup: keepalived runs only in a pair");
    }
    const auto own = address("network.address", c_.network().address());
    const auto vip = address("high_availability.virtual_address", ha.virtual_address());
    std::optional<std::string> peer;
    if (!ha.peer_address().empty()) peer = address("high_availability.peer_address", ha.peer_address());
    const auto mask = parseIpv4(c_.network().netmask());
    const auto prefix = mask ? netmaskPrefix(*mask) : std::nullopt;
    if (!prefix) fail("network.netmask", quoteValue(c_.network().netmask()) + " is not a netmask");
    if (ha.cluster_id() < 1 || ha.cluster_id() > 255)
      fail("high_availability.cluster_id",
           std::to_string(ha.cluster_id()) + " is not a VRRP router id (1-255)");
    if (!isSafeInterfaceName(ctx_.interface))
      fail("network.address", "no usable network interface holds this address (interface " +
                                  quoteValue(ctx_.interface) + ")");
    const std::string fifo = path(ctx_.runDir / kNotifyFifoName);
    const std::string health = path(ctx_.runDir / kHealthFileName);
    const auto advert = ctx_.advertInterval.count();
    if (advert < 10 || advert > 40000 || advert % 10 != 0)
      fail("advert interval", std::to_string(advert) +
                                  " ms is not a VRRPv3 interval (10 ms to 40 s, in steps of 10 ms)");
    const auto delay = ctx_.preemptDelay.count();
    if (delay < 0 || delay > 1000)
      fail("preempt delay", std::to_string(delay) + " s is outside 0-1000 s");
    if (!errors_.empty()) return {{}, errors_};
    // A paired node (a peer and its pinned certificate): the two agents move
    // the address back themselves, the holder releasing before the other
    // takes (agent/pair/pair_handover.cpp), so keepalived must never preempt:
    // its preemption adds the address on the new master before the old
    // master's removal lands (both held it for up to 42 ms, docs/ha.md).
    // Without a pair channel, keepalived's own delayed preemption.
    const bool agentFailback = peer.has_value() && !ha.peer_certificate_sha256().empty();

    std::ostringstream f;
    f << "# Rendered by exlb-agent from the running configuration; do not edit.\n"
         "# Why each line is here: docs/ha.md.\n"
         "global_defs {\n"
         "  router_id exlb\n"
         "  vrrp_version 3\n"
         // With 0.1 s adverts a VRRP process starved of CPU for a third of a
         // second looks dead to its peer. The agent runs keepalived at
         // SCHED_RR itself (ha/vrrp_scheduling.h); the highest nice priority
         // is the fallback where real-time is not permitted. (Not
         // vrrp_rt_priority: keepalived 2.2.7 zeroes its VRRP child's
         // RLIMIT_RTTIME on every reload, and the kernel then kills it.)
         "  vrrp_priority -20\n"
         "  notify_fifo " << fifo << "\n"
         "}\n\n"
         "track_file exlb_health {\n"
         "  file " << health << "\n"
         // weight 0: any value but 0 puts the instance in FAULT, which gives
         // the address up (with a priority-0 advert so the peer takes over at once).
         "  weight 0\n"
         "}\n\n"
         "vrrp_instance " << kVrrpInstanceName << " {\n"
         // Both nodes start as BACKUP; priorities decide who becomes master.
         "  state BACKUP\n"
         "  interface " << ctx_.interface << "\n"
         "  virtual_router_id " << ha.cluster_id() << "\n"
         "  priority " << priority << "\n"
         "  advert_int " << seconds(ctx_.advertInterval) << "\n";
    if (agentFailback)
      f << "  nopreempt\n";
    else
      f << "  preempt_delay " << delay << "\n";
    f <<
         // Traffic to the virtual address is ours to serve (HAProxy), and
         // keepalived must never install firewall rules for no_accept.
         "  accept\n";
    if (peer) {
      f << "  unicast_src_ip " << *own << "\n"
           "  check_unicast_src\n"
           "  unicast_peer {\n"
           "    " << *peer << "\n"
           "  }\n";
    } else {
      f << "  mcast_src_ip " << *own << "\n";
    }
    f << "  virtual_ipaddress {\n"
         "    " << *vip << "/" << *prefix << " dev " << ctx_.interface << "\n"
         "  }\n"
         "  track_file {\n"
         "    exlb_health\n"
         "  }\n"
         "}\n";
    return {f.str(), {}};
  }

 private:
  void fail(const std::string& path, const std::string& sentence) {
    errors_.push_back(path + ": " + sentence);
  }
  // Parsed and printed back: only canonical dotted quads reach the file.
  std::optional<std::string> address(const std::string& path, const std::string& text) {
    const auto a = parseIpv4(text);
    if (!a || isUnusableHostAddress(*a)) {
      fail(path, quoteValue(text) + " is not a host's IPv4 address");
      return std::nullopt;
    }
    return formatIpv4(*a);
  }
  std::string path(const std::filesystem::path& p) {
    const std::string s = p.string();
    if (auto why = haproxy_syntax::checkPath(s, 200)) {
      fail("run directory", quoteValue(s) + " " + *why);
      return {};
    }
    return s;
  }

  const v1::ApplianceConfig& c_;
  const KeepalivedRenderContext& ctx_;
  std::vector<std::string> errors_;
};

}  // namespace

bool highAvailabilityEnabled(const v1::ApplianceConfig& config) {
  const auto role = config.high_availability().role();
  return role == v1::HA_ROLE_MASTER || role == v1::HA_ROLE_BACKUP;
}

bool isSafeInterfaceName(const std::string& name) {
  if (name.empty() || name.size() > 15 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '.' || ch == '_' || ch == '-';
  });
}

RenderedKeepalived renderKeepalivedConfig(const v1::ApplianceConfig& config,
                                          const KeepalivedRenderContext& context) {
  return Plan(config, context).render();
}

}  // namespace exlb::agent
