#pragma once
// Where the console keeps the admin passwords of its clusters. The operating
// system's keychain (QtKeychain: Windows Credential Manager, macOS Keychain,
// Secret Service / KWallet on Linux) where one answers; otherwise memory only,
// for this run: a password is never written to disk in plain text, and the
// console asks for it again after a restart.

#include <QHash>
#include <QObject>
#include <QString>
#include <functional>

namespace exlb::console {

class CredentialStore : public QObject {
  Q_OBJECT

 public:
  using ReadHandler = std::function<void(const QString& password)>;  // empty: none stored
  using QObject::QObject;

  virtual void read(const QString& key, ReadHandler done) = 0;
  virtual void write(const QString& key, const QString& password) = 0;
  virtual void remove(const QString& key) = 0;
  // True when passwords survive a restart (a real keychain answered).
  virtual bool persistent() const = 0;
};

// Memory only: the fallback, and the tests' stand-in backend.
class MemoryCredentialStore final : public CredentialStore {
  Q_OBJECT

 public:
  using CredentialStore::CredentialStore;
  void read(const QString& key, ReadHandler done) override { done(passwords_.value(key)); }
  void write(const QString& key, const QString& password) override { passwords_.insert(key, password); }
  void remove(const QString& key) override { passwords_.remove(key); }
  bool persistent() const override { return false; }

 private:
  QHash<QString, QString> passwords_;
};

// The OS keychain through QtKeychain, with the memory store behind it: when
// the keychain fails (a headless Linux session has none), the password is
// kept in memory for this run and persistent() turns false.
CredentialStore* createSystemCredentialStore(QObject* parent);

}  // namespace exlb::console
