#include "render/haproxy_plan.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <string_view>

#include "render/haproxy_renderer.h"
#include "render/haproxy_syntax.h"

namespace exlb::agent::haproxy_plan {

namespace {

namespace syntax = haproxy_syntax;
using exchange::Persistence;

// A value shown inside an error message: printable ASCII as is, the rest as
// \xNN, so a hostile value cannot forge lines in a log or a page.
std::string displayValue(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : value.substr(0, 80)) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7f && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    }
  }
  if (value.size() > 80) out += "...";
  return out;
}

// The fields of the three mail-like services (MailService and SmtpService
// have the same numbers and meanings).
struct MailFields {
  std::string path;  // "imap", "pop3", "smtp"
  v1::MailMode mode = v1::MAIL_MODE_UNSPECIFIED;
  std::uint32_t virtualPort = 0, virtualTlsPort = 0, serverPort = 0, serverTlsPort = 0;
  std::uint32_t timeoutSeconds = 0;
  std::string certificate;
};

template <typename Service>
MailFields mailFields(std::string path, const Service& s) {
  return {std::move(path), s.mode(),           s.virtual_port(),    s.virtual_tls_port(),
          s.server_port(), s.server_tls_port(), s.timeout_seconds(), s.certificate()};
}

// What one mail-like area needs besides its fields.
struct MailKind {
  std::string area;       // imap
  std::string clearName;  // imap
  std::string tlsName;    // imaps
  HealthCheck check;      // how a server of this kind proves it is alive
  std::uint32_t idleFloorSeconds = 0;
};

class Planner {
 public:
  Planner(const v1::ApplianceConfig& config, bool pairTls) : c_(config), pairTls_(pairTls) {}

  Plan run() {
    planBindAddress();
    planPeers();
    if (c_.exchange_version() == v1::EXCHANGE_VERSION_UNSPECIFIED ||
        !v1::ExchangeVersion_IsValid(c_.exchange_version())) {
      fail("exchange_version", "is not set to a valid choice; choose 2010 or 2013 or later");
    }
    planHttp();
    planMail(mailFields("imap", c_.imap()),
             {"imap", "imap", "imaps", {CheckKind::Greeting, "", 0, "", "* OK", "", false},
              exchange::kImapIdleSeconds},
             [this] { return casServers(); });
    planMail(mailFields("pop3", c_.pop3()),
             {"pop3", "pop3", "pop3s", {CheckKind::Greeting, "", 0, "", "+OK", "", false}, 0},
             [this] { return casServers(); });
    planRpc();
    planSmtp();
    checkListenerClashes();
    return std::move(plan_);
  }

 private:
  // --- errors ---------------------------------------------------------------
  void fail(const std::string& path, const std::string& sentence) {
    plan_.errors.push_back(path + ": " + sentence + ".");
  }
  void failValue(const std::string& path, std::string_view value, const std::string& reason) {
    fail(path, "'" + displayValue(value) + "' " + reason);
  }
  bool checked(const std::string& path, std::string_view value,
               const std::optional<std::string>& problem) {
    if (problem) failValue(path, value, *problem);
    return !problem;
  }
  std::uint32_t port(const std::string& path, std::uint32_t value) {
    if (value < 1 || value > 65535) {
      fail(path, std::to_string(value) + " is not a TCP port (1-65535)");
    }
    return value;
  }
  std::uint32_t timeout(const std::string& path, std::uint32_t value) {
    if (value < 1 || value > 86400) {
      fail(path, std::to_string(value) + " is not a timeout in seconds (1-86400)");
      return 1;
    }
    return value;
  }
  std::string certificate(const std::string& path, const std::string& id) {
    checked(path, id, syntax::checkCertificateId(id));
    return id;
  }

  // --- addresses and servers ------------------------------------------------
  // Standalone, listeners bind to the appliance's address; in a pair, to the
  // virtual service address, which ever node holds it.
  void planBindAddress() {
    const auto& ha = c_.high_availability();
    switch (ha.role()) {
      case v1::HA_ROLE_DISABLED:
        address_ = c_.network().address();
        checked("network.address", address_, syntax::checkIpv4(address_));
        break;
      case v1::HA_ROLE_MASTER:
      case v1::HA_ROLE_BACKUP:
        address_ = ha.virtual_address();
        checked("high_availability.virtual_address", address_, syntax::checkIpv4(address_));
        break;
      default:
        fail("high_availability.role", "is not set to a valid choice; choose disabled, master or backup");
        break;
    }
  }

