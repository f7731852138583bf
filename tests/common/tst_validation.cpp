// validateConfig, rule by rule: each case changes the guide's clean example
// configuration in one way and names the problem an administrator must see
// (severity, field path, and the words of the sentence that matter), or
// that the change is accepted without any problem.
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "exlb/common/validation.h"
#include "test_configs.h"

using namespace exlb;
using exlb::test::cleanConfig;

namespace {

enum class Expect { Error, Warning, Accepted };

struct Case {
  const char* name;
  std::function<void(v1::ApplianceConfig&)> change;
  Expect expect;
  std::string path;      // the problem's field path (Error/Warning)
  std::string fragment;  // words the message must contain
};

std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

std::string describe(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    out += (p.severity == Severity::Error ? "  error: " : "  warning: ") + p.path + ": " +
           p.message + "\n";
  }
  return out.empty() ? "  (none)\n" : out;
}

using C = v1::ApplianceConfig;
v1::RealServer server(const std::string& address, const std::string& name = "") {
  v1::RealServer s;
  s.set_address(address);
  s.set_name(name);
  s.set_admin_state(v1::SERVER_ADMIN_STATE_READY);
  return s;
}
void addRoute(C& c, const char* network, const char* mask, const char* router) {
  auto* r = c.mutable_network()->add_static_routes();
  r->set_network(network);
  r->set_netmask(mask);
  r->set_router(router);
}
void haMaster(C& c, const char* vip = "10.0.0.253") {
  auto* ha = c.mutable_high_availability();
  ha->set_role(v1::HA_ROLE_MASTER);
  ha->set_virtual_address(vip);
  ha->set_peer_address("10.0.0.18");
}
void smtpWithHub(C& c, v1::MailMode mode) {
  c.mutable_smtp()->set_mode(mode);
  *c.mutable_smtp()->add_hub_servers() = server("10.0.0.21");
}

