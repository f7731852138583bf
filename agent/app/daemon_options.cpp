#include "app/daemon.h"

#include <charconv>
#include <cstdlib>

namespace exlb::agent {

const char* daemonUsage() {
  return "daemon options:\n"
         "  --data-dir DIR      configuration store, certificates, accounts, audit.log\n"
         "                      (default /var/lib/exlb)\n"
         "  --run-dir DIR       haproxy.cfg, sockets, state; emptied at boot (default /run/exlb)\n"
         "  --system-root DIR   stands for / for files written outside the data dir (default /)\n"
         "  --haproxy PATH      the HAProxy binary (default /usr/sbin/haproxy)\n"
         "  --keepalived PATH   the keepalived binary (default /usr/sbin/keepalived); it runs\n"
         "                      only while the configuration enables high availability\n"
         "  --no-keepalived     never run keepalived (tests of pairs on loopback: no VRRP)\n"
         "  --vrrp-filter       while HA is on with a peer, accept VRRP only from the peer\n"
         "                      (nftables table ip exlb_vrrp; the appliance's unit passes it)\n"
         "  --vrrp-advert-interval SECONDS  VRRP advertisement interval (default 0.1;\n"
         "                      1 is keepalived's own default)\n"
         "  --vrrp-preempt-delay SECONDS  how long a returning master waits before it takes\n"
         "                      the virtual address back (default 15, 0-1000)\n"
         "  --config FILE       make this configuration (JSON) the running one at start;\n"
         "                      SIGHUP reads it again and applies it\n"
         "  --listen ADDR:PORT  management API and web page (default 0.0.0.0:4444; port 0: any)\n"
         "  --peer-listen ADDR:PORT  the pair channel, agent to agent (default 0.0.0.0:4445);\n"
         "                      opened only while high availability is on with a pinned peer\n"
         "  --tls-ticket-rotation SECONDS  how often the TLS session-ticket keys rotate\n"
         "                      (default 3600, the session lifetime; 1-3600: labs and tests)\n"
         "  --log-level LEVEL   trace, debug, info, warn, error (default info)\n";
}

bool parseDaemonOptions(const std::vector<std::string>& args, DaemonOptions& o,
                        std::string& error) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size() || args[i + 1].empty()) {
        error = arg + " needs a value";
        return false;
      }
      out = args[++i];
      return true;
    };
    std::string v;
    if (arg == "--data-dir" || arg == "--run-dir" || arg == "--system-root" ||
        arg == "--haproxy" || arg == "--config") {
      if (!value(v)) return false;
      if (arg == "--data-dir") o.dataDir = v;
      if (arg == "--run-dir") o.runDir = v;
      if (arg == "--system-root") o.systemRoot = v;
      if (arg == "--haproxy") o.haproxy = v;
      if (arg == "--config") o.configFile = v;
    } else if (arg == "--keepalived") {
      if (!value(v)) return false;
      o.keepalived = v;
    } else if (arg == "--no-keepalived") {
      o.runKeepalived = false;
    } else if (arg == "--vrrp-filter") {
      o.vrrpFilter = true;
    } else if (arg == "--vrrp-advert-interval" || arg == "--vrrp-preempt-delay") {
      if (!value(v)) return false;
      const bool advert = arg == "--vrrp-advert-interval";
      char* end = nullptr;
      const double seconds = std::strtod(v.c_str(), &end);
      const double ms = seconds * 1000.0;
      const bool ok = end == v.c_str() + v.size() &&
                      (advert ? (ms >= 10 && ms <= 40000 && static_cast<long>(ms + 0.5) % 10 == 0)
                              : (seconds >= 0 && seconds <= 1000 && seconds == static_cast<long>(seconds)));
      if (!ok) {
        error = advert ? "--vrrp-advert-interval wants seconds from 0.01 to 40 in steps of 0.01, not '" + v + "'"
                       : "--vrrp-preempt-delay wants whole seconds from 0 to 1000, not '" + v + "'";
        return false;
      }
      if (advert) o.vrrpAdvertMs = static_cast<std::uint32_t>(ms + 0.5);
      else o.vrrpPreemptDelaySec = static_cast<std::uint32_t>(seconds);
    } else if (arg == "--tls-ticket-rotation") {
      // Shorter than the default only so a lab or a test sees a rotation
      // reach the peer; longer would keep a ticket key beyond the sessions it
      // protects (tls_ticket_keys.h).
      if (!value(v)) return false;
      unsigned seconds = 0;
      const char* end = v.data() + v.size();
      if (std::from_chars(v.data(), end, seconds).ptr != end || seconds < 1 || seconds > 3600) {
        error = "--tls-ticket-rotation wants whole seconds from 1 to 3600, not '" + v + "'";
        return false;
      }
      o.ticketKeyRotationSec = seconds;
    } else if (arg == "--log-level") {
      if (!value(o.logLevel)) return false;
      static const char* levels[] = {"trace", "debug", "info", "warn", "error", "critical", "off"};
      bool known = false;
      for (const char* l : levels) known = known || o.logLevel == l;
      if (!known) {
        error = "unknown log level '" + o.logLevel + "'";
        return false;
      }
    } else if (arg == "--listen" || arg == "--peer-listen") {
      if (!value(v)) return false;
      const auto colon = v.rfind(':');
      unsigned port = 0;
      const char* end = v.data() + v.size();
      if (colon == std::string::npos || colon == 0 ||
          std::from_chars(v.data() + colon + 1, end, port).ptr != end || port > 65535) {
        error = arg + " wants ADDRESS:PORT, e.g. 127.0.0.1:" +
                (arg == "--listen" ? "4444" : "4445") + ", not '" + v + "'";
        return false;
      }
      if (arg == "--listen") {
        o.listenAddress = v.substr(0, colon);
        o.listenPort = static_cast<std::uint16_t>(port);
      } else {
        o.peerListenAddress = v.substr(0, colon);
        o.peerListenPort = static_cast<std::uint16_t>(port);
      }
    } else if (const auto api = parseApiOption(args, i, o.api, error);
               api != ApiOptionParse::NotMine) {
      if (api == ApiOptionParse::Error) return false;
    } else {
      error = "unknown option '" + arg + "'";
      return false;
    }
  }
  return true;
}

}  // namespace exlb::agent
