// Configuration backups (guide 7.2, beyond it): export the saved
// configuration, the certificates (keys included), the keys waiting for a
// CA's certificate and the licenses as one file encrypted with a passphrase
// (setup/backup_file.h). The pair identity is left out on purpose (see
// docs/setup.md, "What a backup holds"). Import one:
// verified whole first (envelope, payload, configuration, every certificate
// and license), then restored: files written, the configuration made running
// through the appliance's one change path and saved. If that change is
// refused, the certificate and license files are put back as they were.
#include <ctime>
#include <map>
#include <memory>
#include <optional>
#include <system_error>

#include "api/body_codec.h"
#include "api/change_result_http.h"
#include "api/setup_handlers.h"
#include "config/atomic_file.h"
#include "exlb/common/validation.h"
#include "exlb/v1/services.pb.h"
#include "log/log.h"
#include "setup/backup_file.h"
#include "setup/certificate_info.h"
#include "setup/license.h"
#include "setup/system_info.h"
#include "setup/vendor_keys.h"

namespace exlb::agent {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t kMaxStoredFile = 256 * 1024;

// A file to write on restore and what it held before (nullopt: absent).
struct Restore {
  fs::path dir;
  std::string name;
  std::string content;
  std::optional<std::string> previous;
};

bool writeAll(std::vector<Restore>& files, std::string& error) {
  for (auto& f : files) {
    bool planted = false;
    if (!ensurePrivateDir(f.dir, planted, error)) return false;
    if (planted) {
      error = f.dir.string() + " is not a real folder";
      return false;
    }
    std::string old;
    std::string readError;
    if (readRegularFile(f.dir / f.name, kMaxStoredFile, old, readError) == ReadStatus::Ok) f.previous = old;
    if (!writeFileAtomically(f.dir, f.name, f.content, error)) return false;
  }
  return true;
}

void putBack(const std::vector<Restore>& files) {
  for (const auto& f : files) {
    std::string error;
    std::error_code ec;
    if (f.previous) {
      if (!writeFileAtomically(f.dir, f.name, *f.previous, error))
        moduleLogger("setup")->error("restore rollback: {}", error);
    } else {
      fs::remove(f.dir / f.name, ec);
    }
  }
}

std::string backupFileName(const std::string& hostname, std::int64_t now) {
  const std::time_t t = static_cast<std::time_t>(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32] = {};
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%MZ", &tm);
  return "exlb-" + (hostname.empty() ? std::string("appliance") : hostname) + "-" + stamp + ".exlbbak";
}

}  // namespace

void SetupHandlers::exportBackup(const ApiRequestPtr& request, Respond respond) {
  const std::string action = "backup.export";
  v1::ExportBackupRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  if (body.passphrase().size() < kMinBackupPassphrase) {
    return refuse(request, respond, action, {}, http::status::unprocessable_entity,
                  "invalid-argument",
                  "The passphrase must have at least " + std::to_string(kMinBackupPassphrase) +
                      " characters; it encrypts the private keys in the file.",
                  "passphrase");
  }
  v1::BackupPayload payload;
  payload.set_format_version(kBackupFormatVersion);
  payload.set_created_unix(clock_());
  payload.set_agent_version(EXLB_VERSION);
  *payload.mutable_config() = appliance_.saved().config;
  payload.set_hostname(payload.config().network().hostname());
  for (const auto& id : certificates_.ids()) {
    std::string error;
    auto pem = certificates_.readPem(id, error);
    if (!pem) continue;
    auto* c = payload.add_certificates();
    c->set_id(id);
    c->set_pem(*pem);
  }
  for (const auto& id : certificates_.pendingIds()) {
    std::string error;
    auto key = certificates_.readPendingKey(id, error);
    if (!key) continue;
    auto* k = payload.add_pending_keys();
    k->set_id(id);
    k->set_key_pem(*key);
    // The request too: after a restore the administrator can download the
    // same .csr again (the one the CA may already hold).
    if (auto csr = certificates_.readPendingRequest(id)) k->set_csr_pem(*csr);
  }
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(paths_.data_dir / "licenses", ec)) {
    if (entry.path().extension() != ".lic") continue;
    std::string blob;
    std::string error;
    if (readRegularFile(entry.path(), kMaxLicenseBytes, blob, error) != ReadStatus::Ok) continue;
    auto* l = payload.add_licenses();
    l->set_serial(entry.path().stem().string());
    l->set_blob(blob);
  }
  std::string serialized;
  payload.SerializeToString(&serialized);
  std::string error;
  auto sealed = sealBackup(serialized, body.passphrase(), error);
  if (!sealed) {
    return refuse(request, respond, action, {}, http::status::internal_server_error,
                  "backup-failed", "The backup could not be made: " + error + ".");
  }
  v1::ExportBackupResponse out;
  out.set_backup(*sealed);
  out.set_file_name(backupFileName(payload.hostname(), clock_()));
  out.set_certificates(static_cast<std::uint32_t>(payload.certificates_size()));
  out.set_licenses(static_cast<std::uint32_t>(payload.licenses_size()));
  out.set_pending_keys(static_cast<std::uint32_t>(payload.pending_keys_size()));
  audit_.record(request->actor(), action,
                {{"certificates", std::to_string(out.certificates())},
                 {"pending_keys", std::to_string(out.pending_keys())},
                 {"licenses", std::to_string(out.licenses())},
                 {"result", "ok"}});
  respond(messageResponse(request->http, http::status::ok, out));
}

