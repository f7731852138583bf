#pragma once
// The plan of haproxy.cfg: which frontends and backends a configuration needs,
// with every value already checked. The writer turns a plan into text; the
// public renderedListeners()/renderedBackends() read the same plan, so what
// the supervisor probes is exactly what the file contains.

#include <cstdint>
#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"
#include "render/exchange_services.h"

namespace exlb::agent::haproxy_plan {

enum class CheckKind { Connect, HttpGet, Greeting, Smtp };

struct HealthCheck {
  CheckKind kind = CheckKind::Connect;
  std::string uri;         // HttpGet
  int status = 0;          // HttpGet: expected status
  std::string host;        // HttpGet: Host header; with tls also the SNI
  std::string greeting;    // Greeting: the server's first words ("* OK", "+OK")
  std::string ehloName;    // Smtp: EHLO argument
  bool tls = false;        // the check runs through TLS (ssl-forward backends)
};

struct Server {
  std::string name;
  // HAProxy's server id, fixed from the address (serverId()): stick tables and
  // the pair's replication carry server ids, so both nodes of a pair, and a
  // file before and after a server is added or removed, must give a server the
  // same one. Not from the name: an unnamed server is named by its position.
  std::uint32_t id = 0;
  std::string address;
  std::uint32_t port = 0;
  v1::ServerAdminState state = v1::SERVER_ADMIN_STATE_READY;
};

struct Backend {
  std::string name;       // also the service name
  std::string area;       // http, imap, pop3, rpc, smtp
  bool http = false;      // mode http (ssl-offload services) or tcp
  bool leastconn = false;
  std::uint32_t timeoutServerSeconds = 0;
  exchange::Persistence persistence = exchange::Persistence::None;
  std::string stickTable;  // backend holding the stick table; its own name = owns it
  std::uint32_t stickExpireSeconds = 0;
  // The table goes to the pair (peers section shared with the other node);
  // false: kept across reloads on this node only (the hashed Authorization
  // table while the pair's link is clear, see docs/dataplane-rendering.md
  // "Stick tables across reloads and failovers").
  bool replicated = false;
  HealthCheck check;
  std::vector<Server> servers;
  std::string why;        // one comment line for the reader of the file

  // The backend declares a stick table (others stick on the owner's).
  bool ownsTable() const {
    return persistence != exchange::Persistence::None && stickTable == name;
  }
};

struct Route {
  std::string service;                // backend name
  std::vector<std::string> prefixes;  // lower case path prefixes
  bool enabled = false;               // disabled: answered 403 by the appliance
};

enum class ListenerKind { HttpsOffload, HttpRedirect, Tcp };

struct Listener {
  std::string name;
  ListenerKind kind = ListenerKind::Tcp;
  std::string address;
  std::uint32_t port = 0;
  bool tls = false;                  // HAProxy terminates TLS here
  bool transparent = false;          // the virtual address of a pair: bound on both nodes
  std::string certificate;           // certificate id when tls
  std::string backend;               // Tcp: where connections go
  std::uint32_t timeoutClientSeconds = 0;
  std::uint32_t keepAliveSeconds = 0;  // http kinds: idle time between requests
  std::vector<Route> routes;         // HttpsOffload
  std::string redirectPrefix;        // HttpRedirect: https://host[:port]
};

// Stick-table replication (HAProxy `peers`). Every node keeps its tables
// across reloads through a loopback-only section; a paired node also shares
// them with its peer through a section on its own address.
struct Peers {
  std::string localName;      // a pair: "node-<own address>"; empty standalone (the renderer names it)
  std::string localAddress;   // a pair: this node's own address (network.address)
  std::string remoteName;     // empty: nothing to share with
  std::string remoteAddress;  // high_availability.peer_address
  // The pair's section runs over TLS (remoteName set and both nodes'
  // certificates at hand): every table may cross it.
  bool tls = false;
};

struct Plan {
  Peers peers;
  std::vector<Listener> listeners;
  std::vector<Backend> backends;
  std::vector<std::string> errors;  // "field.path: sentence."
};

// `pairTls`: the renderer can put the pair's section on TLS (the context has
// both certificates); it decides which tables the pair shares.
Plan makePlan(const v1::ApplianceConfig& config, bool pairTls);

// A server's id from its address: 1..999,999, stable whatever the other
// servers; `taken` ids (earlier servers of the same pool) are skipped.
std::uint32_t serverId(const std::string& address, const std::vector<std::uint32_t>& taken);

// The names a pair's nodes know each other by in the shared peers section.
std::string pairPeerName(const std::string& address);

}  // namespace exlb::agent::haproxy_plan
