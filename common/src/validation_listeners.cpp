// No two listeners on one address and port. Every enabled virtual service
// binds the listening address (the appliance's own address standalone, the
// virtual service address with high availability); the management page is
// counted on every address, since it answers on the node's own address and
// must not take a port a service needs after a failover.
#include <string>
#include <vector>

#include "validation_internal.h"

namespace exlb::validation {

namespace {

struct Listener {
  std::string path;
  std::string label;
  std::uint32_t port;
};

void addMail(std::vector<Listener>& out, const std::string& area, const std::string& name,
             const v1::MailService& mail) {
  const MailModeUse u = mailModeUse(mail.mode());
  if (u.clearListener) out.push_back({area + ".virtual_port", name, mail.virtual_port()});
  if (u.tlsListener) out.push_back({area + ".virtual_tls_port", name + "s", mail.virtual_tls_port()});
}

std::vector<Listener> listeners(const v1::ApplianceConfig& c) {
  std::vector<Listener> out;
  if (httpEnabled(c.http().mode())) {
    out.push_back({"http.virtual_https_port", "the HTTPs virtual service", c.http().virtual_https_port()});
    out.push_back({"http.redirect_http_port", "the HTTP redirect", c.http().redirect_http_port()});
  }
  addMail(out, "imap", "IMAP", c.imap());
  addMail(out, "pop3", "POP3", c.pop3());
  if (c.rpc().state() == v1::TOGGLE_ENABLED) {
    out.push_back({"rpc.endpoint_mapper_port", "the RPC endpoint mapper", c.rpc().endpoint_mapper_port()});
    out.push_back({"rpc.client_access_port", "RPC Client Access", c.rpc().client_access_port()});
    out.push_back({"rpc.address_book_port", "the RPC Address Book", c.rpc().address_book_port()});
  }
  const v1::SmtpService& s = c.smtp();
  const MailModeUse u = mailModeUse(s.mode());
  if (u.clearListener) out.push_back({"smtp.virtual_port", "SMTP", s.virtual_port()});
  if (u.tlsListener) out.push_back({"smtp.virtual_tls_port", "SMTPs", s.virtual_tls_port()});
  out.push_back({"management.port", "the management page", c.management().port()});
  return out;
}

}  // namespace

void validateListeners(ProblemSink& sink, const v1::ApplianceConfig& config,
                       const Context& context) {
  // A pair's HAProxy shares its stick tables on the node's own address, port
  // 4446 (agent/render/haproxy_renderer.h kPairPeersPort), beside the page.
  if (context.haEnabled && !config.high_availability().peer_address().empty() &&
      config.management().port() == 4446) {
    sink.error("management.port",
               "port 4446 is used by the pair's stick-table replication on this node's own "
               "address; choose another port.");
  }
  const auto all = listeners(config);
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Listener& later = all[i];
    if (later.port == 0 || later.port > 65535) continue;  // reported by the port rule
    for (std::size_t j = 0; j < i; ++j) {
      const Listener& earlier = all[j];
      if (earlier.port != later.port) continue;
      // The RPC rules already name clashes among the three RPC ports.
      if (earlier.path.starts_with("rpc.") && later.path.starts_with("rpc.")) break;
      // With HA the management page stays on the node's own address while
      // services move to the virtual one: name an address only when both
      // listeners share it.
      const bool management = later.path.starts_with("management.");
      const bool sameAddress = !(context.haEnabled && management);
      const std::string where = context.listenAddressText.empty() || !sameAddress
                                    ? ""
                                    : " on " + context.listenAddressText;
      sink.error(later.path, "port " + std::to_string(later.port) + where + " is already used by " +
                                 earlier.label + " (" + earlier.path +
                                 "); two services cannot listen on one address and port.");
      break;
    }
  }
}

}  // namespace exlb::validation