const Case kCases[] = {
    // Schema version.
    {"SchemaVersionMissing", [](C& c) { c.set_schema_version(0); }, Expect::Error, "schema_version", "missing"},
    {"SchemaVersionNewer", [](C& c) { c.set_schema_version(2); }, Expect::Error, "schema_version", "2 is newer"},

    // Network: host name.
    {"HostnameEmpty", [](C& c) { c.mutable_network()->set_hostname(""); }, Expect::Error, "network.hostname", "no host name"},
    {"HostnameUnderscore", [](C& c) { c.mutable_network()->set_hostname("lb_1"); }, Expect::Error, "network.hostname", "'lb_1' is not a valid host name"},
    {"HostnameSpace", [](C& c) { c.mutable_network()->set_hostname("lb 1"); }, Expect::Error, "network.hostname", "a space"},
    {"HostnameLeadingDash", [](C& c) { c.mutable_network()->set_hostname("-lb"); }, Expect::Error, "network.hostname", "not a valid host name"},
    {"HostnameTooLongForLinux", [](C& c) { c.mutable_network()->set_hostname(std::string(40, 'a') + "." + std::string(40, 'b')); }, Expect::Error, "network.hostname", "64 characters"},
    {"HostnameDottedAccepted", [](C& c) { c.mutable_network()->set_hostname("aloha1.example.com"); }, Expect::Accepted, "", ""},

    // Network: address, netmask, gateway.
    {"AddressOctetTooBig", [](C& c) { c.mutable_network()->set_address("10.0.0.300"); }, Expect::Error, "network.address", "'10.0.0.300' is not an IPv4 address"},
    {"AddressLeadingZero", [](C& c) { c.mutable_network()->set_address("10.0.0.017"); }, Expect::Error, "network.address", "not an IPv4 address"},
    {"AddressThreeParts", [](C& c) { c.mutable_network()->set_address("10.0.17"); }, Expect::Error, "network.address", "not an IPv4 address"},
    {"AddressEmpty", [](C& c) { c.mutable_network()->set_address(""); }, Expect::Error, "network.address", "no address"},
    {"AddressMulticast", [](C& c) { c.mutable_network()->set_address("224.0.0.18"); }, Expect::Error, "network.address", "cannot be a host's address"},
    {"AddressIsNetwork", [](C& c) { c.mutable_network()->set_address("10.0.0.0"); }, Expect::Error, "network.address", "network address of 10.0.0.0/16"},
    {"AddressIsBroadcast", [](C& c) { c.mutable_network()->set_address("10.0.255.255"); }, Expect::Error, "network.address", "broadcast address"},
    {"NetmaskNotContiguous", [](C& c) { c.mutable_network()->set_netmask("255.0.255.0"); }, Expect::Error, "network.netmask", "contiguous"},
    {"NetmaskSlash32", [](C& c) { c.mutable_network()->set_netmask("255.255.255.255"); }, Expect::Error, "network.netmask", "/32"},
    {"NetmaskGarbage", [](C& c) { c.mutable_network()->set_netmask("/16"); }, Expect::Error, "network.netmask", "is not a netmask"},
    {"NetmaskEmpty", [](C& c) { c.mutable_network()->set_netmask(""); }, Expect::Error, "network.netmask", "no netmask"},
    {"GatewayOutsideSubnet", [](C& c) { c.mutable_network()->set_gateway("10.1.0.1"); }, Expect::Error, "network.gateway", "outside the appliance's subnet 10.0.0.0/16"},
    {"GatewayIsNetwork", [](C& c) { c.mutable_network()->set_gateway("10.0.0.0"); }, Expect::Error, "network.gateway", "network address"},
    {"GatewayIsBroadcast", [](C& c) { c.mutable_network()->set_gateway("10.0.255.255"); }, Expect::Error, "network.gateway", "broadcast address"},
    {"GatewayIsOwnAddress", [](C& c) { c.mutable_network()->set_gateway("10.0.0.17"); }, Expect::Error, "network.gateway", "own address"},
    {"GatewayNotAnAddress", [](C& c) { c.mutable_network()->set_gateway("router"); }, Expect::Error, "network.gateway", "'router' is not an IPv4 address"},
    {"GatewayNoneAccepted", [](C& c) { c.mutable_network()->set_gateway(""); }, Expect::Accepted, "", ""},

    // Network: VLAN.
    {"Vlan4095", [](C& c) { c.mutable_network()->set_vlan_id(4095); }, Expect::Error, "network.vlan_id", "4095 is not a VLAN identifier"},
    {"Vlan4094Accepted", [](C& c) { c.mutable_network()->set_vlan_id(4094); }, Expect::Accepted, "", ""},
    {"Vlan1Accepted", [](C& c) { c.mutable_network()->set_vlan_id(1); }, Expect::Accepted, "", ""},

    // Network: static routes.
    {"RouteAccepted", [](C& c) { addRoute(c, "172.16.0.0", "255.255.0.0", "10.0.1.2"); }, Expect::Accepted, "", ""},
    {"RouteHostAccepted", [](C& c) { addRoute(c, "172.16.0.9", "255.255.255.255", "10.0.1.2"); }, Expect::Accepted, "", ""},
    {"FiveRoutes", [](C& c) { for (int i = 0; i < 5; ++i) addRoute(c, ("172.16." + std::to_string(i) + ".0").c_str(), "255.255.255.0", "10.0.1.2"); }, Expect::Error, "network.static_routes", "at most 4"},
    {"RouteNotAligned", [](C& c) { addRoute(c, "172.16.1.0", "255.255.0.0", "10.0.1.2"); }, Expect::Error, "network.static_routes[0].network", "not aligned"},
    {"RouteNetworkGarbage", [](C& c) { addRoute(c, "172.16/16", "255.255.0.0", "10.0.1.2"); }, Expect::Error, "network.static_routes[0].network", "not an IPv4 network"},
    {"RouteNetmaskNotContiguous", [](C& c) { addRoute(c, "172.16.0.0", "255.0.255.0", "10.0.1.2"); }, Expect::Error, "network.static_routes[0].netmask", "contiguous"},
    {"RouteDefaultRouteRefused", [](C& c) { addRoute(c, "0.0.0.0", "0.0.0.0", "10.0.1.2"); }, Expect::Error, "network.static_routes[0].netmask", "/0"},
    {"RouteRouterOutside", [](C& c) { addRoute(c, "172.16.0.0", "255.255.0.0", "192.168.1.1"); }, Expect::Error, "network.static_routes[0].router", "outside the appliance's subnet"},
    {"RouteRouterMissing", [](C& c) { addRoute(c, "172.16.0.0", "255.255.0.0", ""); }, Expect::Error, "network.static_routes[0].router", "no router"},
    {"RouteRepeated", [](C& c) { addRoute(c, "172.16.0.0", "255.255.0.0", "10.0.1.2"); addRoute(c, "172.16.0.0", "255.255.0.0", "10.0.1.3"); }, Expect::Error, "network.static_routes[1].network", "repeats route 1"},

    // High availability.
    {"HaRoleUnset", [](C& c) { c.mutable_high_availability()->set_role(v1::HA_ROLE_UNSPECIFIED); }, Expect::Error, "high_availability.role", "is not set"},
    {"HaRoleUnknownNumber", [](C& c) { c.mutable_high_availability()->set_role(static_cast<v1::HaRole>(9)); }, Expect::Error, "high_availability.role", "9 is not a valid choice"},
    {"HaMasterAccepted", [](C& c) { haMaster(c); }, Expect::Accepted, "", ""},
    {"HaBackupAccepted", [](C& c) { haMaster(c); c.mutable_high_availability()->set_role(v1::HA_ROLE_BACKUP); }, Expect::Accepted, "", ""},
    {"HaVirtualAddressMissing", [](C& c) { haMaster(c, ""); }, Expect::Error, "high_availability.virtual_address", "no address"},
    {"HaVirtualAddressOutside", [](C& c) { haMaster(c, "192.168.0.253"); }, Expect::Error, "high_availability.virtual_address", "outside the appliance's subnet"},
    {"HaVirtualAddressIsOwn", [](C& c) { haMaster(c, "10.0.0.17"); }, Expect::Error, "high_availability.virtual_address", "own address"},
    {"HaVirtualAddressIsBroadcast", [](C& c) { haMaster(c, "10.0.255.255"); }, Expect::Error, "high_availability.virtual_address", "broadcast address"},
    {"HaClusterIdZero", [](C& c) { haMaster(c); c.mutable_high_availability()->set_cluster_id(0); }, Expect::Error, "high_availability.cluster_id", "0 is not a cluster identifier"},
    {"HaClusterId256", [](C& c) { haMaster(c); c.mutable_high_availability()->set_cluster_id(256); }, Expect::Error, "high_availability.cluster_id", "1 to 255"},
    {"HaDisabledIgnoresClusterId", [](C& c) { c.mutable_high_availability()->set_cluster_id(0); }, Expect::Accepted, "", ""},
    {"HaNoPeerWarns", [](C& c) { haMaster(c); c.mutable_high_availability()->set_peer_address(""); }, Expect::Warning, "high_availability.peer_address", "no peer address"},
    {"HaPeerIsOwn", [](C& c) { haMaster(c); c.mutable_high_availability()->set_peer_address("10.0.0.17"); }, Expect::Error, "high_availability.peer_address", "own address"},
    {"HaPeerIsVirtual", [](C& c) { haMaster(c); c.mutable_high_availability()->set_peer_address("10.0.0.253"); }, Expect::Error, "high_availability.peer_address", "virtual service address"},
    {"HaListenersUseVirtualAddress", [](C& c) { haMaster(c); c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR); c.mutable_imap()->set_virtual_port(443); }, Expect::Error, "imap.virtual_port", "port 443 on 10.0.0.253 is already used"},
    {"HaManagementOnPeersPort", [](C& c) { haMaster(c); c.mutable_management()->set_port(4446); }, Expect::Error, "management.port", "port 4446 is used by the pair's stick-table replication"},
    {"StandaloneManagementOnPeersPortAccepted", [](C& c) { c.mutable_management()->set_port(4446); }, Expect::Accepted, "", ""},
    {"HaManagementClashStillCounts", [](C& c) { haMaster(c); c.mutable_management()->set_port(443); }, Expect::Error, "management.port", "port 443 is already used by the HTTPs virtual service"},

    // CAS servers.
    {"CasFive", [](C& c) { for (const char* a : {"10.0.0.30", "10.0.0.31", "10.0.0.32"}) *c.add_cas_servers() = server(a); }, Expect::Error, "cas_servers", "5 CAS servers"},
    {"CasFourAccepted", [](C& c) { for (const char* a : {"10.0.0.30", "10.0.0.31"}) *c.add_cas_servers() = server(a); }, Expect::Accepted, "", ""},
    {"CasAddressInvalid", [](C& c) { c.mutable_cas_servers(1)->set_address("10.0.0.300"); }, Expect::Error, "cas_servers[1].address", "'10.0.0.300' is not an IPv4 address"},
    {"CasAddressEmpty", [](C& c) { c.mutable_cas_servers(0)->set_address(""); }, Expect::Error, "cas_servers[0].address", "no address"},
    {"CasAddressRepeated", [](C& c) { c.mutable_cas_servers(1)->set_address("10.0.0.15"); }, Expect::Error, "cas_servers[1].address", "already CAS1's address"},
    {"CasAddressIsAppliance", [](C& c) { c.mutable_cas_servers(0)->set_address("10.0.0.17"); }, Expect::Error, "cas_servers[0].address", "appliance's own address"},
    {"CasAddressIsVirtual", [](C& c) { haMaster(c); c.mutable_cas_servers(0)->set_address("10.0.0.253"); }, Expect::Error, "cas_servers[0].address", "virtual service address"},
    {"CasRoutedAddressAccepted", [](C& c) { c.mutable_cas_servers(0)->set_address("172.16.4.5"); }, Expect::Accepted, "", ""},
    {"CasNameWithSpace", [](C& c) { c.mutable_cas_servers(0)->set_name("cas one"); }, Expect::Error, "cas_servers[0].name", "a space"},
    {"CasNameTooLong", [](C& c) { c.mutable_cas_servers(0)->set_name(std::string(33, 'c')); }, Expect::Error, "cas_servers[0].name", "1 to 32"},
    {"CasNameTakesDefaultOfOther", [](C& c) { c.mutable_cas_servers(1)->set_name("cas1"); }, Expect::Error, "cas_servers[1].name", "'cas1' is already used by cas_servers[0]"},
    {"CasNamesAccepted", [](C& c) { c.mutable_cas_servers(0)->set_name("EXCAS-01.lab"); c.mutable_cas_servers(1)->set_name("excas_02"); }, Expect::Accepted, "", ""},
    {"CasAdminStateUnset", [](C& c) { c.mutable_cas_servers(0)->set_admin_state(v1::SERVER_ADMIN_STATE_UNSPECIFIED); }, Expect::Error, "cas_servers[0].admin_state", "is not set"},
    {"CasDrainAccepted", [](C& c) { c.mutable_cas_servers(0)->set_admin_state(v1::SERVER_ADMIN_STATE_DRAIN); }, Expect::Accepted, "", ""},
    {"NoCasWarnsNamingServices", [](C& c) { c.clear_cas_servers(); }, Expect::Warning, "cas_servers", "(HTTP(s), RPC)"},

    // HTTP(s).
    {"HttpModeUnset", [](C& c) { c.mutable_http()->set_mode(v1::HTTP_MODE_UNSPECIFIED); }, Expect::Error, "http.mode", "is not set; choose HTTP_MODE_DISABLED"},
    {"HttpDisabledWarns", [](C& c) { c.mutable_http()->set_mode(v1::HTTP_MODE_DISABLED); }, Expect::Warning, "http.mode", "never"},
    {"HttpForwardAccepted", [](C& c) { c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_FORWARD); c.mutable_http()->set_certificate(""); }, Expect::Accepted, "", ""},
    {"HttpHostNameMissing", [](C& c) { c.mutable_http()->set_host_name(""); }, Expect::Error, "http.host_name", "no host name"},
    {"HttpHostNameNotNeededWhenDisabled", [](C& c) { c.mutable_http()->set_mode(v1::HTTP_MODE_DISABLED); c.mutable_http()->set_host_name(""); }, Expect::Warning, "http.mode", "disabled"},
    {"HttpHostNameShortWarns", [](C& c) { c.mutable_http()->set_host_name("mail"); }, Expect::Warning, "http.host_name", "not a fully qualified name"},
    {"HttpHostNameHash", [](C& c) { c.mutable_http()->set_host_name("mail#x.local"); }, Expect::Error, "http.host_name", "'#'"},
    {"HttpHostNameTemplate", [](C& c) { c.mutable_http()->set_host_name("${HOST}.local"); }, Expect::Error, "http.host_name", "'${'"},
    {"HttpHostNameQuote", [](C& c) { c.mutable_http()->set_host_name("mail\".local"); }, Expect::Error, "http.host_name", "a quote"},
    {"HttpHostNameNewline", [](C& c) { c.mutable_http()->set_host_name("mail.local\nbind :22"); }, Expect::Error, "http.host_name", "control character"},
    {"HttpVirtualPortZero", [](C& c) { c.mutable_http()->set_virtual_https_port(0); }, Expect::Error, "http.virtual_https_port", "no port"},
    {"HttpVirtualPortTooBig", [](C& c) { c.mutable_http()->set_virtual_https_port(65536); }, Expect::Error, "http.virtual_https_port", "65536 is not a TCP port"},
    {"HttpRedirectPortZero", [](C& c) { c.mutable_http()->set_redirect_http_port(0); }, Expect::Error, "http.redirect_http_port", "no port"},
    {"HttpCasHttpPortZero", [](C& c) { c.mutable_http()->set_cas_http_port(0); }, Expect::Error, "http.cas_http_port", "no port"},
    {"HttpCasHttpsPortZeroForward", [](C& c) { c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_FORWARD); c.mutable_http()->set_cas_https_port(0); }, Expect::Error, "http.cas_https_port", "no port"},
    {"HttpCasHttpsPortUnusedOffload", [](C& c) { c.mutable_http()->set_cas_https_port(0); }, Expect::Accepted, "", ""},
    {"HttpUnusedPortStillInRange", [](C& c) { c.mutable_http()->set_cas_https_port(99999); }, Expect::Error, "http.cas_https_port", "99999 is not a TCP port"},
    {"HttpTimeoutZero", [](C& c) { c.mutable_http()->set_timeout_seconds(0); }, Expect::Error, "http.timeout_seconds", "0 seconds"},
    {"HttpTimeoutOverADay", [](C& c) { c.mutable_http()->set_timeout_seconds(86401); }, Expect::Error, "http.timeout_seconds", "86401 seconds"},
    {"HttpTimeoutOneDayAccepted", [](C& c) { c.mutable_http()->set_timeout_seconds(86400); }, Expect::Accepted, "", ""},
    {"HttpOffloadNeedsCertificate", [](C& c) { c.mutable_http()->set_certificate(""); }, Expect::Error, "http.certificate", "no certificate"},
    {"HttpCertificateUpperCase", [](C& c) { c.mutable_http()->set_certificate("Default"); }, Expect::Error, "http.certificate", "'Default' is not a certificate id"},
    {"HttpCertificateSpace", [](C& c) { c.mutable_http()->set_certificate("my cert"); }, Expect::Error, "http.certificate", "a space"},
    {"HttpCertificateAccepted", [](C& c) { c.mutable_http()->set_certificate("mail.example.com-2026"); }, Expect::Accepted, "", ""},
    {"HttpApplicationUnset", [](C& c) { c.mutable_http()->mutable_applications()->set_outlook_web_app(v1::TOGGLE_UNSPECIFIED); }, Expect::Error, "http.applications.outlook_web_app", "is not set"},
    {"HttpOwaWithoutEcpWarns", [](C& c) { c.mutable_http()->mutable_applications()->set_exchange_control_panel(v1::TOGGLE_DISABLED); }, Expect::Warning, "http.applications.exchange_control_panel", "same state"},
    {"HttpBothOwaEcpOffAccepted", [](C& c) { auto* a = c.mutable_http()->mutable_applications(); a->set_outlook_web_app(v1::TOGGLE_DISABLED); a->set_exchange_control_panel(v1::TOGGLE_DISABLED); }, Expect::Accepted, "", ""},
    {"HttpAutodiscoverOffWarns", [](C& c) { c.mutable_http()->mutable_applications()->set_autodiscover(v1::TOGGLE_DISABLED); }, Expect::Warning, "http.applications.autodiscover", "always be enabled"},
    {"HttpEwsOffWarns", [](C& c) { c.mutable_http()->mutable_applications()->set_exchange_web_services(v1::TOGGLE_DISABLED); }, Expect::Warning, "http.applications.exchange_web_services", "always be enabled"},

    // IMAP and POP3.
    {"ImapModeUnset", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_UNSPECIFIED); }, Expect::Error, "imap.mode", "is not set"},
    {"ImapEveryModeAccepted", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD); c.mutable_pop3()->set_mode(v1::MAIL_MODE_CLEAR_AND_SSL_FORWARD); }, Expect::Accepted, "", ""},
    {"ImapClearPortZero", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR); c.mutable_imap()->set_virtual_port(0); }, Expect::Error, "imap.virtual_port", "no port"},
    {"ImapForwardUnusedClearPortAccepted", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_SSL_FORWARD); c.mutable_imap()->set_virtual_port(0); c.mutable_imap()->set_server_port(0); }, Expect::Accepted, "", ""},
    {"ImapForwardTlsPortZero", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_SSL_FORWARD); c.mutable_imap()->set_virtual_tls_port(0); }, Expect::Error, "imap.virtual_tls_port", "no port"},
    {"ImapForwardServerTlsPortZero", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_SSL_FORWARD); c.mutable_imap()->set_server_tls_port(0); }, Expect::Error, "imap.server_tls_port", "no port"},
    {"ImapOffloadServerPortZero", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_SSL_OFFLOAD); c.mutable_imap()->set_server_port(0); }, Expect::Error, "imap.server_port", "no port"},
    {"ImapOffloadNeedsCertificate", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_SSL_OFFLOAD); c.mutable_imap()->set_certificate(""); }, Expect::Error, "imap.certificate", "no certificate"},
    {"ImapTimeoutZero", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR); c.mutable_imap()->set_timeout_seconds(0); }, Expect::Error, "imap.timeout_seconds", "0 seconds"},
    {"ImapDisabledTimeoutZeroAccepted", [](C& c) { c.mutable_imap()->set_timeout_seconds(0); }, Expect::Accepted, "", ""},
    {"Pop3ClearAndOffloadNeedsCertificate", [](C& c) { c.mutable_pop3()->set_mode(v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD); c.mutable_pop3()->set_certificate(""); }, Expect::Error, "pop3.certificate", "no certificate"},
    {"Pop3ModeUnknownNumber", [](C& c) { c.mutable_pop3()->set_mode(static_cast<v1::MailMode>(42)); }, Expect::Error, "pop3.mode", "42 is not a valid choice"},
    {"Pop3TlsPortTooBig", [](C& c) { c.mutable_pop3()->set_mode(v1::MAIL_MODE_SSL_FORWARD); c.mutable_pop3()->set_virtual_tls_port(70000); }, Expect::Error, "pop3.virtual_tls_port", "70000 is not a TCP port"},

    // RPC.
    {"RpcStateUnset", [](C& c) { c.mutable_rpc()->set_state(v1::TOGGLE_UNSPECIFIED); }, Expect::Error, "rpc.state", "is not set"},
    {"RpcSameStaticPorts", [](C& c) { c.mutable_rpc()->set_address_book_port(60000); }, Expect::Error, "rpc.address_book_port", "different static ports"},
    {"RpcClientAccessOnMapper", [](C& c) { c.mutable_rpc()->set_client_access_port(135); }, Expect::Error, "rpc.client_access_port", "endpoint mapper"},
    {"RpcClientAccessOutsideRangeWarns", [](C& c) { c.mutable_rpc()->set_client_access_port(6001); }, Expect::Warning, "rpc.client_access_port", "59531-60554"},
    {"RpcAddressBookOutsideRangeWarns", [](C& c) { c.mutable_rpc()->set_address_book_port(60555); }, Expect::Warning, "rpc.address_book_port", "59531-60554"},
    {"RpcRangeEdgesAccepted", [](C& c) { c.mutable_rpc()->set_client_access_port(59531); c.mutable_rpc()->set_address_book_port(60554); }, Expect::Accepted, "", ""},
    {"RpcMapperPortZero", [](C& c) { c.mutable_rpc()->set_endpoint_mapper_port(0); }, Expect::Error, "rpc.endpoint_mapper_port", "no port"},
    {"RpcTimeoutTooLong", [](C& c) { c.mutable_rpc()->set_timeout_seconds(100000); }, Expect::Error, "rpc.timeout_seconds", "100000 seconds"},
    {"RpcDisabledPortsUnusedAccepted", [](C& c) { c.mutable_rpc()->set_state(v1::TOGGLE_DISABLED); c.mutable_rpc()->set_client_access_port(0); c.mutable_rpc()->set_address_book_port(0); }, Expect::Accepted, "", ""},

    // SMTP.
    {"SmtpModeUnset", [](C& c) { c.mutable_smtp()->set_mode(v1::MAIL_MODE_UNSPECIFIED); }, Expect::Error, "smtp.mode", "is not set"},
    {"SmtpWithoutHub", [](C& c) { c.mutable_smtp()->set_mode(v1::MAIL_MODE_CLEAR); }, Expect::Error, "smtp.hub_servers", "no HUB server"},
    {"SmtpWithHubAccepted", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD); }, Expect::Accepted, "", ""},
    {"SmtpOnCasServerAccepted", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_CLEAR); c.mutable_smtp()->mutable_hub_servers(0)->set_address("10.0.0.15"); }, Expect::Accepted, "", ""},
    {"SmtpOffloadNeedsCertificate", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_SSL_OFFLOAD); c.mutable_smtp()->set_certificate(""); }, Expect::Error, "smtp.certificate", "no certificate"},
    {"SmtpServerPortZero", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_CLEAR); c.mutable_smtp()->set_server_port(0); }, Expect::Error, "smtp.server_port", "no port"},
    {"HubFive", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_CLEAR); for (int i = 0; i < 4; ++i) *c.mutable_smtp()->add_hub_servers() = server("10.0.0.4" + std::to_string(i)); }, Expect::Error, "smtp.hub_servers", "5 HUB servers"},
    {"HubAddressInvalid", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_CLEAR); c.mutable_smtp()->mutable_hub_servers(0)->set_address("hub1.local"); }, Expect::Error, "smtp.hub_servers[0].address", "'hub1.local' is not an IPv4 address"},
    {"HubAddressRepeated", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_CLEAR); *c.mutable_smtp()->add_hub_servers() = server("10.0.0.21"); }, Expect::Error, "smtp.hub_servers[1].address", "already HUB1's address"},
    {"HubNameClashesWithCas", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_CLEAR); c.mutable_cas_servers(0)->set_name("ex1"); c.mutable_smtp()->mutable_hub_servers(0)->set_name("EX1"); }, Expect::Error, "smtp.hub_servers[0].name", "unique across CAS and HUB"},

    // Listeners: no two on one address and port.
    {"ManagementOnHttps", [](C& c) { c.mutable_management()->set_port(443); }, Expect::Error, "management.port", "port 443 on 10.0.0.17 is already used by the HTTPs virtual service (http.virtual_https_port)"},
    {"RedirectOnHttps", [](C& c) { c.mutable_http()->set_redirect_http_port(443); }, Expect::Error, "http.redirect_http_port", "already used by the HTTPs virtual service"},
    {"ImapOnHttps", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR); c.mutable_imap()->set_virtual_port(443); }, Expect::Error, "imap.virtual_port", "already used"},
    {"RpcClientAccessOnPop3", [](C& c) { c.mutable_pop3()->set_mode(v1::MAIL_MODE_CLEAR); c.mutable_pop3()->set_virtual_port(60000); }, Expect::Error, "rpc.client_access_port", "already used by POP3 (pop3.virtual_port)"},
    {"ImapTlsOnImapClear", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR_AND_SSL_FORWARD); c.mutable_imap()->set_virtual_tls_port(143); }, Expect::Error, "imap.virtual_tls_port", "already used by IMAP"},
    {"SmtpOnImap", [](C& c) { smtpWithHub(c, v1::MAIL_MODE_CLEAR); c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR); c.mutable_imap()->set_virtual_port(25); }, Expect::Error, "smtp.virtual_port", "already used by IMAP"},
    {"RpcMapperOnManagement", [](C& c) { c.mutable_management()->set_port(135); }, Expect::Error, "management.port", "RPC endpoint mapper"},
    {"DisabledServiceDoesNotListen", [](C& c) { c.mutable_imap()->set_virtual_port(443); c.mutable_pop3()->set_virtual_tls_port(443); }, Expect::Accepted, "", ""},
    {"ServerPortsMayRepeat", [](C& c) { c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR); c.mutable_imap()->set_server_port(80); }, Expect::Accepted, "", ""},

    // System, Exchange version, management.
    {"LanguageUnset", [](C& c) { c.mutable_system()->set_language(v1::LANGUAGE_UNSPECIFIED); }, Expect::Error, "system.language", "is not set"},
    {"TimezoneEmpty", [](C& c) { c.mutable_system()->set_timezone(""); }, Expect::Error, "system.timezone", "no time zone"},
    {"TimezoneParisAccepted", [](C& c) { c.mutable_system()->set_timezone("Europe/Paris"); }, Expect::Accepted, "", ""},
    {"TimezoneDeepAccepted", [](C& c) { c.mutable_system()->set_timezone("America/Argentina/Buenos_Aires"); }, Expect::Accepted, "", ""},
    {"TimezoneEtcAccepted", [](C& c) { c.mutable_system()->set_timezone("Etc/GMT+5"); }, Expect::Accepted, "", ""},
    {"TimezoneTraversal", [](C& c) { c.mutable_system()->set_timezone("../../etc/passwd"); }, Expect::Error, "system.timezone", "is not a time zone name"},
    {"TimezoneSpace", [](C& c) { c.mutable_system()->set_timezone("Europe Paris"); }, Expect::Error, "system.timezone", "a space"},
    {"ServicesAbsentMeansFactory", [](C& c) { c.clear_services(); }, Expect::Accepted, "", ""},
    {"ServicesManualAccepted", [](C& c) { c.mutable_services()->set_haproxy(v1::STARTUP_MODE_MANUAL); }, Expect::Accepted, "", ""},
    {"ServicesHaproxyUnspecified", [](C& c) { c.mutable_services()->set_haproxy(v1::STARTUP_MODE_UNSPECIFIED); }, Expect::Error, "services.haproxy", ""},
    {"ServicesVrrpOutOfRange", [](C& c) { c.mutable_services()->set_vrrp(static_cast<v1::StartupMode>(9)); }, Expect::Error, "services.vrrp", ""},
    {"TimezoneNullWord", [](C& c) { c.mutable_system()->set_timezone("null"); }, Expect::Error, "system.timezone", "is not a time zone name"},
    {"TimezoneTrueWord", [](C& c) { c.mutable_system()->set_timezone("true"); }, Expect::Error, "system.timezone", "is not a time zone name"},
    {"TimezoneUnknownArea", [](C& c) { c.mutable_system()->set_timezone("Mars/Olympus"); }, Expect::Error, "system.timezone", "is not a time zone name"},
    {"TimezoneCetAccepted", [](C& c) { c.mutable_system()->set_timezone("CET"); }, Expect::Accepted, "", ""},
    {"TimezoneTrailingSlash", [](C& c) { c.mutable_system()->set_timezone("Europe/"); }, Expect::Error, "system.timezone", "is not a time zone name"},
    {"ExchangeVersionUnset", [](C& c) { c.set_exchange_version(v1::EXCHANGE_VERSION_UNSPECIFIED); }, Expect::Error, "exchange_version", "EXCHANGE_VERSION_2010 or EXCHANGE_VERSION_2013_OR_LATER"},
    {"Exchange2013Accepted", [](C& c) { c.set_exchange_version(v1::EXCHANGE_VERSION_2013_OR_LATER); }, Expect::Accepted, "", ""},
    {"ManagementPortZero", [](C& c) { c.mutable_management()->set_port(0); }, Expect::Error, "management.port", "no port"},
    {"ManagementCertificateMissing", [](C& c) { c.mutable_management()->set_certificate(""); }, Expect::Error, "management.certificate", "no certificate"},
    {"ManagementCertificateQuote", [](C& c) { c.mutable_management()->set_certificate("a'b"); }, Expect::Error, "management.certificate", "a quote"},
};

