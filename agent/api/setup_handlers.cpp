#include "api/setup_handlers.h"

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <ctime>
#include <system_error>

#include "api/api_dispatcher.h"
#include "api/body_codec.h"
#include "config/atomic_file.h"
#include "exlb/v1/setup.pb.h"
#include "log/log.h"
#include "setup/certificate_info.h"
#include "setup/firmware_slots.h"
#include "setup/system_info.h"
#include "setup/vendor_keys.h"

extern char** environ;

namespace exlb::agent {

namespace fs = std::filesystem;

namespace {

// Configuration fields that name certificate `id`.
std::vector<std::string> usedBy(const v1::ApplianceConfig& c, const std::string& id) {
  std::vector<std::string> out;
  const std::pair<const char*, const std::string*> fields[] = {
      {"http.certificate", &c.http().certificate()},
      {"imap.certificate", &c.imap().certificate()},
      {"pop3.certificate", &c.pop3().certificate()},
      {"smtp.certificate", &c.smtp().certificate()},
      {"management.certificate", &c.management().certificate()},
  };
  for (const auto& [path, value] : fields) {
    if (*value == id) out.emplace_back(path);
  }
  return out;
}

bool isOctetStream(const HttpRequest& http) {
  const std::string_view type = sv(http[http::field::content_type]);
  return type.starts_with("application/octet-stream");
}

// Starts the OS's reboot (an appliance only), by argument vector.
bool startReboot(std::string& error) {
  char arg0[] = "/bin/systemctl";
  char arg1[] = "reboot";
  char* argv[] = {arg0, arg1, nullptr};
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv, environ) != 0) {
    error = "cannot start systemctl reboot";
    return false;
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    error = "systemctl reboot failed";
    return false;
  }
  return true;
}

}  // namespace

SetupHandlers::SetupHandlers(Appliance& appliance, const AuditTrail& audit, SetupPaths paths,
                             Clock clock)
    : appliance_(appliance),
      audit_(audit),
      paths_(std::move(paths)),
      clock_(clock ? std::move(clock) : Clock([] { return static_cast<std::int64_t>(std::time(nullptr)); })),
      certificates_(paths_.data_dir / "certs") {
  if (paths_.system_root.empty()) paths_.system_root = "/";
}

void SetupHandlers::refuse(const ApiRequestPtr& request, const Respond& respond,
                           const std::string& action, AuditFields fields, http::status status,
                           std::string code, std::string message, std::string field) {
  fields.emplace_back("result", code);
  audit_.record(request->actor(), action, fields);
  std::vector<v1::FieldViolation> violations;
  if (!field.empty()) {
    violations.emplace_back();
    violations.back().set_path(field);
    violations.back().set_description(message);
    violations.back().set_severity(v1::VIOLATION_SEVERITY_ERROR);
  }
  respond(errorResponse(request->http, status, std::move(code), std::move(message),
                        std::move(violations)));
}

v1::CertificateInfo SetupHandlers::describe(const std::string& id, const std::string& pem) const {
  const VersionedConfig running = appliance_.running();
  std::string error;
  auto info = describeCertificate(pem, {running.config.http().host_name()}, clock_(), error);
  v1::CertificateInfo out = info ? *info : v1::CertificateInfo();
  if (!info) out.add_warnings("The stored file " + error + ".");
  out.set_id(id);
  for (auto& field : usedBy(running.config, id)) out.add_used_by(std::move(field));
  return out;
}

void SetupHandlers::listCertificates(const ApiRequestPtr& request, Respond respond) {
  v1::CertificatesResponse out;
  for (const auto& id : certificates_.ids()) {
    std::string error;
    auto pem = certificates_.readPem(id, error);
    if (pem) *out.add_certificates() = describe(id, *pem);
  }
  // Keys made here for a CA's certificate, after the certificates: the
  // administrator sees what waits and can download its request again.
  for (const auto& id : certificates_.pendingIds()) {
    if (certificates_.contains(id)) continue;
    auto* waiting = out.add_certificates();
    *waiting = describeWaitingKey(certificates_.readPendingRequest(id).value_or(""));
    waiting->set_id(id);
  }
  respond(messageResponse(request->http, http::status::ok, out));
}

