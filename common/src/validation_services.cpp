// Rules of the services (guide 5.4 HTTP(s), 5.5 IMAP, 5.6 POP3, 5.7 RPC,
// 5.8 SMTP): modes, the fields each mode needs, and the guide's advice.
#include <string>

#include "exlb/common/syntax.h"
#include "validation_internal.h"

namespace exlb::validation {

namespace {

// Microsoft's recommended range for the static RPC ports (guide 2.4, 8.1).
constexpr std::uint32_t kRpcRangeLow = 59531;
constexpr std::uint32_t kRpcRangeHigh = 60554;

Use useIf(bool used) { return used ? Use::Required : Use::Optional; }

void validateApplications(ProblemSink& sink, const v1::HttpApplications& apps, bool enabled) {
  const std::string base = "http.applications";
  const auto* descriptor = v1::HttpApplications::descriptor();
  const auto* reflection = v1::HttpApplications::GetReflection();
  bool allSet = true;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* f = descriptor->field(i);
    allSet &= checkEnum(sink, field(base, f->name()), reflection->GetEnumValue(apps, f),
                        v1::Toggle_descriptor());
  }
  if (!enabled || !allSet) return;
  // The guide's advice (5.4.2.3).
  if (apps.outlook_web_app() != apps.exchange_control_panel()) {
    sink.warning(field(base, "exchange_control_panel"),
                 "Outlook Web App and Exchange Control Panel should be in the same state: OWA "
                 "users reach their options through ECP.");
  }
  if (apps.autodiscover() == v1::TOGGLE_DISABLED) {
    sink.warning(field(base, "autodiscover"),
                 "Autodiscover should always be enabled: Outlook and phones use it to find their "
                 "settings.");
  }
  if (apps.exchange_web_services() == v1::TOGGLE_DISABLED) {
    sink.warning(field(base, "exchange_web_services"),
                 "Exchange Web Services should always be enabled: Outlook uses it for free/busy, "
                 "out-of-office and the offline address book.");
  }
}

}  // namespace

void validateHttp(ProblemSink& sink, const v1::HttpService& http) {
  const bool modeSet = checkEnum(sink, "http.mode", http.mode(), v1::HttpMode_descriptor());
  const bool enabled = httpEnabled(http.mode());
  const bool offload = http.mode() == v1::HTTP_MODE_SSL_OFFLOAD;
  const bool forward = http.mode() == v1::HTTP_MODE_SSL_FORWARD;

  if (checkHostname(sink, "http.host_name", http.host_name(), useIf(enabled), true) &&
      enabled && http.host_name().find('.') == std::string::npos) {
    sink.warning("http.host_name", quoteValue(http.host_name()) +
                                       " is not a fully qualified name; clients and "
                                       "certificates normally use one, like mail.example.com.");
  }
  checkPort(sink, "http.virtual_https_port", http.virtual_https_port(), useIf(enabled));
  checkPort(sink, "http.redirect_http_port", http.redirect_http_port(), useIf(enabled));
  checkPort(sink, "http.cas_http_port", http.cas_http_port(), useIf(enabled));
  checkPort(sink, "http.cas_https_port", http.cas_https_port(), useIf(forward));
  checkTimeout(sink, "http.timeout_seconds", http.timeout_seconds(), useIf(enabled));
  checkCertificateId(sink, "http.certificate", http.certificate(), useIf(offload));
  validateApplications(sink, http.applications(), enabled);

  if (modeSet && !enabled) {
    sink.warning("http.mode",
                 "HTTP(s) services are disabled: Outlook Web App, ActiveSync, Outlook Anywhere "
                 "and above all Autodiscover are unavailable; the guide advises never to "
                 "disable them.");
  }
}

