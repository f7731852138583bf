#include "ui/console_app.h"

#include <QCoreApplication>
#include <QLocale>
#include <QSettings>
#include <memory>

#include "model/cluster_book.h"
#include "model/credential_store.h"
#include "model/fleet.h"
#include "net/trust_store.h"

namespace exlb::console {

namespace {
std::unique_ptr<QSettings> openSettings(const QString& file) {
  if (file.isEmpty()) return std::make_unique<QSettings>();
  return std::make_unique<QSettings>(file, QSettings::IniFormat);
}
}  // namespace

ConsoleApp::ConsoleApp(const QString& settingsFile, CredentialStore* credentials, QObject* parent)
    : QObject(parent),
      settingsFile_(settingsFile),
      trust_(new TrustStore(settingsFile, this)),
      book_(new ClusterBook(settingsFile, this)),
      credentials_(credentials ? credentials : createSystemCredentialStore(this)),
      fleet_(new Fleet(book_, trust_, credentials_, this)) {
  language_ = openSettings(settingsFile_)->value(QStringLiteral("ui/language")).toString();
}

ConsoleApp::~ConsoleApp() { QCoreApplication::removeTranslator(&translator_); }

void ConsoleApp::setLanguage(const QString& code) {
  if (code == language_) return;
  language_ = code;
  openSettings(settingsFile_)->setValue(QStringLiteral("ui/language"), code);
  applyLanguage();
  emit languageChanged();
}

void ConsoleApp::applyLanguage() {
  QCoreApplication::removeTranslator(&translator_);
  const QLocale locale = language_.isEmpty() ? QLocale::system() : QLocale(language_);
  // English is the source language: nothing to load.
  if (locale.language() == QLocale::French &&
      translator_.load(QStringLiteral(":/i18n/exlb_console_fr.qm"))) {
    QCoreApplication::installTranslator(&translator_);
  }
}

}  // namespace exlb::console
