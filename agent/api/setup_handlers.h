#pragma once
// The appliance setup routes (guide 4.2 certificates, 7.1 system, 7.3
// firmware, 7.5 licenses). Same rules as the other handlers: reads need a
// session (operator or admin), changes need an admin, every change leaves one
// audit line (refused or not), errors in the one shape of body_codec.h.
// Private keys never leave through any of these routes.
//
//   GET    /api/v1/certificates              list (id, names, dates, status, warnings)
//   POST   /api/v1/certificates              upload .pfx/.pem (JSON, base64 "file")
//   DELETE /api/v1/certificates/{id}         refused while the configuration uses it
//   POST   /api/v1/certificates/self-signed  ECDSA P-256 for a host name
//   POST   /api/v1/certificates/request      key kept on the appliance + CSR
//   GET    /api/v1/licenses                  list + overall status
//   POST   /api/v1/licenses                  add the armored blob
//   DELETE /api/v1/licenses/{serial}
//   GET    /api/v1/licenses/request          UUID, ETHID, ... for the vendor
//   GET    /api/v1/system                    guide 7.1
//   GET    /api/v1/firmware                  A/B slots
//   POST   /api/v1/firmware                  bundle (application/octet-stream)
//   POST   /api/v1/firmware/reboot           boot the staged slot
//   POST   /api/v1/setup/backup/export       {passphrase} -> the backup file
//   POST   /api/v1/setup/backup/import       {backup, passphrase}: verified whole, then restored

#include <cstdint>
#include <filesystem>
#include <functional>

#include "api/api_request.h"
#include "api/audit_trail.h"
#include "api/engine_control.h"
#include "app/appliance.h"
#include "exlb/v1/setup.pb.h"
#include "setup/certificate_store.h"

namespace exlb::agent {

struct SetupPaths {
  std::filesystem::path data_dir;     // certs/, licenses/, first-start, uploads
  std::filesystem::path system_root;  // "/" on an appliance; a temporary folder in tests
};

class SetupHandlers {
 public:
  using Clock = std::function<std::int64_t()>;  // unix seconds
  SetupHandlers(Appliance& appliance, const AuditTrail& audit, SetupPaths paths,
                Clock clock = nullptr);

  void listCertificates(const ApiRequestPtr& request, Respond respond);
  void uploadCertificate(const ApiRequestPtr& request, Respond respond);
  void deleteCertificate(const ApiRequestPtr& request, Respond respond);
  void selfSignedCertificate(const ApiRequestPtr& request, Respond respond);
  void certificateRequest(const ApiRequestPtr& request, Respond respond);
  void listLicenses(const ApiRequestPtr& request, Respond respond);
  void addLicense(const ApiRequestPtr& request, Respond respond);
  void deleteLicense(const ApiRequestPtr& request, Respond respond);
  void licenseRequest(const ApiRequestPtr& request, Respond respond);
  void system(const ApiRequestPtr& request, Respond respond);
  void firmware(const ApiRequestPtr& request, Respond respond);
  void uploadFirmware(const ApiRequestPtr& request, Respond respond);
  void reboot(const ApiRequestPtr& request, Respond respond);
  // Backups (setup_backup.cpp): POST /api/v1/setup/backup/export|import.
  void exportBackup(const ApiRequestPtr& request, Respond respond);
  void importBackup(const ApiRequestPtr& request, Respond respond);

  // HAProxy, for swapping a replaced certificate at run time; null: reload.
  void setCertificateEngine(EngineControl* engine) { engine_ = engine; }
  // Called after certificate files changed (upload, self-signed, restore):
  // the management page's own identity may be one of them.
  void onCertificatesChanged(std::function<void()> changed) { certificates_changed_ = std::move(changed); }

 private:
  // Answers with the stored certificate's description. When a service of
  // the running configuration uses it, HAProxy gets the new content through
  // its runtime API (set/commit ssl cert, no reload); if that fails, the
  // appliance applies the running configuration again (a seamless reload).
  void answerStored(const ApiRequestPtr& request, Respond respond, const std::string& id,
                    const std::string& pem, const std::string& action, bool replaced);
  v1::CertificateInfo describe(const std::string& id, const std::string& pem) const;
  void reloadFor(const ApiRequestPtr& request, Respond respond, v1::CertificateResponse out,
                 const std::string& why);
  void certificatesChanged() const {
    if (certificates_changed_) certificates_changed_();
  }
  void refuse(const ApiRequestPtr& request, const Respond& respond, const std::string& action,
              AuditFields fields, http::status status, std::string code, std::string message,
              std::string field = {});

  Appliance& appliance_;
  const AuditTrail& audit_;
  SetupPaths paths_;
  Clock clock_;
  CertificateStore certificates_;
  EngineControl* engine_ = nullptr;
  std::function<void()> certificates_changed_;
};

}  // namespace exlb::agent