  // A pair shares its stick tables between the two nodes' own addresses (the
  // ones keepalived's unicast VRRP uses), never the virtual one: the link must
  // exist whichever node holds it. Each node names itself and the other by
  // address, so both files agree without depending on host names.
  void planPeers() {
    const auto& ha = c_.high_availability();
    if (ha.role() != v1::HA_ROLE_MASTER && ha.role() != v1::HA_ROLE_BACKUP) return;
    const std::string& own = c_.network().address();
    if (!checked("network.address", own, syntax::checkIpv4(own))) return;
    plan_.peers.localName = pairPeerName(own);
    plan_.peers.localAddress = own;
    const std::string& peer = ha.peer_address();
    if (peer.empty()) return;  // multicast VRRP, no known peer: tables stay on this node
    if (!checked("high_availability.peer_address", peer, syntax::checkIpv4(peer))) return;
    if (peer == own) {
      failValue("high_availability.peer_address", peer, "is this node's own address (network.address)");
      return;
    }
    plan_.peers.remoteName = pairPeerName(peer);
    plan_.peers.remoteAddress = peer;
    plan_.peers.tls = pairTls_;
  }

  std::vector<Server> servers(const google::protobuf::RepeatedPtrField<v1::RealServer>& list,
                              const std::string& path, const std::string& defaultPrefix) {
    std::vector<Server> out;
    std::map<std::string, int> seen;
    std::vector<std::uint32_t> ids;
    for (int i = 0; i < list.size(); ++i) {
      const auto& rs = list.Get(i);
      const std::string at = path + "[" + std::to_string(i) + "]";
      Server s;
      s.name = rs.name().empty() ? defaultPrefix + std::to_string(i + 1) : rs.name();
      s.address = rs.address();
      // Unspecified reads as ready: the one safe meaning for a server.
      s.state = rs.admin_state() == v1::SERVER_ADMIN_STATE_UNSPECIFIED ? v1::SERVER_ADMIN_STATE_READY
                                                                       : rs.admin_state();
      if (!v1::ServerAdminState_IsValid(s.state)) {
        fail(at + ".admin_state", std::to_string(s.state) + " is not a valid choice; choose ready, "
                                  "drain or maintenance");
      }
      const bool nameOk = checked(at + ".name", s.name, syntax::checkServerName(s.name));
      checked(at + ".address", s.address, syntax::checkIpv4(s.address));
      if (nameOk && !seen.emplace(s.name, i).second) {
        failValue(at + ".name", s.name,
                  "is already the name of " + path + "[" + std::to_string(seen[s.name]) +
                      "] (an empty name stands for " + defaultPrefix + "<position>)");
      }
      s.id = serverId(s.address, ids);
      ids.push_back(s.id);
      out.push_back(std::move(s));
    }
    return out;
  }

  // Checked once, on first use, so a bad entry is reported once.
  const std::vector<Server>& casServers() {
    if (!cas_) cas_ = servers(c_.cas_servers(), "cas_servers", "cas");
    return *cas_;
  }

  static std::vector<Server> onPort(std::vector<Server> list, std::uint32_t port) {
    for (auto& s : list) s.port = port;
    return list;
  }

  bool is2010() const { return c_.exchange_version() != v1::EXCHANGE_VERSION_2013_OR_LATER; }

  Listener& addListener(const std::string& name, ListenerKind kind, std::uint32_t port,
                        const std::string& portPath) {
    Listener l;
    l.name = name;
    l.kind = kind;
    l.address = address_;
    // In a pair both nodes listen on the virtual address, so the backup
    // serves the moment it takes the address over (docs/ha.md, non-local bind).
    l.transparent = c_.high_availability().role() == v1::HA_ROLE_MASTER ||
                    c_.high_availability().role() == v1::HA_ROLE_BACKUP;
    l.port = port;
    portPaths_.push_back(portPath);
    plan_.listeners.push_back(std::move(l));
    return plan_.listeners.back();
  }

  void addBackend(Backend b) {
    b.why = explain(b);
    // The peers protocol has no authentication of its own. Over TLS (both
    // nodes' pair certificates at hand) only the two nodes take part, so every
    // table may cross. In clear on the pair's LAN (a new pair, before the
    // pair channel has met the peer; docs/dataplane-rendering.md) client
    // addresses may cross it, SHA-256 digests of Authorization headers (a
    // Basic password, unsalted) must not.
    b.replicated = plan_.peers.tls || b.persistence == Persistence::Source ||
                   b.persistence == Persistence::CookieOrSource;
    plan_.backends.push_back(std::move(b));
  }

