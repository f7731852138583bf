#pragma once
// Asks for a cluster's password (login), or for a new one when the agent
// still has its factory password and refuses anything else until it changes.

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;

namespace exlb::console {

class PasswordDialog final : public QDialog {
  Q_OBJECT

 public:
  enum class Mode { Login, ChangeFactory };
  PasswordDialog(Mode mode, const QString& where, const QString& why, QWidget* parent = nullptr);

  QString password() const;
  void showProblem(const QString& text);

 private:
  void check();

  Mode mode_;
  QLineEdit* password_ = nullptr;
  QLineEdit* confirm_ = nullptr;
  QLabel* problem_ = nullptr;
  QPushButton* ok_ = nullptr;
};

}  // namespace exlb::console
