#include "render/haproxy_writer.h"

#include <string_view>

#include "render/haproxy_renderer.h"

namespace exlb::agent::haproxy_writer {

namespace {

using namespace haproxy_plan;
using exchange::Persistence;

// Mozilla's "intermediate" profile: TLS 1.2 and 1.3, forward secrecy, AEAD
// ciphers only; ECDSA first (about four times cheaper per handshake than RSA).
constexpr std::string_view kCiphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
constexpr std::string_view kCipherSuites =
    "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

constexpr std::string_view kStickTableSize = "100k";
constexpr std::string_view kLocalPeers = "exlb-local";
constexpr std::string_view kPairPeers = "exlb-pair";

class Writer {
 public:
  Writer(const Plan& plan, const Paths& paths) : plan_(plan), paths_(paths) {}

  std::string run() {
    header();
    global();
    defaults();
    peers();
    // Frontends and backends by area, in the plan's order (http, imap, pop3,
    // rpc, smtp), each frontend before the backends it feeds.
    for (const Listener& l : plan_.listeners) frontend(l);
    for (const Backend& b : plan_.backends) backend(b);
    return std::move(out_);
  }

 private:
  void line(std::string_view text) {
    out_ += "    ";
    out_ += text;
    out_ += '\n';
  }
  void section(std::string_view text) {
    out_ += '\n';
    out_ += text;
    out_ += '\n';
  }

  void header() {
    out_ +=
        "# haproxy.cfg rendered by exlb-agent from the appliance's configuration.\n"
        "# Do not edit: the agent writes a new file on every change.\n"
        "# Why each setting is what it is: docs/dataplane-rendering.md.\n";
  }

  void global() {
    section("global");
    line("# The agent runs haproxy -W (master-worker, in the foreground) as its child,");
    line("# so no daemon, chroot or user here. New workers take the listening sockets");
    line("# over from the old ones: a reload refuses no connection.");
    line("stats socket " + paths_.statsSocket + " mode 600 level admin expose-fd listeners");
    line("stats timeout 30s");
    line("server-state-file " + paths_.serverStateFile);
    line("# Old workers keep serving long Exchange connections after a reload, within bounds.");
    line("hard-stop-after 30m");
    line("mworker-max-reloads 50");
    line("# Traffic logs (errors only, see dontlog-normal) on stderr, which the agent reads.");
    line("log stderr format short local0 info");
    line("# Kerberos tickets of users in many groups make Authorization headers above 16 kB.");
    line("tune.bufsize 32768");
    line("# Returning Outlook and phone clients resume TLS sessions instead of full handshakes:");
    line("# with tickets (keys kept across reloads, see tls-ticket-keys), or by session id from");
    line("# this cache, which only clients without tickets use. 5000 entries (1 MB) hold an");
    line("# hour of them; HAProxy fills the whole cache at every check and reload (20000: +25 %).");
    line("tune.ssl.cachesize 5000");
    line("tune.ssl.lifetime 3600");
    line("ssl-default-bind-options ssl-min-ver TLSv1.2");
    line("ssl-default-bind-ciphers " + std::string(kCiphers));
    line("ssl-default-bind-ciphersuites " + std::string(kCipherSuites));
    if (anyTable(false) || anyTable(true)) {
      line("# This HAProxy's name in the peers sections below, whatever the host name.");
      line("localpeer " + plan_.peers.localName);
    }
  }

  bool pairShares() const { return !plan_.peers.remoteName.empty(); }
  // Whether a table goes to the pair's section (true) or the local one.
  bool toPair(const Backend& b) const { return pairShares() && b.replicated; }
  bool anyTable(bool pair) const {
    for (const Backend& b : plan_.backends) {
      if (b.ownsTable() && toPair(b) == pair) return true;
    }
    return false;
  }

  void peers() {
    if (anyTable(false)) {
      section("peers " + std::string(kLocalPeers));
      line("# At a reload the old worker hands its stick tables to the new one through");
      line("# this run directory's socket: clients keep their CAS across configuration changes.");
      line("bind unix@" + paths_.localPeersSocket + " mode 600");
      line("server " + plan_.peers.localName);
    }
    if (anyTable(true)) pairPeers();
  }