  // One comment line for whoever reads the file.
  std::string explain(const Backend& b) const {
    switch (b.persistence) {
      case Persistence::CookieOrSource:
        return "Exchange 2010 affinity: an inserted cookie shared by OWA, ECP and EWS, "
               "the client's address as fallback.";
      case Persistence::AuthorizationOrSource:
        return "Exchange 2010 affinity: the device's Authorization header, else its address.";
      case Persistence::Source:
        return b.area == "rpc" ? "Affinity: the client's address, one table for the three RPC ports."
                               : "Affinity: the client's address.";
      case Persistence::None:
        break;
    }
    if (b.http && !is2010()) {
      return "Exchange 2013 or later: no affinity; healthcheck.htm also reports maintenance.";
    }
    return "No affinity needed.";
  }

  // --- HTTP -----------------------------------------------------------------
  void planHttp() {
    const auto& h = c_.http();
    if (h.mode() == v1::HTTP_MODE_DISABLED) return;
    if (h.mode() == v1::HTTP_MODE_UNSPECIFIED || !v1::HttpMode_IsValid(h.mode())) {
      fail("http.mode", "is not set to a valid choice; choose disabled, ssl-offload or ssl-forward");
      return;
    }
    checked("http.host_name", h.host_name(), syntax::checkHostName(h.host_name()));
    const std::uint32_t idle = timeout("http.timeout_seconds", h.timeout_seconds());
    const std::uint32_t httpsPort = port("http.virtual_https_port", h.virtual_https_port());
    port("http.redirect_http_port", h.redirect_http_port());

    std::uint32_t longest = idle;
    if (h.mode() == v1::HTTP_MODE_SSL_OFFLOAD) {
      longest = planOffloadBackends(idle);
      Listener& https = addListener("https", ListenerKind::HttpsOffload, httpsPort,
                                    "http.virtual_https_port");
      https.tls = true;
      https.certificate = certificate("http.certificate", h.certificate());
      https.routes = routes_;
      https.timeoutClientSeconds = longest;
      https.keepAliveSeconds = idle;
    } else {
      longest = planForwardBackend(idle);
      Listener& https =
          addListener("https", ListenerKind::Tcp, httpsPort, "http.virtual_https_port");
      https.backend = "https-forward";
      https.timeoutClientSeconds = longest;
    }
    Listener& redirect = addListener("http-redirect", ListenerKind::HttpRedirect,
                                     h.redirect_http_port(), "http.redirect_http_port");
    redirect.redirectPrefix = "https://" + h.host_name();
    if (httpsPort != 443) redirect.redirectPrefix += ":" + std::to_string(httpsPort);
    redirect.timeoutClientSeconds = idle;
    redirect.keepAliveSeconds = idle;
  }

  // One backend per enabled Exchange service; returns the longest idle time.
  std::uint32_t planOffloadBackends(std::uint32_t idle) {
    const auto& h = c_.http();
    const std::uint32_t casPort = port("http.cas_http_port", h.cas_http_port());
    std::uint32_t longest = idle;
    bool owaEnabled = false;
    for (const auto& spec : exchange::httpServices()) {
      const v1::Toggle toggle = (h.applications().*spec.toggle)();
      if (toggle == v1::TOGGLE_UNSPECIFIED || !v1::Toggle_IsValid(toggle)) {
        fail("http.applications." + std::string(spec.field),
             "is not set to a valid choice; choose enabled or disabled");
      }
      Route route;
      route.service = spec.name;
      route.prefixes.assign(spec.prefixes.begin(), spec.prefixes.end());
      if (!is2010()) route.prefixes.insert(route.prefixes.end(), spec.prefixes2013.begin(),
                                           spec.prefixes2013.end());
      route.enabled = toggle == v1::TOGGLE_ENABLED;
      routes_.push_back(route);
      if (!route.enabled) continue;

      Backend b;
      b.name = spec.name;
      b.area = "http";
      b.http = true;
      b.leastconn = spec.leastconn;
      b.timeoutServerSeconds = std::max(idle, spec.idleFloorSeconds);
      b.persistence = is2010() ? spec.persistence2010 : Persistence::None;
      if (b.persistence != Persistence::None) {
        // OWA and ECP are one application to the browser: ECP shares OWA's
        // cookie and, when OWA is published, its address table too.
        b.stickTable = (b.name == "ecp" && owaEnabled) ? "owa" : b.name;
        b.stickExpireSeconds = spec.stickExpireSeconds;
      }
      if (b.name == "owa") owaEnabled = true;
      const exchange::HttpCheck& check = is2010() ? spec.check2010 : spec.check2013;
      b.check = {CheckKind::HttpGet, std::string(check.uri), check.status, h.host_name(), "", "",
                 false};
      b.servers = onPort(casServers(), casPort);
      longest = std::max(longest, b.timeoutServerSeconds);
      addBackend(std::move(b));
    }
    return longest;
  }

