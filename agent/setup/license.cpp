#include "setup/license.h"

#include <algorithm>
#include <cctype>

#include "setup/armor.h"

namespace exlb::agent {

namespace {

// Domain separation: a license signature can never be replayed as a firmware
// signature or anything else signed by the same vendor key.
constexpr std::string_view kSignatureContext{"exlb-license-v1\0", 16};

std::string signedBytes(std::string_view body) {
  std::string message(kSignatureContext);
  message.append(body);
  return message;
}

std::string upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

}  // namespace

std::optional<ParsedLicense> parseLicense(std::string_view blob,
                                          const std::vector<Ed25519PublicKey>& trustedKeys,
                                          std::string& error) {
  if (blob.size() > kMaxLicenseBytes) {
    error = "the file is too large to be a license (" + std::to_string(blob.size()) + " bytes)";
    return std::nullopt;
  }
  std::string armorError;
  const auto raw = unarmor(kLicenseArmorLabel, blob, armorError);
  if (!raw) {
    error = "not an exlb license: " + armorError;
    return std::nullopt;
  }
  v1::SignedLicense signedLicense;
  if (!signedLicense.ParseFromString(*raw)) {
    error = "the license is damaged: its content does not decode";
    return std::nullopt;
  }
  ParsedLicense parsed;
  if (!parsed.body.ParseFromString(signedLicense.body())) {
    error = "the license is damaged: its body does not decode";
    return std::nullopt;
  }
  if (parsed.body.serial().empty()) {
    error = "the license has no serial number";
    return std::nullopt;
  }
  const std::string message = signedBytes(signedLicense.body());
  for (const auto& key : trustedKeys) {
    if (ed25519Verify(key, message, signedLicense.signature())) {
      parsed.signature_valid = true;
      parsed.key_id = ed25519KeyId(key);
      break;
    }
  }
  if (!parsed.signature_valid) parsed.key_id = signedLicense.key_id();
  return parsed;
}

v1::LicenseStatus licenseStatus(const ParsedLicense& license, const ApplianceIdentity& self,
                                std::int64_t nowUnix) {
  if (!license.signature_valid) return v1::LICENSE_STATUS_BAD_SIGNATURE;
  const auto& b = license.body;
  if (upper(b.uuid()) != upper(self.uuid) || upper(b.ethid()) != upper(self.ethid))
    return v1::LICENSE_STATUS_WRONG_APPLIANCE;
  if (nowUnix < b.not_before_unix()) return v1::LICENSE_STATUS_NOT_YET_VALID;
  if (nowUnix >= b.expires_unix()) return v1::LICENSE_STATUS_EXPIRED;
  return v1::LICENSE_STATUS_ACTIVE;
}

v1::LicenseInfo describeLicense(const ParsedLicense& license, const ApplianceIdentity& self,
                                std::int64_t nowUnix) {
  const auto& b = license.body;
  v1::LicenseInfo info;
  info.set_serial(b.serial());
  info.set_owner(b.owner());
  info.set_units(b.units());
  *info.mutable_features() = b.features();
  info.set_not_before_unix(b.not_before_unix());
  info.set_expires_unix(b.expires_unix());
  info.set_uuid(b.uuid());
  info.set_ethid(b.ethid());
  info.set_status(licenseStatus(license, self, nowUnix));
  return info;
}

v1::LicenseStatus applianceLicenseStatus(const std::vector<v1::LicenseInfo>& licenses,
                                         std::int64_t firstStartUnix, std::int64_t nowUnix) {
  bool anyExpired = false;
  for (const auto& l : licenses) {
    if (l.status() == v1::LICENSE_STATUS_ACTIVE) return v1::LICENSE_STATUS_ACTIVE;
    if (l.status() == v1::LICENSE_STATUS_EXPIRED) anyExpired = true;
  }
  const std::int64_t evaluationEnd = firstStartUnix + kEvaluationDays * 24 * 3600;
  if (nowUnix < evaluationEnd) return v1::LICENSE_STATUS_EVALUATION;
  return anyExpired ? v1::LICENSE_STATUS_EXPIRED : v1::LICENSE_STATUS_EVALUATION_OVER;
}

std::optional<std::string> signLicense(const v1::LicenseBody& body,
                                       const Ed25519PrivateKey& vendorKey) {
  v1::SignedLicense signedLicense;
  std::string bodyBytes;
  if (!body.SerializeToString(&bodyBytes)) return std::nullopt;
  const auto signature = ed25519Sign(vendorKey, signedBytes(bodyBytes));
  const auto publicKey = ed25519PublicKeyOf(vendorKey);
  if (!signature || !publicKey) return std::nullopt;
  signedLicense.set_body(bodyBytes);
  signedLicense.set_signature(std::string(signature->begin(), signature->end()));
  signedLicense.set_key_id(ed25519KeyId(*publicKey));
  std::string raw;
  if (!signedLicense.SerializeToString(&raw)) return std::nullopt;
  return armor(kLicenseArmorLabel, raw);
}

}  // namespace exlb::agent