  void pairPeers() {
    const std::string port = std::to_string(paths_.pairPeersPort);
    section("peers " + std::string(kPairPeers));
    line("# Both nodes hold the same stick tables: after a failover a client reaches the CAS");
    if (!plan_.peers.tls) {
      line("# it had. Clear text on the nodes' own addresses, no authentication, until this");
      line("# node has the peer's pair certificate (the pair channel keeps it when it meets the");
      line("# peer, then TLS after a reload; see docs/dataplane-rendering.md): client addresses");
      line("# only, never a header digest.");
      line("bind " + plan_.peers.localAddress + ":" + port);
      line("server " + plan_.peers.localName);
      line("server " + plan_.peers.remoteName + " " + plan_.peers.remoteAddress + ":" + port);
      return;
    }
    line("# it had. TLS on the nodes' own addresses (see docs/dataplane-rendering.md): each end");
    line("# shows its pair identity and must show the peer's certificate (kept when the pair");
    line("# channel met the pinned peer) or this node's own (the old worker at a reload), so");
    line("# every table may cross, the hashed Authorization one too. crt-ignore-err 26: the");
    line("# identities are server certificates, which OpenSSL refuses from a client for their");
    line("# purpose alone; the certificate must still be one of the two.");
    const std::string tls = " ssl crt " + paths_.pairIdentityFile + " ca-file " +
                            paths_.pairTrustFile + " verify required";
    line("bind " + plan_.peers.localAddress + ":" + port + tls + " crt-ignore-err 26");
    line("server " + plan_.peers.localName + tls);
    line("server " + plan_.peers.remoteName + " " + plan_.peers.remoteAddress + ":" + port + tls);
  }

  void defaults() {
    section("defaults");
    line("mode tcp");
    line("option dontlognull");
    line("option dontlog-normal");
    line("timeout connect 2s");
    line("timeout client 30s");
    line("timeout server 30s");
    line("timeout client-fin 30s");
    line("timeout server-fin 30s");
    line("timeout check 500ms");
    line("# A failed connection is retried on another server.");
    line("retries 3");
    line("option redispatch 1");
    line("# Drain and maintenance states set at runtime survive reloads.");
    line("load-server-state-from-file global");
    line("# Fast checks: a dead server leaves rotation within about a second, at once");
    line("# when connections to it fail; its clients are cut so they reconnect elsewhere.");
    line("default-server inter 500ms fastinter 250ms downinter 1s rise 2 fall 2 weight " +
         std::to_string(kServerWeight) +
         " observe layer4 error-limit 3 on-error mark-down on-marked-down shutdown-sessions");
  }

  std::string bind(const Listener& l) const {
    std::string b = "bind " + l.address + ":" + std::to_string(l.port);
    if (l.tls) b += " ssl crt " + paths_.certDir + "/" + l.certificate + ".pem";
    // Ticket keys the agent keeps across reloads: a returning client resumes
    // its session with the new worker instead of a full handshake.
    if (l.tls) b += " tls-ticket-keys " + paths_.ticketKeysFile;
    // HTTP/1.1 only: NTLM and Negotiate authenticate a connection, which
    // HTTP/2's multiplexing would share between requests.
    if (l.tls && l.kind == ListenerKind::HttpsOffload) b += " alpn http/1.1";
    // IP_TRANSPARENT: bind the pair's virtual address before this node holds it.
    if (l.transparent) b += " transparent";
    return b;
  }

  void frontend(const Listener& l) {
    section("frontend " + l.name);
    if (l.kind != ListenerKind::Tcp) line("mode http");
    line(bind(l));
    line("log global");
    line(l.kind == ListenerKind::Tcp ? "option tcplog" : "option httplog");
    if (l.kind == ListenerKind::HttpsOffload) line("option forwardfor");
    line("timeout client " + duration(l.timeoutClientSeconds));
    if (l.kind != ListenerKind::Tcp) {
      line("timeout http-request " + duration(exchange::kHttpRequestSeconds));
      line("timeout http-keep-alive " + duration(l.keepAliveSeconds));
    }
    switch (l.kind) {
      case ListenerKind::Tcp:
        line("default_backend " + l.backend);
        break;
      case ListenerKind::HttpRedirect:
        line("http-request redirect prefix " + l.redirectPrefix + " code 302");
        break;
      case ListenerKind::HttpsOffload:
        httpsRouting(l);
        break;
    }
  }

  void httpsRouting(const Listener& l) {
    for (const Route& r : l.routes) {
      for (const std::string& p : r.prefixes) {
        line("acl " + r.service + " path -i " + p);
        line("acl " + r.service + " path_beg -i " + p + "/");
      }
    }
    line("# IIS resolves dot segments, backslashes and %-escapes after we route:");
    line("# such a path could reach a service that is not published. Refuse it.");
    line("http-request deny deny_status 400 if { path_sub -i .. %2e %5c %u \\\\ }");
    // The CAS learns the client's address and scheme from us, never from the client.
    line("http-request del-header X-Forwarded-For");
    line("http-request set-header X-Forwarded-Proto https");
    std::string published;
    bool owa = false;
    for (const Route& r : l.routes) {
      if (!r.enabled) continue;
      published += (published.empty() ? "" : " || ") + r.service;
      owa = owa || r.service == "owa";
    }
    if (owa) line("http-request redirect location /owa/ code 302 if { path / }");
    for (const Route& r : l.routes) {
      if (r.enabled) continue;
      line("http-request return status 403 content-type text/plain string \"This Exchange "
           "service is not published by the load balancer.\" if " + r.service);
    }
    const std::string notFound =
        "http-request return status 404 content-type text/plain string \"Not found.\"";
    line(published.empty() ? notFound : notFound + " unless " + published);
    for (const Route& r : l.routes) {
      if (r.enabled) line("use_backend " + r.service + " if " + r.service);
    }
  }

