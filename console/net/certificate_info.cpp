#include "net/certificate_info.h"

#include <QStringList>

namespace exlb::console {

namespace {

QString distinguishedName(const QSslCertificate& c, bool subject) {
  QStringList parts;
  const auto attributes = subject ? c.subjectInfoAttributes() : c.issuerInfoAttributes();
  for (const QByteArray& attribute : attributes) {
    const QStringList values = subject ? c.subjectInfo(attribute) : c.issuerInfo(attribute);
    for (const QString& value : values) {
      parts << QStringLiteral("%1=%2").arg(QString::fromLatin1(attribute), value);
    }
  }
  return parts.join(QStringLiteral(", "));
}

}  // namespace

CertificateInfo CertificateInfo::of(const QSslCertificate& certificate) {
  CertificateInfo info;
  info.certificate = certificate;
  if (!certificate.isNull()) info.sha256 = certificate.digest(QCryptographicHash::Sha256);
  return info;
}

QString CertificateInfo::fingerprintText() const {
  return QString::fromLatin1(sha256.toHex(':').toUpper());
}

QString CertificateInfo::subjectText() const { return distinguishedName(certificate, true); }
QString CertificateInfo::issuerText() const { return distinguishedName(certificate, false); }

}  // namespace exlb::console
