// firmware.pb.h (through setup.pb.h) has a field named "slots", which Qt's
// keyword macro would rewrite: it is read before any Qt header.
#include "exlb/v1/setup.pb.h"
#include "ui/uploads_panel.h"

#include <QCheckBox>
#include <QDateTime>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>

#include "net/agent_connection.h"
#include "net/wire.h"

namespace exlb::console {

namespace {

QString dateText(qint64 unixSeconds) {
  return unixSeconds > 0 ? QDateTime::fromSecsSinceEpoch(unixSeconds).toString(QStringLiteral("yyyy-MM-dd")) : QStringLiteral("?");
}

QString licenseStatusText(v1::LicenseStatus s) {
  switch (s) {
    case v1::LICENSE_STATUS_ACTIVE: return UploadsPanel::tr("active");
    case v1::LICENSE_STATUS_EVALUATION: return UploadsPanel::tr("evaluation");
    case v1::LICENSE_STATUS_EXPIRED: return UploadsPanel::tr("expired");
    case v1::LICENSE_STATUS_NOT_YET_VALID: return UploadsPanel::tr("not yet valid");
    case v1::LICENSE_STATUS_WRONG_APPLIANCE: return UploadsPanel::tr("for another appliance");
    case v1::LICENSE_STATUS_BAD_SIGNATURE: return UploadsPanel::tr("bad signature");
    case v1::LICENSE_STATUS_EVALUATION_OVER: return UploadsPanel::tr("evaluation over");
    default: return QStringLiteral("?");
  }
}

QString bounded(const std::string& s, int limit = 300) { return QString::fromStdString(s).left(limit); }

}  // namespace

UploadsPanel::UploadsPanel(QWidget* parent) : QGroupBox(tr("Uploads: certificate, license, firmware"), parent) {
  auto* grid = new QGridLayout(this);
  const auto browse = [this](QLineEdit* into, const QString& filter) {
    auto* b = new QPushButton(tr("Browse…"), this);
    connect(b, &QPushButton::clicked, this, [this, into, filter] { choose(into, filter); });
    return b;
  };
  const auto uploadButton = [this] {
    auto* b = new QPushButton(tr("Upload"), this);
    uploadButtons_.append(b);
    return b;
  };

  certId_ = new QLineEdit(this);
  certId_->setPlaceholderText(tr("id, e.g. mail"));
  certFile_ = new QLineEdit(this);
  certFile_->setPlaceholderText(tr(".pfx, .p12 or .pem"));
  certPassword_ = new QLineEdit(this);
  certPassword_->setEchoMode(QLineEdit::Password);
  certPassword_->setPlaceholderText(tr("password of the file"));
  certReplace_ = new QCheckBox(tr("Replace"), this);
  QPushButton* certUpload = uploadButton();
  grid->addWidget(new QLabel(tr("Certificate:"), this), 0, 0);
  grid->addWidget(certId_, 0, 1);
  grid->addWidget(certFile_, 0, 2);
  grid->addWidget(browse(certFile_, tr("Certificates (*.pfx *.p12 *.pem)")), 0, 3);
  grid->addWidget(certPassword_, 0, 4);
  grid->addWidget(certReplace_, 0, 5);
  grid->addWidget(certUpload, 0, 6);

  licenseFile_ = new QLineEdit(this);
  QPushButton* licenseUpload = uploadButton();
  grid->addWidget(new QLabel(tr("License:"), this), 1, 0);
  grid->addWidget(licenseFile_, 1, 1, 1, 2);
  grid->addWidget(browse(licenseFile_, tr("Licenses (*.lic *.txt);;All files (*)")), 1, 3);
  grid->addWidget(licenseUpload, 1, 6);

  firmwareFile_ = new QLineEdit(this);
  allowDowngrade_ = new QCheckBox(tr("Allow an older version"), this);
  QPushButton* firmwareUpload = uploadButton();
  grid->addWidget(new QLabel(tr("Firmware:"), this), 2, 0);
  grid->addWidget(firmwareFile_, 2, 1, 1, 2);
  grid->addWidget(browse(firmwareFile_, tr("Firmware bundles (*)")), 2, 3);
  grid->addWidget(allowDowngrade_, 2, 4, 1, 2);
  grid->addWidget(firmwareUpload, 2, 6);

  progress_ = new QProgressBar(this);
  progress_->setRange(0, 100);
  progress_->setValue(0);
  outcome_ = new QLabel(this);
  outcome_->setWordWrap(true);
  outcome_->setTextInteractionFlags(Qt::TextSelectableByMouse);
  grid->addWidget(progress_, 3, 0, 1, 7);
  grid->addWidget(outcome_, 4, 0, 1, 7);
  grid->setColumnStretch(2, 1);

  connect(certUpload, &QPushButton::clicked, this, [this] {
    uploadCertificate(certId_->text().trimmed(), certFile_->text(), certPassword_->text(), certReplace_->isChecked());
  });
  connect(licenseUpload, &QPushButton::clicked, this, [this] { uploadLicense(licenseFile_->text()); });
  connect(firmwareUpload, &QPushButton::clicked, this, [this] { uploadFirmware(firmwareFile_->text(), allowDowngrade_->isChecked()); });
}

void UploadsPanel::setConnection(AgentConnection* connection) { connection_ = connection; }

QString UploadsPanel::outcome() const { return outcome_->text(); }

void UploadsPanel::choose(QLineEdit* into, const QString& filter) {
  auto* dialog = new QFileDialog(this, tr("Choose a file"), QString(), filter);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setFileMode(QFileDialog::ExistingFile);
  connect(dialog, &QFileDialog::fileSelected, into, &QLineEdit::setText);
  dialog->open();
}

bool UploadsPanel::begin(const QString& what) {
  if (busy_) {
    end(false, tr("Another upload is still running."));
    return false;
  }
  if (!connection_ || connection_->state() != AgentConnection::State::Online) {
    end(false, tr("%1: the node is not connected.").arg(what));
    return false;
  }
  busy_ = true;
  for (QPushButton* b : std::as_const(uploadButtons_)) b->setEnabled(false);
  progress_->setValue(0);
  outcome_->setStyleSheet({});
  outcome_->setText(tr("%1: sending…").arg(what));
  return true;
}

void UploadsPanel::end(bool ok, const QString& text) {
  busy_ = false;
  for (QPushButton* b : std::as_const(uploadButtons_)) b->setEnabled(true);
  if (ok) progress_->setValue(100);
  outcome_->setStyleSheet(ok ? QStringLiteral("color:#2ea043") : QStringLiteral("color:#c01c28"));
  outcome_->setText(text);
  emit message(text);
  emit finished(ok, text);
}

QByteArray UploadsPanel::readSmallFile(const QString& path, qint64 limit, QString* error) const {
  QFile f(path);
  if (path.isEmpty() || !f.open(QIODevice::ReadOnly)) {
    *error = tr("Cannot read %1: %2").arg(path.isEmpty() ? tr("(no file chosen)") : path, f.errorString());
    return {};
  }
  if (f.size() == 0 || f.size() > limit) {
    *error = tr("%1 is %2 bytes; a file of 1 to %3 bytes is expected.").arg(QFileInfo(path).fileName()).arg(f.size()).arg(limit);
    return {};
  }
  return f.readAll();
}

bool UploadsPanel::uploadCertificate(const QString& id, const QString& filePath, const QString& password, bool replace) {
  const QString what = tr("Certificate %1").arg(id);
  QString error;
  const QByteArray file = readSmallFile(filePath, kMaxCertificateBytes, &error);
  if (id.isEmpty()) error = tr("Give the certificate an id (the name the configuration uses).");
  if (!error.isEmpty()) {
    end(false, error);
    return false;
  }
  if (!begin(what)) return false;
  v1::UploadCertificateRequest body;
  body.set_id(id.toStdString());
  body.set_file(file.toStdString());
  body.set_password(password.toStdString());
  body.set_replace(replace);
  QPointer<UploadsPanel> self(this);
  connection_->upload(
      QStringLiteral("certificates"), {encodeJsonMessage(body), {}, "application/json"},
      [self](qint64 sent, qint64 total) {
        if (self && total > 0) self->progress_->setValue(static_cast<int>(sent * 100 / total));
      },
      [self, what](const AgentReply& reply) {
        if (!self) return;
        v1::CertificateResponse answer;
        if (!reply.ok() || !decodeMessage(reply.body, reply.contentType, answer, nullptr)) {
          return self->end(false, tr("%1 refused: %2 Nothing was changed.").arg(what, reply.explanation()));
        }
        const v1::CertificateInfo& c = answer.certificate();
        QString text = tr("%1 stored: %2, valid until %3 (%4).")
                           .arg(what, bounded(c.common_name(), 200), dateText(c.not_after_unix()), bounded(c.key_type(), 40));
        for (int i = 0; i < c.warnings_size() && i < 5; ++i) text += QLatin1Char(' ') + bounded(c.warnings(i));
        if (!answer.message().empty()) text += QLatin1Char(' ') + bounded(answer.message());
        self->end(true, text);
      });
  return true;
}

bool UploadsPanel::uploadLicense(const QString& filePath) {
  QString error;
  const QByteArray file = readSmallFile(filePath, kMaxLicenseBytes, &error);
  if (!error.isEmpty()) {
    end(false, error);
    return false;
  }
  if (!begin(tr("License"))) return false;
  v1::AddLicenseRequest body;
  body.set_license(file.trimmed().toStdString());
  QPointer<UploadsPanel> self(this);
  connection_->upload(
      QStringLiteral("licenses"), {encodeJsonMessage(body), {}, "application/json"},
      [self](qint64 sent, qint64 total) {
        if (self && total > 0) self->progress_->setValue(static_cast<int>(sent * 100 / total));
      },
      [self](const AgentReply& reply) {
        if (!self) return;
        v1::LicenseResponse answer;
        if (!reply.ok() || !decodeMessage(reply.body, reply.contentType, answer, nullptr)) {
          return self->end(false, tr("License refused: %1 Nothing was changed.").arg(reply.explanation()));
        }
        const v1::LicenseInfo& l = answer.license();
        self->end(true, tr("License %1 for %2 accepted: %3, until %4.")
                            .arg(bounded(l.serial(), 64), bounded(l.owner(), 200), licenseStatusText(l.status()),
                                 dateText(l.expires_unix())));
      });
  return true;
}

bool UploadsPanel::uploadFirmware(const QString& filePath, bool allowDowngrade) {
  const QFileInfo info(filePath);
  if (filePath.isEmpty() || !info.isFile() || !info.isReadable()) {
    end(false, tr("Cannot read %1.").arg(filePath.isEmpty() ? tr("(no file chosen)") : filePath));
    return false;
  }
  if (info.size() == 0 || info.size() > kMaxFirmwareBytes) {
    end(false, tr("%1 is %2 bytes; a firmware bundle of 1 to %3 bytes is expected.").arg(info.fileName()).arg(info.size()).arg(kMaxFirmwareBytes));
    return false;
  }
  if (!begin(tr("Firmware %1").arg(info.fileName()))) return false;
  QPointer<UploadsPanel> self(this);
  const QString name = info.fileName();
  connection_->upload(
      allowDowngrade ? QStringLiteral("firmware?allow_downgrade=true") : QStringLiteral("firmware"),
      {{}, filePath, "application/octet-stream"},
      [self](qint64 sent, qint64 total) {
        if (self && total > 0) self->progress_->setValue(static_cast<int>(sent * 100 / total));
      },
      [self, name](const AgentReply& reply) {
        if (!self) return;
        v1::FirmwareResponse answer;
        if (!reply.ok() || !decodeMessage(reply.body, reply.contentType, answer, nullptr)) {
          return self->end(false, tr("Firmware %1 refused: %2 Nothing was changed.").arg(name, reply.explanation()));
        }
        const QString pending = bounded(answer.status().pending_slot(), 32);
        QString text = tr("Firmware %1 verified and staged%2; it runs after the next reboot.")
                           .arg(name, pending.isEmpty() ? QString() : tr(" in slot %1").arg(pending));
        if (!answer.message().empty()) text += QLatin1Char(' ') + bounded(answer.message());
        self->end(true, text);
      });
  return true;
}

}  // namespace exlb::console
