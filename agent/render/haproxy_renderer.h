#pragma once
// Configuration -> haproxy.cfg: pure functions, no I/O, deterministic (the
// same configuration and context give the same bytes). What the file does and
// why is written down in docs/dataplane-rendering.md.
//
// The renderer trusts nothing: every string that reaches the file (addresses,
// names, host names, certificate ids, the context's paths) is checked against
// what HAProxy's syntax takes safely, and a configuration it cannot render
// exactly yields errors and no text, never a half-right file.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"

namespace exlb::agent {

// The port of the pair's stick-table replication (docs/dataplane-rendering.md)
// on network.address, a pair only. 4444 is the management API, 4445 the pair
// channel.
inline constexpr std::uint16_t kPairPeersPort = 4446;

// TLS on the pair's stick-table replication (`peers exlb-pair`). Both files
// set: the section runs over TLS and every table may cross it; either empty:
// clear text, address-keyed tables only (a new pair, before the pair channel
// has met the peer; docs/dataplane-rendering.md). The agent sets them only
// when the stored peer certificate matches the configured pin
// (pair/peer_certificate_store.h).
struct PairPeersTls {
  std::filesystem::path identityFile;  // this node's pair identity: certificate then key
  // What the link trusts: the peer's certificate, then this node's own (at a
  // reload the old worker shows it to the new one).
  std::filesystem::path trustFile;
  bool on() const { return !identityFile.empty() && !trustFile.empty(); }
};

struct HaproxyRenderContext {
  std::filesystem::path runDir;   // stats socket <runDir>/haproxy.sock, server state file
  std::filesystem::path certDir;  // certificate id X -> <certDir>/X.pem (chain + private key)
  // Only tests that run several pairs' HAProxies on one host change it.
  std::uint16_t pairPeersPort = kPairPeersPort;
  PairPeersTls pairTls = {};
};

struct RenderedHaproxy {
  std::string text;                 // empty whenever errors is not
  std::vector<std::string> errors;  // "field.path: sentence", in field order
  bool ok() const { return errors.empty(); }
};

RenderedHaproxy renderHaproxyConfig(const v1::ApplianceConfig& config,
                                    const HaproxyRenderContext& context);

// The name this node's HAProxy has in its peers sections (`localpeer`): in a
// pair "node-<network.address>", which the other node's file names too;
// standalone "local-<8 hex digits of the run directory>", so two agents on one
// host (tests, a lab) never take each other's tables at a reload.
std::string localPeerName(const v1::ApplianceConfig& config, const HaproxyRenderContext& context);

// What the rendered file contains, for the supervisor's probes and for status.
// Names are HAProxy's own proxy and server names, as the runtime API shows them.

// A frontend. `tls` is true where HAProxy itself terminates TLS (ssl-offload);
// an ssl-forward listener carries TLS through untouched and says false.
struct RenderedListener {
  std::string name;     // https, http-redirect, imap, imaps, pop3, pop3s, rpc-epm, rpc-ca, rpc-ab, smtp, smtps
  std::string address;
  uint32_t port = 0;
  bool tls = false;
};

struct RenderedServer {
  std::string name;     // RealServer.name, or cas1..cas4 / hub1..hub4 by position when empty
  std::string address;
  uint32_t port = 0;
};

// A backend. `service` is one of: owa, ecp, oab, autodiscover, ews, activesync,
// outlook-anywhere, powershell, https-forward, imap, imaps, pop3, pop3s,
// rpc-epm, rpc-ca, rpc-ab, smtp, smtps. `area` is http, imap, pop3, rpc or smtp.
// The backend's name is the service's name.
struct RenderedBackend {
  std::string backend;
  std::string service;
  std::string area;
  std::vector<RenderedServer> servers;
};

// Both follow the same plan as renderHaproxyConfig; on a configuration that
// does not render they list what can be planned (possibly nothing).
std::vector<RenderedListener> renderedListeners(const v1::ApplianceConfig& config);
std::vector<RenderedBackend> renderedBackends(const v1::ApplianceConfig& config);

// Whether the file rendered with `pairTls` shares stick tables with the other
// node, and how: the status says it, so an administrator sees a pair whose
// replication is still in clear (the pair channel has not met the peer).
enum class PairReplication {
  None,   // standalone, HA without a known peer, or no table to share
  Clear,  // a pair before its certificates are at hand: address-keyed tables only
  Tls,    // a pair: every table, over TLS between the pair identities
};
PairReplication renderedPairReplication(const v1::ApplianceConfig& config,
                                        const PairPeersTls& pairTls);

// Server weights as rendered. A server in DRAIN is rendered with weight 0 (so a
// fresh start without a state file keeps it drained); every other server gets
// kServerWeight. Bringing a drained server back at runtime therefore takes two
// runtime commands: `set server B/S state ready` and `set server B/S weight 100`.
// A server in MAINT is rendered `disabled`; `set server B/S state ready` alone
// brings it back.
inline constexpr int kServerWeight = 100;

// Files in the run directory that the rendered configuration names.
inline constexpr const char* kStatsSocketName = "haproxy.sock";
// The reload hand-over of the stick tables (`peers exlb-local`, old worker ->
// new worker): a socket of the run directory rather than a loopback port, so
// two agents on one host (a lab, the tests) never reach each other's HAProxy
// and no other local user can read or push entries (mode 600).
inline constexpr const char* kLocalPeersSocketName = "haproxy-peers.sock";
inline constexpr const char* kServerStateFileName = "server-state";
// TLS session-ticket keys, kept by the supervisor (supervise/tls_ticket_keys.h).
inline constexpr const char* kTlsTicketKeysFileName = "tls-ticket-keys";

}  // namespace exlb::agent