void SetupHandlers::answerStored(const ApiRequestPtr& request, Respond respond,
                                 const std::string& id, const std::string& pem,
                                 const std::string& action, bool replaced) {
  v1::CertificateResponse out;
  *out.mutable_certificate() = describe(id, pem);
  AuditFields fields{{"certificate", id},
                     {"fingerprint", out.certificate().sha256_fingerprint()},
                     {"result", "ok"}};
  audit_.record(request->actor(), action, fields);
  certificatesChanged();
  bool servedByHaproxy = false;
  for (const auto& field : out.certificate().used_by())
    if (field != "management.certificate") servedByHaproxy = true;
  if (!replaced || !servedByHaproxy) {
    out.set_message(replaced && !out.certificate().used_by().empty()
                        ? "Stored; the management page serves it to new connections."
                        : "Stored.");
    // 201 for a new certificate, 200 for one replaced under its id.
    respond(messageResponse(request->http, replaced ? http::status::ok : http::status::created, out));
    return;
  }
  if (!engine_) return reloadFor(request, std::move(respond), std::move(out), "");
  engine_->replaceCertificate(
      id, pem, [this, request, respond = std::move(respond), out](bool ok, std::string message) mutable {
        if (!ok) return reloadFor(request, std::move(respond), std::move(out), message);
        out.set_message("Stored; HAProxy serves it now, " + message + ".");
        respond(messageResponse(request->http, http::status::ok, out));
      });
}

void SetupHandlers::reloadFor(const ApiRequestPtr& request, Respond respond,
                              v1::CertificateResponse out, const std::string& why) {
  // The runtime swap was not possible: the services using the certificate
  // take the new file through the appliance's one change path (a seamless,
  // checked HAProxy reload).
  if (!why.empty()) moduleLogger("setup")->warn("certificate swap at run time failed ({}); reloading", why);
  const VersionedConfig running = appliance_.running();
  appliance_.replaceRunning(running.config, running.etag, request->actor(),
                            [request, respond = std::move(respond), out](ChangeResult result) mutable {
                              out.set_message(result.status == ChangeStatus::Ok
                                                  ? "Stored; the services using it were reloaded."
                                                  : "Stored, but reloading the services using it "
                                                    "failed: " + result.message);
                              respond(messageResponse(request->http, http::status::ok, out));
                            });
}

void SetupHandlers::uploadCertificate(const ApiRequestPtr& request, Respond respond) {
  v1::UploadCertificateRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  const std::string action = "certificate.upload";
  if (auto problem = CertificateStore::idProblem(body.id())) {
    return refuse(request, respond, action, {{"certificate", body.id()}},
                  http::status::unprocessable_entity, "invalid-argument", *problem, "id");
  }
  const bool existed = certificates_.contains(body.id());
  std::string error;
  auto pem = certificates_.importFile(body.id(), body.file(), body.password(), body.replace(),
                                      clock_(), error);
  if (!pem) {
    const bool conflict = existed && !body.replace();
    return refuse(request, respond, action, {{"certificate", body.id()}},
                  conflict ? http::status::conflict : http::status::unprocessable_entity,
                  conflict ? "already-exists" : "invalid-certificate", error,
                  conflict ? "id" : "file");
  }
  answerStored(request, std::move(respond), body.id(), *pem, action, existed);
}

void SetupHandlers::deleteCertificate(const ApiRequestPtr& request, Respond respond) {
  const std::string id = request->path.segments.back();
  const std::string action = "certificate.delete";
  auto inUse = usedBy(appliance_.running().config, id);
  for (auto& f : usedBy(appliance_.saved().config, id)) inUse.push_back("saved " + f);
  if (!inUse.empty()) {
    std::string fields;
    for (const auto& f : inUse) fields += (fields.empty() ? "" : ", ") + f;
    return refuse(request, respond, action, {{"certificate", id}}, http::status::conflict,
                  "in-use", "The certificate is in use (" + fields + "); assign another first.");
  }
  std::string error;
  if (!certificates_.remove(id, error)) {
    return refuse(request, respond, action, {{"certificate", id}}, http::status::not_found,
                  "not-found", error);
  }
  audit_.record(request->actor(), action, {{"certificate", id}, {"result", "ok"}});
  respond(messageResponse(request->http, http::status::ok, v1::CertificatesResponse()));
}

void SetupHandlers::selfSignedCertificate(const ApiRequestPtr& request, Respond respond) {
  v1::SelfSignedCertificateRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  const std::string action = "certificate.self-signed";
  const bool existed = certificates_.contains(body.id());
  std::string error;
  auto pem = certificates_.createSelfSigned(body.id(), body.host_name(), body.replace(), error);
  if (!pem) {
    const bool conflict = existed && !body.replace();
    return refuse(request, respond, action, {{"certificate", body.id()}},
                  conflict ? http::status::conflict : http::status::unprocessable_entity,
                  conflict ? "already-exists" : "invalid-argument", error);
  }
  answerStored(request, std::move(respond), body.id(), *pem, action, existed);
}