void validateMail(ProblemSink& sink, const std::string& area, const v1::MailService& mail) {
  checkEnum(sink, field(area, "mode"), mail.mode(), v1::MailMode_descriptor());
  const MailModeUse u = mailModeUse(mail.mode());
  checkPort(sink, field(area, "virtual_port"), mail.virtual_port(), useIf(u.clearListener));
  checkPort(sink, field(area, "virtual_tls_port"), mail.virtual_tls_port(), useIf(u.tlsListener));
  checkPort(sink, field(area, "server_port"), mail.server_port(), useIf(u.clearServer));
  checkPort(sink, field(area, "server_tls_port"), mail.server_tls_port(), useIf(u.tlsServer));
  checkTimeout(sink, field(area, "timeout_seconds"), mail.timeout_seconds(), useIf(u.enabled));
  checkCertificateId(sink, field(area, "certificate"), mail.certificate(), useIf(u.offload));
}

void validateSmtp(ProblemSink& sink, const v1::SmtpService& smtp) {
  checkEnum(sink, "smtp.mode", smtp.mode(), v1::MailMode_descriptor());
  const MailModeUse u = mailModeUse(smtp.mode());
  checkPort(sink, "smtp.virtual_port", smtp.virtual_port(), useIf(u.clearListener));
  checkPort(sink, "smtp.virtual_tls_port", smtp.virtual_tls_port(), useIf(u.tlsListener));
  checkPort(sink, "smtp.server_port", smtp.server_port(), useIf(u.clearServer));
  checkPort(sink, "smtp.server_tls_port", smtp.server_tls_port(), useIf(u.tlsServer));
  checkTimeout(sink, "smtp.timeout_seconds", smtp.timeout_seconds(), useIf(u.enabled));
  checkCertificateId(sink, "smtp.certificate", smtp.certificate(), useIf(u.offload));
  if (u.enabled && smtp.hub_servers_size() == 0) {
    sink.error("smtp.hub_servers",
               "SMTP is enabled but no HUB server is configured; add at least one HUB server "
               "or disable SMTP.");
  }
}

void validateRpc(ProblemSink& sink, const v1::RpcService& rpc) {
  checkEnum(sink, "rpc.state", rpc.state(), v1::Toggle_descriptor());
  const bool enabled = rpc.state() == v1::TOGGLE_ENABLED;
  const Use use = useIf(enabled);
  const bool mapperOk =
      checkPort(sink, "rpc.endpoint_mapper_port", rpc.endpoint_mapper_port(), use);
  const bool clientOk = checkPort(sink, "rpc.client_access_port", rpc.client_access_port(), use);
  const bool bookOk = checkPort(sink, "rpc.address_book_port", rpc.address_book_port(), use);
  checkTimeout(sink, "rpc.timeout_seconds", rpc.timeout_seconds(), use);
  if (!enabled) return;

  // The three ports must differ: the guide (8.1) says so for the two static
  // ports, and the endpoint mapper hands clients one of them.
  if (clientOk && mapperOk && rpc.client_access_port() == rpc.endpoint_mapper_port()) {
    sink.error("rpc.client_access_port",
               "port " + std::to_string(rpc.client_access_port()) +
                   " is also the endpoint mapper's port; the RPC Client Access service needs its "
                   "own static port.");
  }
  if (bookOk && mapperOk && rpc.address_book_port() == rpc.endpoint_mapper_port()) {
    sink.error("rpc.address_book_port",
               "port " + std::to_string(rpc.address_book_port()) +
                   " is also the endpoint mapper's port; the Address Book service needs its own "
                   "static port.");
  } else if (bookOk && clientOk && rpc.address_book_port() == rpc.client_access_port()) {
    sink.error("rpc.address_book_port",
               "port " + std::to_string(rpc.address_book_port()) +
                   " is also the Client Access port; Microsoft requires different static ports "
                   "for RPC Client Access and Address Book.");
  }

  const auto advise = [&sink](const char* path, std::uint32_t port, const char* service) {
    if (port == 0 || port > 65535 || (port >= kRpcRangeLow && port <= kRpcRangeHigh)) return;
    sink.warning(path, "port " + std::to_string(port) + " is outside Microsoft's recommended range "
                           "59531-60554 for the " + service + " static port.");
  };
  advise("rpc.client_access_port", rpc.client_access_port(), "RPC Client Access");
  advise("rpc.address_book_port", rpc.address_book_port(), "Address Book");
}

}  // namespace exlb::validation
