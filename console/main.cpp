// exlb-console: one window for every exlb appliance pair an administrator runs.
#include <QApplication>

#include "ui/main_window.h"

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QApplication::setApplicationName(QStringLiteral("exlb-console"));
  QApplication::setOrganizationName(QStringLiteral("exlb"));
  QApplication::setApplicationVersion(QStringLiteral(EXLB_VERSION));

  exlb::console::MainWindow window;
  window.show();
  return QApplication::exec();
}