void SetupHandlers::certificateRequest(const ApiRequestPtr& request, Respond respond) {
  v1::CertificateSigningRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  const std::string action = "certificate.request";
  std::vector<std::string> alts(body.alt_names().begin(), body.alt_names().end());
  std::string error;
  auto csr = certificates_.createRequest(body.id(), body.host_name(), alts, body.organization(),
                                         body.country(), error);
  if (!csr) {
    return refuse(request, respond, action, {{"certificate", body.id()}},
                  http::status::unprocessable_entity, "invalid-argument", error);
  }
  audit_.record(request->actor(), action, {{"certificate", body.id()}, {"result", "ok"}});
  v1::CertificateSigningResponse out;
  out.set_id(body.id());
  out.set_csr_pem(*csr);
  respond(messageResponse(request->http, http::status::created, out));
}

void SetupHandlers::listLicenses(const ApiRequestPtr& request, Respond respond) {
  const LicenseBook book(paths_.data_dir, readApplianceIdentity(paths_.system_root));
  respond(messageResponse(request->http, http::status::ok, book.overview(clock_())));
}

void SetupHandlers::addLicense(const ApiRequestPtr& request, Respond respond) {
  v1::AddLicenseRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  LicenseBook book(paths_.data_dir, readApplianceIdentity(paths_.system_root));
  std::string error;
  auto info = book.add(body.license(), clock_(), error);
  if (!info) {
    return refuse(request, respond, "license.add", {}, http::status::unprocessable_entity,
                  "invalid-license", error, "license");
  }
  audit_.record(request->actor(), "license.add",
                {{"serial", info->serial()}, {"result", v1::LicenseStatus_Name(info->status())}});
  v1::LicenseResponse out;
  *out.mutable_license() = *info;
  respond(messageResponse(request->http, http::status::created, out));
}

void SetupHandlers::deleteLicense(const ApiRequestPtr& request, Respond respond) {
  const std::string serial = request->path.segments.back();
  LicenseBook book(paths_.data_dir, readApplianceIdentity(paths_.system_root));
  std::string error;
  if (!book.remove(serial, error)) {
    return refuse(request, respond, "license.delete", {{"serial", serial}},
                  http::status::not_found, "not-found", error);
  }
  audit_.record(request->actor(), "license.delete", {{"serial", serial}, {"result", "ok"}});
  respond(messageResponse(request->http, http::status::ok, book.overview(clock_())));
}

void SetupHandlers::licenseRequest(const ApiRequestPtr& request, Respond respond) {
  const v1::SystemInfo info = collectSystemInfo(
      {paths_.system_root, appliance_.running().config.network().hostname(), {}}, clock_());
  v1::LicenseRequest out;
  out.set_uuid(info.uuid());
  out.set_ethid(info.ethid());
  out.set_hostname(info.hostname());
  out.set_model(info.model());
  out.set_version(info.version());
  respond(messageResponse(request->http, http::status::ok, out));
}

void SetupHandlers::system(const ApiRequestPtr& request, Respond respond) {
  const LicenseBook book(paths_.data_dir, readApplianceIdentity(paths_.system_root));
  const SystemInfoInputs in{paths_.system_root, appliance_.running().config.network().hostname(),
                            book.overview(clock_()).appliance_status()};
  respond(messageResponse(request->http, http::status::ok, collectSystemInfo(in, clock_())));
}

void SetupHandlers::firmware(const ApiRequestPtr& request, Respond respond) {
  v1::FirmwareResponse out;
  *out.mutable_status() = FirmwareSlots(paths_.system_root).status();
  respond(messageResponse(request->http, http::status::ok, out));
}