  std::uint32_t planForwardBackend(std::uint32_t idle) {
    const auto& h = c_.http();
    Backend b;
    b.name = "https-forward";
    b.area = "http";
    b.leastconn = true;
    // Every Exchange service shares this TLS stream, the long-lived ones too.
    b.timeoutServerSeconds = std::max(idle, exchange::kLongHttpIdleSeconds);
    if (is2010()) {
      b.persistence = Persistence::Source;
      b.stickTable = b.name;
      b.stickExpireSeconds = exchange::kWorkdayAffinitySeconds;
    }
    // The stream is opaque: judge the server by OWA, through TLS.
    const auto& owa = exchange::httpServices().front();
    const exchange::HttpCheck& check = is2010() ? owa.check2010 : owa.check2013;
    b.check = {CheckKind::HttpGet, std::string(check.uri), check.status, h.host_name(), "", "",
               true};
    b.servers = onPort(casServers(), port("http.cas_https_port", h.cas_https_port()));
    addBackend(std::move(b));
    return plan_.backends.back().timeoutServerSeconds;
  }

  // --- IMAP, POP3, SMTP -----------------------------------------------------
  // `poolOf` is asked only when the area is on, so a disabled area's
  // server list is not judged.
  void planMail(const MailFields& f, const MailKind& kind,
                const std::function<std::vector<Server>()>& poolOf) {
    if (f.mode == v1::MAIL_MODE_DISABLED) return;
    if (f.mode == v1::MAIL_MODE_UNSPECIFIED || !v1::MailMode_IsValid(f.mode)) {
      fail(f.path + ".mode", "is not set to a valid choice; choose disabled or one of the five modes");
      return;
    }
    const bool clear = f.mode == v1::MAIL_MODE_CLEAR ||
                       f.mode == v1::MAIL_MODE_CLEAR_AND_SSL_FORWARD ||
                       f.mode == v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD;
    const bool forward = f.mode == v1::MAIL_MODE_SSL_FORWARD ||
                         f.mode == v1::MAIL_MODE_CLEAR_AND_SSL_FORWARD;
    const bool offload = f.mode == v1::MAIL_MODE_SSL_OFFLOAD ||
                         f.mode == v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD;
    const std::uint32_t idle =
        std::max(timeout(f.path + ".timeout_seconds", f.timeoutSeconds), kind.idleFloorSeconds);

    const std::vector<Server> pool = poolOf();
    // Offloaded TLS ends here: the server speaks its clear protocol.
    if (clear || offload) {
      addMailBackend(kind.clearName, kind, idle, false,
                     onPort(pool, port(f.path + ".server_port", f.serverPort)));
    }
    if (forward) {
      addMailBackend(kind.tlsName, kind, idle, true,
                     onPort(pool, port(f.path + ".server_tls_port", f.serverTlsPort)));
    }
    if (clear) {
      Listener& l = addListener(kind.clearName, ListenerKind::Tcp,
                                port(f.path + ".virtual_port", f.virtualPort),
                                f.path + ".virtual_port");
      l.backend = kind.clearName;
      l.timeoutClientSeconds = idle;
    }
    if (forward || offload) {
      Listener& l = addListener(kind.tlsName, ListenerKind::Tcp,
                                port(f.path + ".virtual_tls_port", f.virtualTlsPort),
                                f.path + ".virtual_tls_port");
      l.backend = forward ? kind.tlsName : kind.clearName;
      l.timeoutClientSeconds = idle;
      if (offload) {
        l.tls = true;
        l.certificate = certificate(f.path + ".certificate", f.certificate);
      }
    }
  }

  void addMailBackend(const std::string& name, const MailKind& kind, std::uint32_t idle,
                      bool tls, std::vector<Server> pool) {
    Backend b;
    b.name = name;
    b.area = kind.area;
    b.timeoutServerSeconds = idle;
    b.leastconn = kind.idleFloorSeconds > 0;  // IMAP sessions last; POP3 and SMTP are short
    b.check = kind.check;
    b.check.tls = tls;
    b.servers = std::move(pool);
    addBackend(std::move(b));
  }

