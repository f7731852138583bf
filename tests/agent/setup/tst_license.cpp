// Licenses: what an administrator sees for every kind of license file, and
// that no license can stop the appliance from balancing (guide 7.5).
#include <gtest/gtest.h>

#include "setup/license.h"
#include "setup/vendor_keys.h"

using namespace exlb;
using namespace exlb::agent;

namespace {

constexpr std::int64_t kDay = 24 * 3600;
constexpr std::int64_t kNow = 1795000000;  // 2026-11-18

const ApplianceIdentity kSelf{"DD89B2764D8BA8408CE405518880FC66", "00155D000A48"};

Ed25519KeyPair testVendor() {
  static const auto pair = generateEd25519KeyPair();
  return *pair;
}

v1::LicenseBody body() {
  v1::LicenseBody b;
  b.set_serial("EXLB-0001");
  b.set_owner("Contoso Ltd");
  b.set_units(2);
  b.add_features("exchange");
  b.add_features("ha");
  b.set_not_before_unix(kNow - 10 * kDay);
  b.set_expires_unix(kNow + 365 * kDay);
  b.set_uuid(kSelf.uuid);
  b.set_ethid(kSelf.ethid);
  return b;
}

std::vector<Ed25519PublicKey> trusted() { return {testVendor().public_key}; }

ParsedLicense parseOk(const std::string& blob) {
  std::string error;
  auto parsed = parseLicense(blob, trusted(), error);
  EXPECT_TRUE(parsed.has_value()) << error;
  return parsed.value_or(ParsedLicense{});
}

}  // namespace

TEST(License, SignedForThisApplianceIsActiveAndShowsEveryColumn) {
  const auto blob = signLicense(body(), testVendor().private_key);
  ASSERT_TRUE(blob);
  const auto info = describeLicense(parseOk(*blob), kSelf, kNow);
  EXPECT_EQ(info.status(), v1::LICENSE_STATUS_ACTIVE);
  EXPECT_EQ(info.serial(), "EXLB-0001");
  EXPECT_EQ(info.owner(), "Contoso Ltd");
  EXPECT_EQ(info.units(), 2u);
  ASSERT_EQ(info.features_size(), 2);
  EXPECT_EQ(info.features(1), "ha");
  EXPECT_EQ(info.not_before_unix(), kNow - 10 * kDay);
  EXPECT_EQ(info.expires_unix(), kNow + 365 * kDay);
}

TEST(License, IdentityMatchIgnoresHexCase) {
  auto b = body();
  b.set_ethid("00155d000a48");
  const auto parsed = parseOk(*signLicense(b, testVendor().private_key));
  EXPECT_EQ(licenseStatus(parsed, kSelf, kNow), v1::LICENSE_STATUS_ACTIVE);
}

TEST(License, ExpiredAndNotYetValid) {
  const auto parsed = parseOk(*signLicense(body(), testVendor().private_key));
  EXPECT_EQ(licenseStatus(parsed, kSelf, kNow + 366 * kDay), v1::LICENSE_STATUS_EXPIRED);
  EXPECT_EQ(licenseStatus(parsed, kSelf, kNow - 11 * kDay), v1::LICENSE_STATUS_NOT_YET_VALID);
}

TEST(License, BoundToAnotherApplianceIsNotForThisOne) {
  auto b = body();
  b.set_uuid("00000000000000000000000000000001");
  const auto parsed = parseOk(*signLicense(b, testVendor().private_key));
  EXPECT_EQ(licenseStatus(parsed, kSelf, kNow), v1::LICENSE_STATUS_WRONG_APPLIANCE);
  b = body();
  b.set_ethid("00155D000A49");
  EXPECT_EQ(licenseStatus(parseOk(*signLicense(b, testVendor().private_key)), kSelf, kNow),
            v1::LICENSE_STATUS_WRONG_APPLIANCE);
}

TEST(License, SignedByAnUntrustedKeyHasABadSignature) {
  const auto other = generateEd25519KeyPair();
  ASSERT_TRUE(other);
  const auto parsed = parseOk(*signLicense(body(), other->private_key));
  EXPECT_FALSE(parsed.signature_valid);
  EXPECT_EQ(licenseStatus(parsed, kSelf, kNow), v1::LICENSE_STATUS_BAD_SIGNATURE);
}

TEST(License, AnyAlteredByteOfTheBlobNeverVerifies) {
  // Every position of the armored text flipped in turn: the result is either
  // refused as malformed or listed with a bad signature — never active.
  const auto blob = *signLicense(body(), testVendor().private_key);
  int refused = 0;
  for (std::size_t i = 0; i < blob.size(); ++i) {
    std::string tampered = blob;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    if (tampered == blob) continue;
    std::string error;
    const auto parsed = parseLicense(tampered, trusted(), error);
    if (!parsed) {
      EXPECT_FALSE(error.empty());
      ++refused;
      continue;
    }
    // Changes to the armor lines outside the base64 leave the content intact.
    if (parsed->signature_valid) {
      EXPECT_EQ(parsed->body.SerializeAsString(), body().SerializeAsString()) << "offset " << i;
    }
  }
  EXPECT_GT(refused, 0);
}

TEST(License, MalformedInputsAreRefusedWithAReason) {
  const auto blob = *signLicense(body(), testVendor().private_key);
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "no '-----BEGIN EXLB LICENSE-----'"},
      {"PK\x03\x04 zip archive", "no '-----BEGIN"},
      {blob.substr(0, blob.size() / 2), "truncated"},
      {"-----BEGIN EXLB LICENSE-----\n!!!!\n-----END EXLB LICENSE-----\n", "not base64"},
      {"-----BEGIN EXLB LICENSE-----\nQUJD\n-----END EXLB LICENSE-----\n", "damaged"},
      {std::string(kMaxLicenseBytes + 1, 'a'), "too large"},
  };
  for (const auto& [input, expected] : cases) {
    std::string error;
    EXPECT_FALSE(parseLicense(input, trusted(), error).has_value()) << expected;
    EXPECT_NE(error.find(expected), std::string::npos) << "error was: " << error;
  }
}

TEST(LicensePolicy, EvaluationThenOverButNeverBlocking) {
  const std::int64_t firstStart = kNow;
  EXPECT_EQ(applianceLicenseStatus({}, firstStart, kNow + kDay), v1::LICENSE_STATUS_EVALUATION);
  EXPECT_EQ(applianceLicenseStatus({}, firstStart, kNow + kEvaluationDays * kDay),
            v1::LICENSE_STATUS_EVALUATION_OVER);
  v1::LicenseInfo expired;
  expired.set_status(v1::LICENSE_STATUS_EXPIRED);
  EXPECT_EQ(applianceLicenseStatus({expired}, firstStart, kNow + 400 * kDay),
            v1::LICENSE_STATUS_EXPIRED);
  v1::LicenseInfo active;
  active.set_status(v1::LICENSE_STATUS_ACTIVE);
  EXPECT_EQ(applianceLicenseStatus({expired, active}, firstStart, kNow + 400 * kDay),
            v1::LICENSE_STATUS_ACTIVE);
}

TEST(VendorKeys, DefaultBuildTrustsTheDevelopmentKeyAndSaysSo) {
  // tests/data/vendor-dev-key.hex's public half; a release build overrides
  // EXLB_VENDOR_PUBLIC_KEYS and this test then documents the difference.
  ASSERT_FALSE(builtinVendorKeys().empty());
  EXPECT_TRUE(trustsDevelopmentKey());
}
