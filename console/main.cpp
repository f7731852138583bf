// exlb-console: one window for every exlb appliance pair an administrator runs.
#include <QApplication>
#include <QPointer>

#include "model/fleet.h"
#include "ui/console_app.h"
#include "ui/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("exlb-console"));
  QApplication::setOrganizationName(QStringLiteral("exlb"));
  QApplication::setApplicationVersion(QStringLiteral(EXLB_VERSION));

  exlb::console::ConsoleApp console;
  console.applyLanguage();
  QPointer<exlb::console::MainWindow> window = new exlb::console::MainWindow(&console);
  window->setAttribute(Qt::WA_DeleteOnClose);
  window->show();
  console.fleet()->startAll();

  // A language change rebuilds the window in the new language; the
  // connections and staged state of the fleet live on in `console`.
  QObject::connect(&console, &exlb::console::ConsoleApp::languageChanged, &console, [&console, &window] {
    const QString selected = window ? window->selectedCluster() : QString();
    const QRect geometry = window ? window->geometry() : QRect();
    auto* next = new exlb::console::MainWindow(&console);
    next->setAttribute(Qt::WA_DeleteOnClose);
    if (geometry.isValid()) next->setGeometry(geometry);
    next->show();
    next->selectCluster(selected);
    if (window) window->close();
    window = next;
  });
  return QApplication::exec();
}