class ValidationRule : public ::testing::TestWithParam<Case> {};

TEST_P(ValidationRule, ReportsTheProblemOnItsField) {
  const Case& c = GetParam();
  v1::ApplianceConfig config = cleanConfig();
  c.change(config);
  const auto problems = validateConfig(config);
  if (c.expect == Expect::Accepted) {
    EXPECT_TRUE(problems.empty()) << "expected no problem, got:\n" << describe(problems);
    return;
  }
  const Severity severity = c.expect == Expect::Error ? Severity::Error : Severity::Warning;
  bool found = false;
  for (const auto& p : problems) {
    if (p.severity == severity && p.path == c.path &&
        p.message.find(c.fragment) != std::string::npos) {
      found = true;
    }
  }
  EXPECT_TRUE(found) << "expected " << (severity == Severity::Error ? "error" : "warning")
                     << " at " << c.path << " containing \"" << c.fragment << "\", got:\n"
                     << describe(problems);
  EXPECT_EQ(hasErrors(problems), c.expect == Expect::Error) << describe(problems);
}

INSTANTIATE_TEST_SUITE_P(EveryRule, ValidationRule, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& param) { return param.param.name; });

TEST(Validation, CleanGuideExampleHasNoProblem) {
  const auto problems = validateConfig(cleanConfig());
  EXPECT_TRUE(problems.empty()) << describe(problems);
}