void SetupHandlers::uploadFirmware(const ApiRequestPtr& request, Respond respond) {
  const std::string action = "firmware.upload";
  if (!isOctetStream(request->http)) {
    return refuse(request, respond, action, {}, http::status::unsupported_media_type,
                  "unsupported-media-type",
                  "Send the bundle's bytes as the body with Content-Type: application/octet-stream.");
  }
  const auto q = request->path.query.find("allow_downgrade");
  const bool allowDowngrade = q != request->path.query.end() && q->second == "true";
  // The bundle is a private temporary file in the data dir (streamed there
  // by the connection, or written here from a small body), is verified whole
  // by FirmwareSlots::stage, and is removed whatever happens.
  const fs::path uploads = paths_.data_dir / "uploads";
  const std::string name = std::string(kTempPrefix) + "firmware" + std::string(kTempMarker) + "upload";
  const bool streamed = !request->upload_file.empty();
  const fs::path bundle = streamed ? request->upload_file : uploads / name;
  std::error_code ec;
  const auto bytes = streamed ? fs::file_size(bundle, ec) : request->http.body().size();
  bool planted = false;
  std::string error;
  if (!streamed && (!ensurePrivateDir(uploads, planted, error) || planted ||
                    !writeFileAtomically(uploads, name, request->http.body(), error))) {
    return refuse(request, respond, action, {}, http::status::internal_server_error,
                  "upload-failed", planted ? uploads.string() + " is not a real folder" : error);
  }
  VerifyOptions options;
  options.trusted_keys = builtinVendorKeys();
  options.allow_downgrade = allowDowngrade;
  FirmwareSlots slots(paths_.system_root);
  const bool staged = slots.stage(bundle, options, error);
  fs::remove(bundle, ec);
  if (!staged) {
    return refuse(request, respond, action, {{"bytes", std::to_string(bytes)}},
                  http::status::unprocessable_entity, "invalid-firmware", error, "bundle");
  }
  v1::FirmwareResponse out;
  *out.mutable_status() = slots.status();
  out.set_message("Staged in slot " + out.status().pending_slot() +
                  "; it boots at the next reboot and must confirm it is healthy.");
  audit_.record(request->actor(), action,
                {{"slot", out.status().pending_slot()}, {"bytes", std::to_string(bytes)}, {"result", "ok"}});
  respond(messageResponse(request->http, http::status::ok, out));
}

void SetupHandlers::reboot(const ApiRequestPtr& request, Respond respond) {
  FirmwareSlots slots(paths_.system_root);
  v1::RebootResponse out;
  if (paths_.system_root == "/") {
    std::string error;
    if (!startReboot(error)) {
      return refuse(request, respond, "system.reboot", {}, http::status::internal_server_error,
                    "reboot-failed", error);
    }
    audit_.record(request->actor(), "system.reboot", {{"result", "ok"}});
    *out.mutable_status() = slots.status();
    respond(messageResponse(request->http, http::status::accepted, out));
    return;
  }
  // Under a test system root the boot loader's decision is simulated, and
  // the running agent (alive and answering) confirms the slot it "booted".
  out.set_booted_slot(slots.selectBootSlot());
  std::string error;
  if (!slots.confirmBoot(error)) moduleLogger("setup")->warn("simulated boot: {}", error);
  out.set_simulated(true);
  *out.mutable_status() = slots.status();
  audit_.record(request->actor(), "system.reboot",
                {{"booted", out.booted_slot()}, {"simulated", "true"}, {"result", "ok"}});
  respond(messageResponse(request->http, http::status::ok, out));
}

// The dispatcher's setup routes live here, next to their handlers.
void ApiDispatcher::addSetupRoutes(SetupHandlers& s) {
  using V = http::verb;
  auto h = [&s](void (SetupHandlers::*f)(const ApiRequestPtr&, Respond)) {
    return Handler([&s, f](const ApiRequestPtr& r, Respond respond) { (s.*f)(r, std::move(respond)); });
  };
  using S = SetupHandlers;
  const std::vector<Route> routes = {
      {V::get, {"api", "v1", "certificates"}, Access::Read, h(&S::listCertificates)},
      {V::post, {"api", "v1", "certificates"}, Access::Admin, h(&S::uploadCertificate)},
      {V::post, {"api", "v1", "certificates", "self-signed"}, Access::Admin, h(&S::selfSignedCertificate)},
      {V::post, {"api", "v1", "certificates", "request"}, Access::Admin, h(&S::certificateRequest)},
      {V::delete_, {"api", "v1", "certificates", "*"}, Access::Admin, h(&S::deleteCertificate)},
      {V::get, {"api", "v1", "licenses"}, Access::Read, h(&S::listLicenses)},
      {V::post, {"api", "v1", "licenses"}, Access::Admin, h(&S::addLicense)},
      {V::get, {"api", "v1", "licenses", "request"}, Access::Read, h(&S::licenseRequest)},
      {V::delete_, {"api", "v1", "licenses", "*"}, Access::Admin, h(&S::deleteLicense)},
      {V::get, {"api", "v1", "system"}, Access::Read, h(&S::system)},
      {V::get, {"api", "v1", "firmware"}, Access::Read, h(&S::firmware)},
      {V::post, {"api", "v1", "firmware"}, Access::Admin, h(&S::uploadFirmware)},
      {V::post, {"api", "v1", "firmware", "reboot"}, Access::Admin, h(&S::reboot)},
      {V::post, {"api", "v1", "setup", "backup", "export"}, Access::Admin, h(&S::exportBackup)},
      {V::post, {"api", "v1", "setup", "backup", "import"}, Access::Admin, h(&S::importBackup)},
  };
  routes_.insert(routes_.end(), routes.begin(), routes.end());
}

}  // namespace exlb::agent
