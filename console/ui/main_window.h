#pragma once

#include <QMainWindow>

namespace exlb::console {

// The console's single window: clusters on the left, the selected cluster's
// pair view and configuration pages on the right.
class MainWindow final : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
};

}  // namespace exlb::console
