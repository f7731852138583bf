#include "net/trust_store.h"

#include <QSettings>
#include <memory>

namespace exlb::console {

namespace {

std::unique_ptr<QSettings> openSettings(const QString& file) {
  if (file.isEmpty()) return std::make_unique<QSettings>();
  return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

// QSettings keys cannot hold '/' or '\\' safely; endpoint keys hold ':' and
// brackets only, which QSettings escapes itself.
QString settingsKey(const QString& endpointKey) {
  return QStringLiteral("trust/") + QString::fromLatin1(endpointKey.toUtf8().toHex());
}

}  // namespace

TrustStore::TrustStore(QString settingsFile, QObject* parent)
    : QObject(parent), settingsFile_(std::move(settingsFile)) {}

QSslCertificate TrustStore::pinned(const QString& endpointKey) const {
  const auto settings = openSettings(settingsFile_);
  const QByteArray pem = settings->value(settingsKey(endpointKey)).toByteArray();
  if (pem.isEmpty()) return QSslCertificate();
  return QSslCertificate(pem, QSsl::Pem);
}

void TrustStore::pin(const QString& endpointKey, const QSslCertificate& certificate) {
  const auto settings = openSettings(settingsFile_);
  settings->setValue(settingsKey(endpointKey), certificate.toPem());
  settings->sync();
  emit changed(endpointKey);
}

void TrustStore::forget(const QString& endpointKey) {
  const auto settings = openSettings(settingsFile_);
  settings->remove(settingsKey(endpointKey));
  settings->sync();
  emit changed(endpointKey);
}

}  // namespace exlb::console
