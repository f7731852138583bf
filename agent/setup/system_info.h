#pragma once
// The appliance's identity and license state (guide 7.1 and 7.5), read from
// the system root (so tests fake /sys and /etc in a temporary folder) and
// the data directory:
//   UUID   <root>/sys/class/dmi/id/product_uuid, else <root>/etc/machine-id
//          (32 hex digits, upper case, no dashes)
//   ETHID  the MAC of the first non-loopback NIC (by name) under
//          <root>/sys/class/net/*/address (12 hex digits, upper case)
//   licenses   <data-dir>/licenses/<serial>.lic, one armored blob each
//   evaluation <data-dir>/first-start: when the evaluation period began

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "exlb/v1/setup.pb.h"
#include "setup/license.h"

namespace exlb::agent {

ApplianceIdentity readApplianceIdentity(const std::filesystem::path& systemRoot);

// The unix time the evaluation period began: read from <dataDir>/first-start,
// which is written (atomically) with `nowUnix` the first time.
std::int64_t firstStartUnix(const std::filesystem::path& dataDir, std::int64_t nowUnix);

class LicenseBook {
 public:
  LicenseBook(std::filesystem::path dataDir, ApplianceIdentity self);

  // A sentence when `serial` cannot name a license file, else nullopt.
  static std::optional<std::string> serialProblem(const std::string& serial);

  // Every installed license with its status, sorted by serial.
  std::vector<v1::LicenseInfo> list(std::int64_t nowUnix) const;
  // The overall status (see applianceLicenseStatus) and when evaluation ends.
  v1::LicensesResponse overview(std::int64_t nowUnix) const;

  // Verifies and installs an armored license. Refused (nothing written): not
  // a license, bad signature, bound to another appliance, already expired.
  std::optional<v1::LicenseInfo> add(const std::string& blob, std::int64_t nowUnix,
                                     std::string& error);
  bool remove(const std::string& serial, std::string& error);

 private:
  std::filesystem::path dir_;
  std::filesystem::path data_dir_;
  ApplianceIdentity self_;
};

struct SystemInfoInputs {
  std::filesystem::path system_root;
  std::string hostname;  // from the configuration; empty: the machine's
  v1::LicenseStatus license_status = v1::LICENSE_STATUS_UNSPECIFIED;
};

// Guide 7.1: hostname, version, firmware revision, model, UUID, ETHID,
// system time, uptime, license status.
v1::SystemInfo collectSystemInfo(const SystemInfoInputs& in, std::int64_t nowUnix);

}  // namespace exlb::agent
