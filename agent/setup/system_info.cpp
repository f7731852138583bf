#include "setup/system_info.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <system_error>

#include "config/atomic_file.h"
#include "log/log.h"
#include "setup/firmware_slots.h"
#include "setup/vendor_keys.h"

namespace exlb::agent {

namespace fs = std::filesystem;

namespace {

// Hex digits of `text`, upper case, other characters (dashes, colons,
// newline) dropped.
std::string hexDigits(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

std::string readSmallText(const fs::path& file) {
  std::string out;
  std::string error;
  if (readRegularFile(file, 4096, out, error) != ReadStatus::Ok) return {};
  return out;
}

std::string readUuid(const fs::path& root) {
  for (const char* p : {"sys/class/dmi/id/product_uuid", "etc/machine-id"}) {
    const std::string hex = hexDigits(readSmallText(root / p));
    if (hex.size() == 32) return hex;
  }
  return {};
}

std::string readEthid(const fs::path& root) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(root / "sys" / "class" / "net", ec)) {
    names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  for (const auto& name : names) {
    if (name == "lo") continue;
    // /sys/class/net entries are links on a real system: read through them.
    std::ifstream in(root / "sys" / "class" / "net" / name / "address");
    std::string line;
    std::getline(in, line);
    const std::string hex = hexDigits(line);
    if (hex.size() == 12 && hex != "000000000000") return hex;
  }
  return {};
}

std::int64_t uptimeSeconds() {
  std::ifstream in("/proc/uptime");
  double seconds = 0;
  in >> seconds;
  return static_cast<std::int64_t>(seconds);
}

std::string machineHostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0) return {};
  return name;
}

}  // namespace

ApplianceIdentity readApplianceIdentity(const fs::path& systemRoot) {
  return ApplianceIdentity{readUuid(systemRoot), readEthid(systemRoot)};
}

std::int64_t firstStartUnix(const fs::path& dataDir, std::int64_t nowUnix) {
  const std::string text = readSmallText(dataDir / "first-start");
  try {
    if (!text.empty()) return std::stoll(text);
  } catch (const std::exception&) {
    // A damaged file: the evaluation restarts from now rather than never.
  }
  std::string error;
  if (!writeFileAtomically(dataDir, "first-start", std::to_string(nowUnix) + "\n", error)) {
    moduleLogger("setup")->error("cannot record the first start: {}", error);
  }
  return nowUnix;
}

LicenseBook::LicenseBook(fs::path dataDir, ApplianceIdentity self)
    : dir_(dataDir / "licenses"), data_dir_(std::move(dataDir)), self_(std::move(self)) {}

std::optional<std::string> LicenseBook::serialProblem(const std::string& serial) {
  const bool ok = !serial.empty() && serial.size() <= 32 && std::isalnum(static_cast<unsigned char>(serial[0])) &&
                  std::all_of(serial.begin(), serial.end(), [](char c) {
                    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
                  });
  if (ok) return std::nullopt;
  return "A license serial is 1 to 32 of A-Z a-z 0-9 . _ -, starting with a letter or digit.";
}

std::vector<v1::LicenseInfo> LicenseBook::list(std::int64_t nowUnix) const {
  std::vector<v1::LicenseInfo> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir_, ec)) {
    if (e.path().extension() != ".lic") continue;
    std::string blob;
    std::string error;
    if (readRegularFile(e.path(), kMaxLicenseBytes, blob, error) != ReadStatus::Ok) continue;
    auto parsed = parseLicense(blob, builtinVendorKeys(), error);
    if (!parsed) {
      moduleLogger("setup")->warn("license file {} is unreadable: {}", e.path().string(), error);
      continue;
    }
    out.push_back(describeLicense(*parsed, self_, nowUnix));
  }
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.serial() < b.serial(); });
  return out;
}

v1::LicensesResponse LicenseBook::overview(std::int64_t nowUnix) const {
  v1::LicensesResponse out;
  const auto licenses = list(nowUnix);
  const std::int64_t first = firstStartUnix(data_dir_, nowUnix);
  for (const auto& l : licenses) *out.add_licenses() = l;
  out.set_appliance_status(applianceLicenseStatus(licenses, first, nowUnix));
  out.set_evaluation_ends_unix(first + kEvaluationDays * 24 * 3600);
  return out;
}

std::optional<v1::LicenseInfo> LicenseBook::add(const std::string& blob, std::int64_t nowUnix,
                                                std::string& error) {
  auto parsed = parseLicense(blob, builtinVendorKeys(), error);
  if (!parsed) return std::nullopt;
  if (auto problem = serialProblem(parsed->body.serial())) {
    error = *problem;
    return std::nullopt;
  }
  const v1::LicenseInfo info = describeLicense(*parsed, self_, nowUnix);
  switch (info.status()) {
    case v1::LICENSE_STATUS_BAD_SIGNATURE:
      error = "The license's signature does not verify: it was altered or not issued by the vendor.";
      return std::nullopt;
    case v1::LICENSE_STATUS_WRONG_APPLIANCE:
      error = "The license is for another appliance (UUID " + info.uuid() + ", ETHID " +
              info.ethid() + "); this one is UUID " + self_.uuid + ", ETHID " + self_.ethid + ".";
      return std::nullopt;
    case v1::LICENSE_STATUS_EXPIRED:
      error = "The license has already expired.";
      return std::nullopt;
    default:
      break;
  }
  bool planted = false;
  if (!ensurePrivateDir(dir_, planted, error)) return std::nullopt;
  if (planted) {
    error = dir_.string() + " is not a real folder; not using it";
    return std::nullopt;
  }
  if (!writeFileAtomically(dir_, info.serial() + ".lic", blob, error)) return std::nullopt;
  return info;
}

bool LicenseBook::remove(const std::string& serial, std::string& error) {
  if (auto problem = serialProblem(serial)) {
    error = *problem;
    return false;
  }
  std::error_code ec;
  const fs::path file = dir_ / (serial + ".lic");
  if (!fs::is_regular_file(fs::symlink_status(file, ec)) || !fs::remove(file, ec)) {
    error = "There is no license with serial '" + serial + "'.";
    return false;
  }
  syncDir(dir_, error);
  return true;
}

v1::SystemInfo collectSystemInfo(const SystemInfoInputs& in, std::int64_t nowUnix) {
  v1::SystemInfo info;
  info.set_hostname(in.hostname.empty() ? machineHostName() : in.hostname);
  info.set_version(EXLB_VERSION);
  const FirmwareSlots slots(in.system_root);
  const v1::FirmwareStatus firmware = slots.status();
  for (const auto& s : firmware.slots()) {
    if (s.slot() == firmware.active_slot() && s.complete()) info.set_firmware_version(s.manifest().version());
  }
  if (info.firmware_version().empty()) info.set_firmware_version(EXLB_VERSION);
  info.set_firmware_revision(slots.activeRevision());
  info.set_model(std::string(kApplianceModel));
  const ApplianceIdentity id = readApplianceIdentity(in.system_root);
  info.set_uuid(id.uuid);
  info.set_ethid(id.ethid);
  info.set_system_time_unix(nowUnix);
  info.set_uptime_seconds(uptimeSeconds());
  info.set_license_status(in.license_status);
  info.set_development_keys_trusted(trustsDevelopmentKey());
  return info;
}

}  // namespace exlb::agent