void SetupHandlers::importBackup(const ApiRequestPtr& request, Respond respond) {
  const std::string action = "backup.import";
  v1::ImportBackupRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  auto invalid = [&](std::string message, std::string field) {
    refuse(request, respond, action, {}, http::status::unprocessable_entity, "invalid-backup",
           std::move(message), std::move(field));
  };
  std::string error;
  auto plain = openBackup(body.backup(), body.passphrase(), error);
  if (!plain) {
    return invalid("The backup cannot be used: " + error + "; nothing was changed.",
                   error.starts_with("wrong passphrase") ? "passphrase" : "backup");
  }
  v1::BackupPayload payload;
  if (!payload.ParseFromString(*plain) || payload.format_version() != kBackupFormatVersion) {
    return invalid("The backup's content is not readable by this agent; nothing was changed.", "backup");
  }
  // Verify everything before writing anything.
  const auto problems = validateConfig(payload.config());
  if (hasErrors(problems)) {
    audit_.record(request->actor(), action, {{"result", "invalid-config"}});
    ChangeResult bad;
    bad.status = ChangeStatus::Invalid;
    bad.message = "The backup's configuration is not valid for this agent; nothing was changed.";
    bad.problems = problems;
    return respond(changeResponse(request->http, bad));
  }
  std::vector<Restore> files;
  std::vector<std::string> certIds;
  for (const auto& c : payload.certificates()) {
    if (auto problem = CertificateStore::idProblem(c.id())) {
      return invalid("The backup names a certificate '" + c.id() + "': " + *problem, "backup");
    }
    auto info = describeCertificate(c.pem(), {}, clock_(), error);
    if (!info || c.pem().find("PRIVATE KEY-----") == std::string::npos ||
        info->status() == v1::CERTIFICATE_STATUS_KEY_MISMATCH) {
      return invalid("The backup's certificate '" + c.id() + "' is damaged (no certificate, no key, "
                     "or a key that does not match); nothing was changed.", "backup");
    }
    files.push_back({certificates_.dir(), c.id() + ".pem", c.pem(), std::nullopt});
    certIds.push_back(c.id());
  }
  std::vector<std::string> keyIds;
  for (const auto& k : payload.pending_keys()) {
    if (auto problem = CertificateStore::idProblem(k.id())) {
      return invalid("The backup names a waiting key '" + k.id() + "': " + *problem, "backup");
    }
    if (!CertificateStore::checkPendingKey(k.key_pem(), error)) {
      return invalid("The backup's waiting key '" + k.id() + "' is damaged (" + error +
                     "); nothing was changed.", "backup");
    }
    if (!k.csr_pem().empty() && !CertificateStore::checkPendingRequest(k.key_pem(), k.csr_pem(), error)) {
      return invalid("The backup's waiting key '" + k.id() + "' is damaged (" + error +
                     "); nothing was changed.", "backup");
    }
    files.push_back({certificates_.dir(), k.id() + ".key", k.key_pem(), std::nullopt});
    if (!k.csr_pem().empty()) {
      files.push_back({certificates_.dir(), k.id() + ".csr", k.csr_pem(), std::nullopt});
    }
    keyIds.push_back(k.id());
  }
  const ApplianceIdentity self = readApplianceIdentity(paths_.system_root);
  std::vector<std::string> serials;
  std::vector<std::string> skipped;
  for (const auto& l : payload.licenses()) {
    auto parsed = parseLicense(l.blob(), builtinVendorKeys(), error);
    if (!parsed || !parsed->signature_valid || LicenseBook::serialProblem(parsed->body.serial())) {
      return invalid("The backup's license '" + l.serial() + "' does not verify; nothing was changed.",
                     "backup");
    }
    const auto status = licenseStatus(*parsed, self, clock_());
    if (status == v1::LICENSE_STATUS_WRONG_APPLIANCE || status == v1::LICENSE_STATUS_EXPIRED) {
      skipped.push_back(parsed->body.serial());  // would be refused by the license book too
      continue;
    }
    files.push_back({paths_.data_dir / "licenses", parsed->body.serial() + ".lic", l.blob(), std::nullopt});
    serials.push_back(parsed->body.serial());
  }
  if (!writeAll(files, error)) {
    putBack(files);
    return refuse(request, respond, action, {}, http::status::internal_server_error, "restore-failed",
                  "The backup could not be written (" + error + "); nothing was changed.");
  }
  const Actor actor = request->actor();
  auto written = std::make_shared<std::vector<Restore>>(std::move(files));
  const std::string oldEtag = appliance_.running().etag;
  appliance_.replaceRunning(
      payload.config(), "", actor,
      [this, request, respond, actor, written, certIds, keyIds, serials, skipped, action,
       oldEtag](ChangeResult result) {
        if (result.status != ChangeStatus::Ok) {
          putBack(*written);
          certificatesChanged();
          audit_.record(actor, action, {{"old_etag", oldEtag},
                                        {"new_etag", appliance_.running().etag},
                                        {"result", errorCodeOf(result.status)}});
          result.message = "The backup's configuration was refused; nothing was changed: " + result.message;
          return respond(changeResponse(request->http, result));
        }
        const std::string etag = result.etag;
        certificatesChanged();
        appliance_.save(actor, [this, request, respond, actor, etag, certIds, keyIds, serials,
                                skipped, action, oldEtag](ChangeResult saved) {
          v1::ImportBackupResponse out;
          out.set_etag(etag);
          for (const auto& id : certIds) out.add_certificates(id);
          for (const auto& s : serials) out.add_licenses(s);
          for (const auto& k : keyIds) out.add_pending_keys(k);
          std::string message = "Restored: the configuration is running" +
                                std::string(saved.status == ChangeStatus::Ok ? " and saved" : " (saving it failed: " + saved.message + ")") +
                                ", " + std::to_string(certIds.size()) + " certificate(s) and " +
                                std::to_string(serials.size()) + " license(s) installed" +
                                (keyIds.empty() ? std::string(".")
                                                : ", " + std::to_string(keyIds.size()) +
                                                      " key(s) waiting for their certificate.");
          if (!skipped.empty()) message += " Licenses for another appliance or expired were not installed:";
          for (const auto& s : skipped) message += " " + s;
          out.set_message(message);
          audit_.record(actor, action,
                        {{"certificates", std::to_string(certIds.size())},
                         {"pending_keys", std::to_string(keyIds.size())},
                         {"licenses", std::to_string(serials.size())},
                         {"old_etag", oldEtag},
                         {"new_etag", etag},
                         {"result", "ok"}});
          respond(messageResponse(request->http, http::status::ok, out));
        });
      });
}

}  // namespace exlb::agent
