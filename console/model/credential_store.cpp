#include "model/credential_store.h"

#include <QLoggingCategory>

#ifdef EXLB_HAVE_QTKEYCHAIN
#include <qt6keychain/keychain.h>
#endif

Q_LOGGING_CATEGORY(lcCredentials, "exlb.model.credentials")

namespace exlb::console {

#ifdef EXLB_HAVE_QTKEYCHAIN
namespace {

constexpr char kService[] = "exlb-console";

class KeychainCredentialStore final : public CredentialStore {
 public:
  using CredentialStore::CredentialStore;

  void read(const QString& key, ReadHandler done) override {
    if (memory_.contains(key) || !keychainWorks_) {
      done(memory_.value(key));
      return;
    }
    auto* job = new QKeychain::ReadPasswordJob(QLatin1String(kService), this);
    job->setKey(key);
    connect(job, &QKeychain::Job::finished, this, [this, job, key, done](QKeychain::Job*) {
      if (job->error() == QKeychain::NoError) {
        done(job->textData());
        return;
      }
      if (job->error() != QKeychain::EntryNotFound) noteFailure(job->errorString());
      done(memory_.value(key));
    });
    job->start();
  }

  void write(const QString& key, const QString& password) override {
    memory_.insert(key, password);
    if (!keychainWorks_) return;
    auto* job = new QKeychain::WritePasswordJob(QLatin1String(kService), this);
    job->setKey(key);
    job->setTextData(password);
    connect(job, &QKeychain::Job::finished, this, [this, job, key](QKeychain::Job*) {
      if (job->error() == QKeychain::NoError) {
        memory_.remove(key);  // the keychain has it now
      } else {
        noteFailure(job->errorString());
      }
    });
    job->start();
  }

  void remove(const QString& key) override {
    memory_.remove(key);
    if (!keychainWorks_) return;
    auto* job = new QKeychain::DeletePasswordJob(QLatin1String(kService), this);
    job->setKey(key);
    job->start();
  }

  bool persistent() const override { return keychainWorks_; }

 private:
  void noteFailure(const QString& why) {
    if (keychainWorks_) {
      qCWarning(lcCredentials) << "no usable keychain, passwords kept in memory for this run:" << why;
    }
    keychainWorks_ = false;
  }

  QHash<QString, QString> memory_;
  bool keychainWorks_ = true;
};

}  // namespace

CredentialStore* createSystemCredentialStore(QObject* parent) {
  return new KeychainCredentialStore(parent);
}
#else
CredentialStore* createSystemCredentialStore(QObject* parent) {
  qCWarning(lcCredentials) << "built without QtKeychain: passwords are kept in memory for this run";
  return new MemoryCredentialStore(parent);
}
#endif

}  // namespace exlb::console