TEST(Validation, FactoryConfigurationHasOnlyTheNoCasServerWarning) {
  const auto problems = validateConfig(defaultConfig());
  EXPECT_FALSE(hasErrors(problems)) << describe(problems);
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].severity, Severity::Warning);
  EXPECT_EQ(problems[0].path, "cas_servers");
  EXPECT_NE(problems[0].message.find("no CAS server"), std::string::npos);
}

TEST(Validation, MessageQuotesTheValueAsTheAdministratorTypedIt) {
  v1::ApplianceConfig config = cleanConfig();
  config.mutable_cas_servers(1)->set_address("10.0.0.300");
  const auto problems = validateConfig(config);
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].path, "cas_servers[1].address");
  EXPECT_TRUE(problems[0].message.starts_with("'10.0.0.300' is not an IPv4 address"))
      << problems[0].message;
}

TEST(Validation, EveryProblemIsReportedAtOnceErrorsFirstInFieldOrder) {
  v1::ApplianceConfig config = cleanConfig();
  config.mutable_management()->set_port(0);                                        // error, last area
  config.mutable_rpc()->set_client_access_port(5000);                              // warning
  config.mutable_network()->set_vlan_id(5000);                                     // error, first area
  config.mutable_http()->mutable_applications()->set_autodiscover(v1::TOGGLE_DISABLED);  // warning
  config.mutable_cas_servers(0)->set_address("x");                                 // error
  const auto problems = validateConfig(config);
  std::vector<std::string> paths;
  for (const auto& p : problems) paths.push_back(p.path);
  const std::vector<std::string> expected = {"network.vlan_id", "cas_servers[0].address",
                                             "management.port", "http.applications.autodiscover",
                                             "rpc.client_access_port"};
  EXPECT_EQ(paths, expected) << describe(problems);
}

