// Pins every factory default to the guide (shared/spec/aloha-for-exchange-guide.txt),
// chapter by chapter. A change here is a change of product behaviour.
#include <gtest/gtest.h>

#include "exlb/common/defaults.h"

using namespace exlb;

namespace {
const v1::ApplianceConfig kFactory = defaultConfig();
}

TEST(FactoryDefaults, SchemaVersionIsCurrent) {
  EXPECT_EQ(kFactory.schema_version(), kSchemaVersion);
  EXPECT_EQ(kSchemaVersion, 1u);
}

TEST(FactoryDefaults, NetworkFallsBackTo192_168_0_200_Slash24WithoutGateway) {  // guide 4.1
  const auto& n = kFactory.network();
  EXPECT_EQ(n.address(), "192.168.0.200");
  EXPECT_EQ(n.netmask(), "255.255.255.0");
  EXPECT_EQ(n.gateway(), "");
  EXPECT_EQ(n.vlan_id(), 0u);
  EXPECT_EQ(n.static_routes_size(), 0);
  EXPECT_FALSE(n.hostname().empty());
}

TEST(FactoryDefaults, HighAvailabilityIsDisabled) {  // guide 4.2.2.1
  const auto& ha = kFactory.high_availability();
  EXPECT_EQ(ha.role(), v1::HA_ROLE_DISABLED);
  EXPECT_EQ(ha.virtual_address(), "");
  EXPECT_EQ(ha.cluster_id(), 253u);  // guide 4.2.2.2 screen
}

TEST(FactoryDefaults, NoCasServerYet) {  // guide 5.3: the admin types them in
  EXPECT_EQ(kFactory.cas_servers_size(), 0);
}

TEST(FactoryDefaults, HttpIsSslOffloadOn443WithRedirectFrom80) {  // guide 5.4.2.1, 5.4.3.1
  const auto& h = kFactory.http();
  EXPECT_EQ(h.mode(), v1::HTTP_MODE_SSL_OFFLOAD);
  EXPECT_EQ(h.host_name(), "mail.mydomain.local");
  EXPECT_EQ(h.virtual_https_port(), 443u);
  EXPECT_EQ(h.redirect_http_port(), 80u);
  EXPECT_EQ(h.cas_http_port(), 80u);
  EXPECT_EQ(h.cas_https_port(), 443u);
  EXPECT_EQ(h.timeout_seconds(), 25u);
  EXPECT_EQ(h.certificate(), kDefaultCertificateId);
}

TEST(FactoryDefaults, EveryHttpExchangeServiceOfTheGuideIsEnabled) {  // guide 5.4.2.3
  const auto& a = kFactory.http().applications();
  EXPECT_EQ(a.outlook_web_app(), v1::TOGGLE_ENABLED);
  EXPECT_EQ(a.exchange_control_panel(), v1::TOGGLE_ENABLED);
  EXPECT_EQ(a.offline_address_book(), v1::TOGGLE_ENABLED);
  EXPECT_EQ(a.autodiscover(), v1::TOGGLE_ENABLED);
  EXPECT_EQ(a.exchange_web_services(), v1::TOGGLE_ENABLED);
  EXPECT_EQ(a.activesync(), v1::TOGGLE_ENABLED);
  EXPECT_EQ(a.outlook_anywhere(), v1::TOGGLE_ENABLED);
  // Beyond the guide: not published unless asked for.
  EXPECT_EQ(a.remote_powershell(), v1::TOGGLE_DISABLED);
}

TEST(FactoryDefaults, ImapIsDisabledOn143And993) {  // guide 5.5
  const auto& m = kFactory.imap();
  EXPECT_EQ(m.mode(), v1::MAIL_MODE_DISABLED);
  EXPECT_EQ(m.virtual_port(), 143u);
  EXPECT_EQ(m.virtual_tls_port(), 993u);
  EXPECT_EQ(m.server_port(), 143u);
  EXPECT_EQ(m.server_tls_port(), 993u);
  EXPECT_EQ(m.timeout_seconds(), 25u);
}

TEST(FactoryDefaults, Pop3IsDisabledOn110And995) {  // guide 5.6
  const auto& m = kFactory.pop3();
  EXPECT_EQ(m.mode(), v1::MAIL_MODE_DISABLED);
  EXPECT_EQ(m.virtual_port(), 110u);
  EXPECT_EQ(m.virtual_tls_port(), 995u);
  EXPECT_EQ(m.server_port(), 110u);
  EXPECT_EQ(m.server_tls_port(), 995u);
  EXPECT_EQ(m.timeout_seconds(), 25u);
}

TEST(FactoryDefaults, RpcIsEnabledOn135And60000And60001) {  // guide 2.4, 5.7
  const auto& r = kFactory.rpc();
  EXPECT_EQ(r.state(), v1::TOGGLE_ENABLED);
  EXPECT_EQ(r.endpoint_mapper_port(), 135u);
  EXPECT_EQ(r.client_access_port(), 60000u);
  EXPECT_EQ(r.address_book_port(), 60001u);
  EXPECT_EQ(r.timeout_seconds(), 25u);
}

TEST(FactoryDefaults, SmtpIsDisabledOn25And587WithoutHubServers) {  // guide 5.8
  const auto& s = kFactory.smtp();
  EXPECT_EQ(s.mode(), v1::MAIL_MODE_DISABLED);
  EXPECT_EQ(s.virtual_port(), 25u);
  EXPECT_EQ(s.virtual_tls_port(), 587u);
  EXPECT_EQ(s.server_port(), 25u);
  EXPECT_EQ(s.server_tls_port(), 587u);
  EXPECT_EQ(s.timeout_seconds(), 25u);
  EXPECT_EQ(s.hub_servers_size(), 0);
}

TEST(FactoryDefaults, SystemIsEnglish) {  // guide 7.4
  EXPECT_EQ(kFactory.system().language(), v1::LANGUAGE_ENGLISH);
  EXPECT_FALSE(kFactory.system().timezone().empty());
}

TEST(FactoryDefaults, ManagementPageIsOn4444) {  // guide 4.1.1
  EXPECT_EQ(kFactory.management().port(), 4444u);
}

TEST(FactoryDefaults, EveryServiceStartsAtBoot) {  // guide 6.3 "Auto."
  EXPECT_TRUE(kFactory.has_services());
  EXPECT_EQ(kFactory.services().haproxy(), v1::STARTUP_MODE_AUTO);
  EXPECT_EQ(kFactory.services().vrrp(), v1::STARTUP_MODE_AUTO);
}

TEST(FactoryDefaults, ExchangeVersionIs2010AsInTheGuide) {  // guide 1.5
  EXPECT_EQ(kFactory.exchange_version(), v1::EXCHANGE_VERSION_2010);
}
