#include "ui/main_window.h"

#include <QLabel>

namespace exlb::console {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle(tr("exlb console"));
  auto* placeholder = new QLabel(tr("No cluster yet."), this);
  placeholder->setAlignment(Qt::AlignCenter);
  setCentralWidget(placeholder);
  resize(1200, 800);
}

}  // namespace exlb::console