  void planSmtp() {
    const auto& s = c_.smtp();
    if (s.mode() == v1::MAIL_MODE_DISABLED) return;
    // The check greets the HUB servers with the appliance's own name.
    const std::string& ehlo = c_.network().hostname();
    checked("network.hostname", ehlo, syntax::checkHostName(ehlo));
    planMail(mailFields("smtp", s),
             {"smtp", "smtp", "smtps", {CheckKind::Smtp, "", 0, "", "", ehlo, false}, 0},
             [this, &s] { return servers(s.hub_servers(), "smtp.hub_servers", "hub"); });
  }

  // --- RPC ------------------------------------------------------------------
  // Three ports, one affinity: the endpoint mapper's table decides the CAS
  // for the client access and address book ports as well.
  void planRpc() {
    const auto& r = c_.rpc();
    if (r.state() == v1::TOGGLE_DISABLED) return;
    if (r.state() == v1::TOGGLE_UNSPECIFIED || !v1::Toggle_IsValid(r.state())) {
      fail("rpc.state", "is not set to a valid choice; choose enabled or disabled");
      return;
    }
    const std::uint32_t idle =
        std::max(timeout("rpc.timeout_seconds", r.timeout_seconds()), exchange::kRpcIdleSeconds);
    const struct {
      const char* name;
      const char* field;
      std::uint32_t port;
    } parts[] = {{"rpc-epm", "endpoint_mapper_port", r.endpoint_mapper_port()},
                 {"rpc-ca", "client_access_port", r.client_access_port()},
                 {"rpc-ab", "address_book_port", r.address_book_port()}};
    for (const auto& part : parts) {
      const std::string path = std::string("rpc.") + part.field;
      const std::uint32_t p = port(path, part.port);
      Backend b;
      b.name = part.name;
      b.area = "rpc";
      b.leastconn = true;
      b.timeoutServerSeconds = idle;
      b.persistence = Persistence::Source;
      b.stickTable = "rpc-epm";
      b.stickExpireSeconds = exchange::kWorkdayAffinitySeconds;
      b.servers = onPort(casServers(), p);
      addBackend(std::move(b));
      Listener& l = addListener(part.name, ListenerKind::Tcp, p, path);
      l.backend = part.name;
      l.timeoutClientSeconds = idle;
    }
  }

  // --- clashes --------------------------------------------------------------
  // Two listeners on one address and port would pass `haproxy -c` and fail
  // at start; the management page shares the appliance's address.
  void checkListenerClashes() {
    std::map<std::uint32_t, std::string> used;
    const auto& m = c_.management();
    const bool onApplianceAddress = address_ == c_.network().address();
    if (onApplianceAddress && m.port() != 0) used.emplace(m.port(), "the management page");
    if (!plan_.peers.remoteAddress.empty() && m.port() == kPairPeersPort) {
      fail("management.port", "port " + std::to_string(kPairPeersPort) +
                                  " is used by the pair's stick-table replication on network.address");
    }
    for (std::size_t i = 0; i < plan_.listeners.size(); ++i) {
      const Listener& l = plan_.listeners[i];
      if (l.port < 1 || l.port > 65535) continue;  // reported already
      auto [it, fresh] = used.emplace(l.port, "the " + l.name + " listener");
      if (!fresh) {
        fail(portPaths_[i], "port " + std::to_string(l.port) + " is already used by " + it->second);
      }
    }
  }

  const v1::ApplianceConfig& c_;
  const bool pairTls_;
  Plan plan_;
  std::string address_;
  std::optional<std::vector<Server>> cas_;
  std::vector<Route> routes_;
  std::vector<std::string> portPaths_;  // per listener, the field its port came from
};

}  // namespace

Plan makePlan(const v1::ApplianceConfig& config, bool pairTls) {
  return Planner(config, pairTls).run();
}

std::uint32_t serverId(const std::string& address, const std::vector<std::uint32_t>& taken) {
  // FNV-1a: fixed forever (the ids outlive a software update in the tables of
  // the other node and of the old worker).
  std::uint32_t hash = 2166136261u;
  for (const char c : address) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  std::uint32_t id = hash % 999999u + 1;
  while (std::find(taken.begin(), taken.end(), id) != taken.end()) id = id % 999999u + 1;
  return id;
}

std::string pairPeerName(const std::string& address) { return "node-" + address; }

}  // namespace exlb::agent::haproxy_plan