TEST(Validation, ListenerClashIsReportedOnTheLaterFieldOnlyOnce) {
  v1::ApplianceConfig config = cleanConfig();
  config.mutable_management()->set_port(80);
  const auto problems = validateConfig(config);
  ASSERT_EQ(problems.size(), 1u) << describe(problems);
  EXPECT_EQ(problems[0].path, "management.port");
  EXPECT_NE(problems[0].message.find("the HTTP redirect (http.redirect_http_port)"),
            std::string::npos);
}

TEST(Validation, AreaFilterKeepsOnlyThatAreasFields) {
  v1::ApplianceConfig config = cleanConfig();
  config.mutable_http()->set_timeout_seconds(0);
  config.mutable_network()->set_vlan_id(9999);
  config.mutable_cas_servers(1)->set_address("bad");
  const auto http = validateArea(config, "http");
  ASSERT_EQ(http.size(), 1u) << describe(http);
  EXPECT_EQ(http[0].path, "http.timeout_seconds");
  const auto network = validateArea(config, "network");
  ASSERT_EQ(network.size(), 1u) << describe(network);
  EXPECT_EQ(network[0].path, "network.vlan_id");
  const auto server = problemsUnder(validateConfig(config), "cas_servers[1]");
  ASSERT_EQ(server.size(), 1u) << describe(server);
  EXPECT_EQ(server[0].path, "cas_servers[1].address");
  EXPECT_TRUE(problemsUnder(validateConfig(config), "cas_servers[0]").empty());
  EXPECT_TRUE(validateArea(config, "htt").empty());
}

TEST(Validation, EveryPathOfTheTableNamesARealField) {
  for (const Case& c : kCases) {
    if (c.expect == Expect::Accepted) continue;
    v1::ApplianceConfig config = cleanConfig();
    c.change(config);
    EXPECT_TRUE(exlb::test::pathNamesField(config, c.path)) << c.name << ": " << c.path;
  }
}

}  // namespace

namespace {

TEST(Validation, PathCheckerRefusesWhatIsNotAField) {
  const v1::ApplianceConfig config = cleanConfig();
  EXPECT_TRUE(exlb::test::pathNamesField(config, "cas_servers[1].address"));
  EXPECT_FALSE(exlb::test::pathNamesField(config, "cas_servers[2].address"));  // no third server
  EXPECT_FALSE(exlb::test::pathNamesField(config, "network.bogus"));
  EXPECT_FALSE(exlb::test::pathNamesField(config, "network.hostname.x"));
  EXPECT_FALSE(exlb::test::pathNamesField(config, "http[0]"));
  EXPECT_FALSE(exlb::test::pathNamesField(config, ""));
}

}  // namespace
