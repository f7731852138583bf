#pragma once
// The certificates the admin has trusted, one per agent endpoint, kept with
// QSettings (the whole PEM, so the TLS layer can use it as the only trust
// anchor for that endpoint). Trust-on-first-use: nothing here is trusted
// until the admin has looked at the fingerprint and said so.

#include <QObject>
#include <QSslCertificate>
#include <QString>

namespace exlb::console {

class TrustStore final : public QObject {
  Q_OBJECT

 public:
  // `settingsFile` empty: the application's default QSettings; tests pass a
  // file in a temporary folder.
  explicit TrustStore(QString settingsFile = {}, QObject* parent = nullptr);

  QSslCertificate pinned(const QString& endpointKey) const;
  void pin(const QString& endpointKey, const QSslCertificate& certificate);
  void forget(const QString& endpointKey);

 signals:
  void changed(const QString& endpointKey);

 private:
  QString settingsFile_;
};

}  // namespace exlb::console
