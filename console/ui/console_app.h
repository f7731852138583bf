#pragma once
// The console's long-lived state, independent of any window: pinned
// certificates, the address book, the credential store and the live fleet.
// The main window is a view of it (and is rebuilt when the language changes).

#include <QObject>
#include <QTranslator>

namespace exlb::console {

class ClusterBook;
class CredentialStore;
class Fleet;
class TrustStore;

class ConsoleApp final : public QObject {
  Q_OBJECT

 public:
  // `settingsFile` empty: the user's QSettings; `credentials` null: the system keychain.
  explicit ConsoleApp(const QString& settingsFile = {}, CredentialStore* credentials = nullptr,
                      QObject* parent = nullptr);
  ~ConsoleApp() override;

  TrustStore* trust() const { return trust_; }
  ClusterBook* book() const { return book_; }
  CredentialStore* credentials() const { return credentials_; }
  Fleet* fleet() const { return fleet_; }

  // "" follows the system; "en" or "fr". Remembered across runs.
  QString language() const { return language_; }
  void setLanguage(const QString& code);
  // Installs the translator for the remembered (or system) language.
  void applyLanguage();

 signals:
  void languageChanged();

 private:
  QString settingsFile_;
  TrustStore* trust_;
  ClusterBook* book_;
  CredentialStore* credentials_;
  Fleet* fleet_;
  QString language_;
  QTranslator translator_;
};

}  // namespace exlb::console