  void backend(const Backend& b) {
    section("backend " + b.name);
    if (!b.why.empty()) line("# " + b.why);
    if (b.http) line("mode http");
    line(b.leastconn ? "balance leastconn" : "balance roundrobin");
    line("timeout server " + duration(b.timeoutServerSeconds));
    persistence(b);
    if (b.http) {
      // A request whose connection to a server failed is sent elsewhere
      // (retries + redispatch). No layer-7 replay (empty-response,
      // junk-response): it copies every request into an extra 32 kB buffer
      // and doubled HAProxy's CPU per request at 50 connections
      // (bench/dataplane/throughput.py --explain); HAProxy closes idle server
      // connections long before IIS does, so the race it covers is rare.
      line("retry-on conn-failure");
    }
    check(b.check);
    for (const Server& s : b.servers) server(b, s);
  }

  void persistence(const Backend& b) {
    const bool ownTable = b.stickTable == b.name;
    // Every table is in a peers section: kept across reloads, and shared in a pair.
    const std::string expireAndPeers = duration(b.stickExpireSeconds) + " peers " +
                                       std::string(toPair(b) ? kPairPeers : kLocalPeers);
    const std::string table = ownTable ? "" : " table " + b.stickTable;
    switch (b.persistence) {
      case Persistence::None:
        return;
      case Persistence::CookieOrSource:
        // maxidle makes HAProxy set the cookie even when the address table
        // chose the server, so a new browser behind a known address gets one.
        line("cookie " + std::string(exchange::kAffinityCookie) +
             " insert indirect nocache httponly secure maxidle " +
             duration(exchange::kCookieMaxIdleSeconds));
        [[fallthrough]];
      case Persistence::Source:
        if (ownTable) {
          line("stick-table type ip size " + std::string(kStickTableSize) + " expire " +
               expireAndPeers);
        }
        line("stick on src" + table);
        return;
      case Persistence::AuthorizationOrSource:
        // Hashed: a Basic Authorization header holds the password, and the
        // table can be listed on the runtime API.
        line("stick-table type binary len 32 size " + std::string(kStickTableSize) + " expire " +
             expireAndPeers);
        line("stick on req.hdr(authorization),sha2(256) if { req.hdr(authorization) -m found }");
        line("stick on src,sha2(256) unless { req.hdr(authorization) -m found }");
        return;
    }
  }

  void check(const HealthCheck& c) {
    switch (c.kind) {
      case CheckKind::Connect:
        return;
      case CheckKind::HttpGet:
        line("option httpchk");
        line("http-check send meth GET uri " + c.uri + " ver HTTP/1.1 hdr Host " + c.host);
        line("http-check expect status " + std::to_string(c.status));
        return;
      case CheckKind::Greeting:
        line("option tcp-check");
        line("tcp-check expect string \"" + c.greeting + "\"");
        return;
      case CheckKind::Smtp:
        line("option smtpchk EHLO " + c.ehloName);
        return;
    }
  }

  void server(const Backend& b, const Server& s) {
    std::string text = "server " + s.name + " " + s.address + ":" + std::to_string(s.port) +
                       " id " + std::to_string(s.id) + " check";
    if (b.check.tls) {
      text += " check-ssl verify none";
      if (!b.check.host.empty()) text += " check-sni " + b.check.host;
    }
    if (b.persistence == Persistence::CookieOrSource) text += " cookie " + s.name;
    if (s.state == v1::SERVER_ADMIN_STATE_DRAIN) text += " weight 0";
    if (s.state == v1::SERVER_ADMIN_STATE_MAINT) text += " disabled";
    line(text);
  }

  const Plan& plan_;
  const Paths& paths_;
  std::string out_;
};

}  // namespace

std::string duration(std::uint32_t seconds) {
  if (seconds != 0 && seconds % 3600 == 0) return std::to_string(seconds / 3600) + "h";
  if (seconds != 0 && seconds % 60 == 0) return std::to_string(seconds / 60) + "m";
  return std::to_string(seconds) + "s";
}

std::string write(const Plan& plan, const Paths& paths) { return Writer(plan, paths).run(); }

}  // namespace exlb::agent::haproxy_writer
