#pragma once
// Network settings (guide 4.2.1: hostname, address, netmask, gateway, VLAN
// identifier, static routes) rendered as files for the appliance's OS.
//
// The appliance uses systemd-networkd: it is part of systemd (already on every
// Debian 12 system, nothing more to install in the image), its files are
// declarative drop-ins that exlb can own outright without editing anyone
// else's (ifupdown keeps everything in one /etc/network/interfaces and needs
// the `vlan` package for tagged interfaces), VLANs and static routes are
// native sections, and it reads both /etc (saved) and /run (this boot only),
// which is exactly the guide's split between a committed static
// configuration and a DHCP or fallback address that is not kept.
//
// Pure: a configuration in, a list of files out; no I/O. The writer
// (network_writer.h) puts them under a system root.

#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"

namespace exlb::agent {

// One file the appliance's OS reads, as an absolute path on the appliance.
struct RenderedFile {
  std::string path;     // e.g. "/etc/systemd/network/10-exlb-lan.network"
  std::string content;
  unsigned mode = 0644;

  friend bool operator==(const RenderedFile&, const RenderedFile&) = default;
};

enum class NetworkPersistence {
  Saved,    // /etc/systemd/network, plus /etc/hostname and /etc/hosts
  Runtime,  // /run/systemd/network: this boot only (DHCP or fallback)
};

struct NetworkRenderOptions {
  NetworkPersistence persistence = NetworkPersistence::Saved;
  // systemd.network [Match] Name= globs of the appliance's one NIC. The
  // defaults cover predictable names (ens3, enp0s3) and classic ones (eth0).
  std::string interface_match = "en* eth*";
};

struct NetworkRendering {
  std::vector<RenderedFile> files;
  // exlb-owned files that must not survive this rendering (a VLAN that was
  // removed; a /run file that would shadow the saved one). Remove if present.
  std::vector<std::string> obsolete;
  // Non-empty when the configuration cannot be rendered: a sentence naming
  // the field and value. Then `files` and `obsolete` are empty.
  std::string error;

  bool ok() const { return error.empty(); }
};

// Renders `network`. Refuses (sets `error`) anything that would write a file
// networkd or the resolver would misread (addresses and host names are
// checked with common's exlb/common/ipv4.h and syntax.h, the same rules the
// validation tells the administrator): malformed addresses, a
// non-contiguous netmask, a VLAN identifier outside 1..4094, more than four
// routes, a hostname that is not a valid DNS name.
NetworkRendering renderNetwork(const v1::NetworkConfig& network,
                               const NetworkRenderOptions& options = {});

// The files the renderer owns, wherever they may have been written: used to
// tell whether an IP configuration was ever saved.
inline constexpr const char* kSavedLanNetworkPath = "/etc/systemd/network/10-exlb-lan.network";

}  // namespace exlb::agent
