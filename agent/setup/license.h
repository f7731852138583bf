#pragma once
// License verification and the appliance's license policy (guide 7.5).
//
// Policy (README "Licenses"): a license never stops traffic. Without a valid
// license the appliance runs in evaluation for kEvaluationDays from its first
// start; after that, and when every license has expired, status carries a
// "license" alarm and the pages say so — balancing, checks and changes go on.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exlb/v1/license.pb.h"
#include "setup/ed25519.h"

namespace exlb::agent {

inline constexpr std::int64_t kEvaluationDays = 30;
inline constexpr std::string_view kLicenseArmorLabel = "EXLB LICENSE";
// Licenses are small; anything bigger is not one (and is refused unread).
inline constexpr std::size_t kMaxLicenseBytes = 16 * 1024;

struct ApplianceIdentity {
  std::string uuid;   // 32 hex digits, upper case (guide 7.1)
  std::string ethid;  // 12 hex digits, upper case
};

struct ParsedLicense {
  v1::LicenseBody body;
  bool signature_valid = false;  // by one of the trusted keys
  std::string key_id;
};

// Decodes an armored license. Returns nullopt with `error` for anything that
// is not a well-formed license (size, armor, encoding, missing serial). A
// well-formed license with a bad signature is returned with
// signature_valid == false, so it can be listed as "bad signature".
std::optional<ParsedLicense> parseLicense(std::string_view blob,
                                          const std::vector<Ed25519PublicKey>& trustedKeys,
                                          std::string& error);

v1::LicenseStatus licenseStatus(const ParsedLicense& license, const ApplianceIdentity& self,
                                std::int64_t nowUnix);

v1::LicenseInfo describeLicense(const ParsedLicense& license, const ApplianceIdentity& self,
                                std::int64_t nowUnix);

// The appliance's overall status from its installed licenses: ACTIVE if any
// is active, else EVALUATION while inside the evaluation period that began
// at `firstStartUnix`, else EXPIRED if one was installed, else
// EVALUATION_OVER.
v1::LicenseStatus applianceLicenseStatus(const std::vector<v1::LicenseInfo>& licenses,
                                         std::int64_t firstStartUnix, std::int64_t nowUnix);

// Vendor side (installer/tools and tests): the armored, signed blob.
std::optional<std::string> signLicense(const v1::LicenseBody& body,
                                       const Ed25519PrivateKey& vendorKey);

}  // namespace exlb::agent
