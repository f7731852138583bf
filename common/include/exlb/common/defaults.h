#pragma once
// The factory configuration: the guide's defaults, to the number.
// tests/common/tst_defaults.cpp pins every value to the guide's chapter.

#include "exlb/v1/config.pb.h"

namespace exlb {

// The schema version this build writes (ApplianceConfig.schema_version).
inline constexpr unsigned kSchemaVersion = 1;

// The certificate id of the appliance's own self-signed certificate, created
// at first start; the factory configuration's TLS services use it.
inline constexpr const char* kDefaultCertificateId = "default";

// The complete factory configuration (guide 4.1, 4.2, 5, 7.4).
v1::ApplianceConfig defaultConfig();

// The factory settings of one area, for "cancel"/"reset this area" and for
// filling a mode's fields when an administrator switches mode.
v1::NetworkConfig defaultNetwork();
v1::HighAvailabilityConfig defaultHighAvailability();
v1::HttpService defaultHttp();
v1::MailService defaultImap();
v1::MailService defaultPop3();
v1::RpcService defaultRpc();
v1::SmtpService defaultSmtp();
v1::SystemSettings defaultSystem();
v1::ManagementSettings defaultManagement();
v1::ServicesConfig defaultServices();

}  // namespace exlb
