#pragma once
// What the admin sees when asked to trust an agent: the certificate's SHA-256
// fingerprint, its subject and its validity.

#include <QByteArray>
#include <QDateTime>
#include <QSslCertificate>
#include <QString>

namespace exlb::console {

struct CertificateInfo {
  QSslCertificate certificate;
  QByteArray sha256;  // raw digest of the DER encoding

  static CertificateInfo of(const QSslCertificate& certificate);
  bool isNull() const { return certificate.isNull(); }
  // "AB:CD:..." as browsers and `openssl x509 -fingerprint -sha256` print it.
  QString fingerprintText() const;
  QString subjectText() const;
  QString issuerText() const;
  QDateTime expires() const { return certificate.expiryDate(); }
};

}  // namespace exlb::console
