#include "exlb/common/defaults.h"

namespace exlb {

namespace {
// The guide's "Timeout" field defaults to 25 seconds in every area.
constexpr unsigned kGuideTimeoutSeconds = 25;
}  // namespace

v1::NetworkConfig defaultNetwork() {
  // Guide 4.1: with no DHCP lease the appliance configures 192.168.0.200/24
  // and no gateway ("Use default gateway (none)?").
  v1::NetworkConfig n;
  n.set_hostname("exlb");
  n.set_address("192.168.0.200");
  n.set_netmask("255.255.255.0");
  n.set_gateway("");
  n.set_vlan_id(0);
  return n;
}

v1::HighAvailabilityConfig defaultHighAvailability() {
  // Guide 4.2.2.1: disabled by default. The guide's screens show cluster
  // identifier 253 when a role is chosen; the virtual address has no default.
  v1::HighAvailabilityConfig ha;
  ha.set_role(v1::HA_ROLE_DISABLED);
  ha.set_virtual_address("");
  ha.set_cluster_id(253);
  return ha;
}

v1::HttpService defaultHttp() {
  // Guide 5.4.2: ssl-offload with the appliance's self-signed certificate for
  // mail.mydomain.local; 443, 80, 80 (and 443 for ssl-forward), 25 s; every
  // HTTP-based Exchange service enabled.
  v1::HttpService h;
  h.set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
  h.set_host_name("mail.mydomain.local");
  h.set_virtual_https_port(443);
  h.set_redirect_http_port(80);
  h.set_cas_http_port(80);
  h.set_cas_https_port(443);
  h.set_timeout_seconds(kGuideTimeoutSeconds);
  h.set_certificate(kDefaultCertificateId);
  auto* a = h.mutable_applications();
  a->set_outlook_web_app(v1::TOGGLE_ENABLED);
  a->set_exchange_control_panel(v1::TOGGLE_ENABLED);
  a->set_offline_address_book(v1::TOGGLE_ENABLED);
  a->set_autodiscover(v1::TOGGLE_ENABLED);
  a->set_exchange_web_services(v1::TOGGLE_ENABLED);
  a->set_activesync(v1::TOGGLE_ENABLED);
  a->set_outlook_anywhere(v1::TOGGLE_ENABLED);
  // Not in the guide: Remote PowerShell is rarely published to clients, so
  // it stays refused at the appliance until an administrator enables it.
  a->set_remote_powershell(v1::TOGGLE_DISABLED);
  return h;
}

namespace {
v1::MailService mailDefaults(unsigned clearPort, unsigned tlsPort) {
  v1::MailService m;
  m.set_mode(v1::MAIL_MODE_DISABLED);
  m.set_virtual_port(clearPort);
  m.set_virtual_tls_port(tlsPort);
  m.set_server_port(clearPort);
  m.set_server_tls_port(tlsPort);
  m.set_timeout_seconds(kGuideTimeoutSeconds);
  m.set_certificate(kDefaultCertificateId);
  return m;
}
}  // namespace

v1::MailService defaultImap() { return mailDefaults(143, 993); }  // guide 5.5
v1::MailService defaultPop3() { return mailDefaults(110, 995); }  // guide 5.6

v1::RpcService defaultRpc() {
  // Guide 5.7 and 2.4: enabled; endpoint mapper 135, static ports 60000/60001.
  v1::RpcService r;
  r.set_state(v1::TOGGLE_ENABLED);
  r.set_endpoint_mapper_port(135);
  r.set_client_access_port(60000);
  r.set_address_book_port(60001);
  r.set_timeout_seconds(kGuideTimeoutSeconds);
  return r;
}

v1::SmtpService defaultSmtp() {
  // Guide 5.8: disabled; 25 and 587 on both sides; no HUB server yet.
  v1::SmtpService s;
  s.set_mode(v1::MAIL_MODE_DISABLED);
  s.set_virtual_port(25);
  s.set_virtual_tls_port(587);
  s.set_server_port(25);
  s.set_server_tls_port(587);
  s.set_timeout_seconds(kGuideTimeoutSeconds);
  s.set_certificate(kDefaultCertificateId);
  return s;
}

v1::SystemSettings defaultSystem() {
  v1::SystemSettings s;
  s.set_language(v1::LANGUAGE_ENGLISH);
  s.set_timezone("UTC");
  return s;
}

v1::ManagementSettings defaultManagement() {
  // Guide 4.1.1: the web interface is at https://<address>:4444/.
  v1::ManagementSettings m;
  m.set_port(4444);
  m.set_certificate(kDefaultCertificateId);
  return m;
}

v1::ServicesConfig defaultServices() {
  // Guide 6.3: every service of the factory appliance starts at boot ("Auto.").
  v1::ServicesConfig s;
  s.set_haproxy(v1::STARTUP_MODE_AUTO);
  s.set_vrrp(v1::STARTUP_MODE_AUTO);
  return s;
}

v1::ApplianceConfig defaultConfig() {
  v1::ApplianceConfig c;
  c.set_schema_version(kSchemaVersion);
  *c.mutable_network() = defaultNetwork();
  *c.mutable_high_availability() = defaultHighAvailability();
  *c.mutable_http() = defaultHttp();
  *c.mutable_imap() = defaultImap();
  *c.mutable_pop3() = defaultPop3();
  *c.mutable_rpc() = defaultRpc();
  *c.mutable_smtp() = defaultSmtp();
  *c.mutable_system() = defaultSystem();
  c.set_exchange_version(v1::EXCHANGE_VERSION_2010);
  *c.mutable_management() = defaultManagement();
  *c.mutable_services() = defaultServices();
  return c;
}

}  // namespace exlb
