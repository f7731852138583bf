// The fake agent's Services tab and upload routes (svc's and setup's API
// contracts): enough behaviour for the console's operations tests.
// setup.pb.h first: firmware.pb.h's field "slots" must be read before Qt's
// keyword macro exists.
#include "exlb/v1/setup.pb.h"

#include <QSslSocket>

#include "exlb/v1/api.pb.h"
#include "fake_agent.h"
#include "net/wire.h"

namespace exlb::console::test {

namespace {

v1::ServiceInfo row(const char* name, const char* guide, v1::ServiceRunState state, QStringList actions, bool startup) {
  v1::ServiceInfo s;
  s.set_name(name);
  s.set_guide_name(guide);
  s.set_status(state);
  s.set_detail(state == v1::SERVICE_RUN_STATE_OK ? "running" : "not used");
  s.set_pid(state == v1::SERVICE_RUN_STATE_OK ? 4242 : 0);
  s.set_since_unix_ms(state == v1::SERVICE_RUN_STATE_OK ? 1700000000000 : 0);
  if (startup) s.set_startup(v1::STARTUP_MODE_AUTO);
  s.set_startup_changeable(startup);
  for (const QString& a : actions) s.add_actions(a.toStdString());
  if (QByteArray(name) == "haproxy") s.set_warning("Stopping haproxy stops all traffic.");
  return s;
}

}  // namespace

v1::ServiceInfo FakeAgent::service(const QString& name) const {
  for (const v1::ServiceInfo& s : services_) {
    if (QString::fromStdString(s.name()) == name) return s;
  }
  return {};
}

bool FakeAgent::handleServices(QSslSocket* socket, const Request& r, const QString& path) {
  if (services_.isEmpty()) {
    const QStringList all{QStringLiteral("start"), QStringLiteral("stop"), QStringLiteral("restart"), QStringLiteral("reload")};
    services_ = {row("system", "system", v1::SERVICE_RUN_STATE_OK, {QStringLiteral("restart")}, false),
                 row("vrrp", "vrrp", v1::SERVICE_RUN_STATE_NOT_USED, {}, true),
                 row("haproxy", "haproxy", v1::SERVICE_RUN_STATE_OK, all, true),
                 row("tls", "stunnel", v1::SERVICE_RUN_STATE_PROVIDED, {}, false)};
  }
  if (path == QLatin1String("/api/v1/services") && r.method == "GET") {
    v1::ServicesResponse answer;
    for (const v1::ServiceInfo& s : services_) *answer.add_services() = s;
    reply(socket, 200, encodeJsonMessage(answer));
    return true;
  }
  const QStringList parts = path.mid(QStringLiteral("/api/v1/services/").size()).split(QLatin1Char('/'));
  if (!path.startsWith(QLatin1String("/api/v1/services/")) || parts.size() != 2) return false;
  qsizetype index = -1;
  for (qsizetype i = 0; i < services_.size(); ++i) {
    if (QString::fromStdString(services_[i].name()) == parts[0]) index = i;
  }
  if (index < 0) {
    error(socket, 404, QStringLiteral("not-found"), QStringLiteral("No such service."));
    return true;
  }
  v1::ServiceInfo& s = services_[index];
  if (parts[1] == QLatin1String("startup") && r.method == "PUT") {
    v1::SetStartupRequest body;
    if (!decodeJsonMessage(r.body, body, nullptr) || !s.startup_changeable()) {
      error(socket, 422, QStringLiteral("invalid-argument"), QStringLiteral("This service has no startup mode."));
      return true;
    }
    s.set_startup(body.startup());
    serviceActions_ << parts[0] + QStringLiteral("/startup=") + QString::fromStdString(v1::StartupMode_Name(body.startup()));
    v1::SetStartupResponse answer;
    *answer.mutable_service() = s;
    reply(socket, 200, encodeJsonMessage(answer));
    return true;
  }
  bool allowed = false;
  for (const std::string& a : s.actions()) allowed = allowed || QString::fromStdString(a) == parts[1];
  if (r.method != "POST" || !allowed) {
    error(socket, 409, QStringLiteral("not-supported"), QStringLiteral("%1 cannot %2.").arg(parts[0], parts[1]));
    return true;
  }
  serviceActions_ << parts.join(QLatin1Char('/'));
  const bool stop = parts[1] == QLatin1String("stop");
  s.set_status(stop ? v1::SERVICE_RUN_STATE_NOK : v1::SERVICE_RUN_STATE_OK);
  s.set_detail(stop ? "stopped by admin" : "running");
  s.set_pid(stop ? 0 : 4243);
  v1::ServiceActionResponse answer;
  *answer.mutable_service() = s;
  answer.set_message(QStringLiteral("%1: %2 done.").arg(parts[0], parts[1]).toStdString());
  reply(socket, 200, encodeJsonMessage(answer));
  return true;
}

bool FakeAgent::handleUploads(QSslSocket* socket, const Request& r, const QString& path) {
  if (r.method != "POST") return false;
  if (path == QLatin1String("/api/v1/certificates")) {
    v1::UploadCertificateRequest body;
    if (!decodeJsonMessage(r.body, body, nullptr) || body.file().rfind("-----BEGIN", 0) != 0) {
      error(socket, 422, QStringLiteral("invalid-certificate"), QStringLiteral("The file is neither PKCS#12 nor PEM."));
      return true;
    }
    certificateIds_ << QString::fromStdString(body.id());
    v1::CertificateResponse answer;
    answer.mutable_certificate()->set_id(body.id());
    answer.mutable_certificate()->set_common_name("mail.exlb.test");
    answer.mutable_certificate()->set_not_after_unix(1900000000);
    answer.mutable_certificate()->set_key_type("EC P-256");
    reply(socket, 201, encodeJsonMessage(answer));
    return true;
  }
  if (path == QLatin1String("/api/v1/licenses")) {
    v1::AddLicenseRequest body;
    if (!decodeJsonMessage(r.body, body, nullptr) || body.license().rfind("EXLB-LICENSE", 0) != 0) {
      error(socket, 422, QStringLiteral("invalid-license"), QStringLiteral("The license's signature does not verify."));
      return true;
    }
    v1::LicenseResponse answer;
    answer.mutable_license()->set_serial("S-1");
    answer.mutable_license()->set_owner("Contoso");
    answer.mutable_license()->set_status(v1::LICENSE_STATUS_ACTIVE);
    answer.mutable_license()->set_expires_unix(1900000000);
    reply(socket, 201, encodeJsonMessage(answer));
    return true;
  }
  if (path == QLatin1String("/api/v1/firmware")) {
    firmwareBytes_ = r.body.size();
    if (!r.body.startsWith("EXLBFW")) {
      error(socket, 422, QStringLiteral("invalid-firmware"), QStringLiteral("The bundle's signature does not verify."));
      return true;
    }
    v1::FirmwareResponse answer;
    answer.mutable_status()->set_pending_slot("b");
    answer.set_message("Staged in slot b.");
    reply(socket, 200, encodeJsonMessage(answer));
    return true;
  }
  return false;
}

}  // namespace exlb::console::test
