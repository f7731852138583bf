// The appliance's identity (UUID, ETHID) read from a fake system root, the
// evaluation clock, and the license book: a license for this appliance is
// installed, tampered/foreign/expired ones are refused and nothing is written.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "setup/system_info.h"
#include "setup/vendor_keys.h"

namespace exlb::agent::testing {
namespace {

namespace fs = std::filesystem;
constexpr std::int64_t kNow = 1'800'000'000;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("exlb-sysinfo-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}

std::optional<Ed25519PrivateKey> devKey() {
  std::ifstream in(std::string(EXLB_SOURCE_DIR) + "/tests/data/vendor-dev-key.hex");
  std::string line, hex;
  while (std::getline(in, line)) {
    if (!line.empty() && line[0] != '#') hex += line;
  }
  return fromHex<32>(hex);
}

TEST(SystemInfo, ReadsUuidAndTheFirstRealNicsMac) {
  TempDir root;
  write(root.path() / "sys/class/dmi/id/product_uuid", "4c4c4544-0042-3510-8052-b4c04f4d3232\n");
  write(root.path() / "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
  write(root.path() / "sys/class/net/lo/address", "00:00:00:00:00:00\n");
  write(root.path() / "sys/class/net/eth1/address", "52:54:00:00:00:02\n");
  write(root.path() / "sys/class/net/eth0/address", "52:54:00:ab:cd:01\n");
  const ApplianceIdentity id = readApplianceIdentity(root.path());
  EXPECT_EQ(id.uuid, "4C4C4544004235108052B4C04F4D3232");
  EXPECT_EQ(id.ethid, "525400ABCD01");
  fs::remove(root.path() / "sys/class/dmi/id/product_uuid");
  EXPECT_EQ(readApplianceIdentity(root.path()).uuid, "0123456789ABCDEF0123456789ABCDEF")
      << "machine-id is the fallback when DMI is not readable";
}

TEST(SystemInfo, CollectsTheGuidesFields) {
  TempDir root;
  write(root.path() / "etc/machine-id", "0123456789abcdef0123456789abcdef\n");
  const v1::SystemInfo info =
      collectSystemInfo({root.path(), "lb1", v1::LICENSE_STATUS_EVALUATION}, kNow);
  EXPECT_EQ(info.hostname(), "lb1");
  EXPECT_EQ(info.version(), EXLB_VERSION);
  EXPECT_EQ(info.model(), "exlb-va");
  EXPECT_EQ(info.uuid(), "0123456789ABCDEF0123456789ABCDEF");
  EXPECT_EQ(info.system_time_unix(), kNow);
  EXPECT_EQ(info.license_status(), v1::LICENSE_STATUS_EVALUATION);
}

TEST(SystemInfo, EvaluationStartsAtTheFirstStartAndIsRemembered) {
  TempDir data;
  EXPECT_EQ(firstStartUnix(data.path(), kNow), kNow);
  EXPECT_EQ(firstStartUnix(data.path(), kNow + 999), kNow);
  LicenseBook book(data.path(), {});
  EXPECT_EQ(book.overview(kNow + 86400).appliance_status(), v1::LICENSE_STATUS_EVALUATION);
  EXPECT_EQ(book.overview(kNow + 31 * 86400).appliance_status(), v1::LICENSE_STATUS_EVALUATION_OVER);
}

TEST(SystemInfo, LicenseBookInstallsOnlyGoodLicensesForThisAppliance) {
  if (!trustsDevelopmentKey()) GTEST_SKIP() << "this build does not trust the development key";
  const auto key = devKey();
  ASSERT_TRUE(key);
  TempDir data;
  const ApplianceIdentity self{"4C4C4544004235108052B4C04F4D3232", "525400ABCD01"};
  LicenseBook book(data.path(), self);
  auto make = [&](const std::string& serial, const ApplianceIdentity& who, std::int64_t expires) {
    v1::LicenseBody body;
    body.set_serial(serial);
    body.set_owner("Example");
    body.set_units(2);
    body.set_not_before_unix(kNow - 10);
    body.set_expires_unix(expires);
    body.set_uuid(who.uuid);
    body.set_ethid(who.ethid);
    return *signLicense(body, *key);
  };
  std::string good = make("EXLB-1", self, kNow + 86400);
  std::string tampered = good;
  tampered[40] = tampered[40] == 'A' ? 'B' : 'A';
  struct Bad {
    const char* label;
    std::string blob;
  } table[] = {
      {"tampered", tampered},
      {"other appliance", make("EXLB-2", {"0000", "AABBCCDDEEFF"}, kNow + 86400)},
      {"expired", make("EXLB-3", self, kNow - 1)},
      {"bad serial", make("../x", self, kNow + 86400)},
      {"not a license", "hello"},
  };
  std::string error;
  for (const auto& bad : table) {
    error.clear();
    EXPECT_FALSE(book.add(bad.blob, kNow, error)) << bad.label;
    EXPECT_FALSE(error.empty()) << bad.label;
    EXPECT_FALSE(fs::exists(data.path() / "licenses")) << bad.label;
  }
  auto added = book.add(good, kNow, error);
  ASSERT_TRUE(added) << error;
  EXPECT_EQ(added->status(), v1::LICENSE_STATUS_ACTIVE);
  EXPECT_EQ(book.overview(kNow).appliance_status(), v1::LICENSE_STATUS_ACTIVE);
  EXPECT_TRUE(book.remove("EXLB-1", error)) << error;
  EXPECT_TRUE(book.list(kNow).empty());
  EXPECT_FALSE(book.remove("EXLB-1", error));
}

}  // namespace
}  // namespace exlb::agent::testing
