#include "ui/password_dialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace exlb::console {

PasswordDialog::PasswordDialog(Mode mode, const QString& where, const QString& why, QWidget* parent)
    : QDialog(parent), mode_(mode) {
  const bool change = mode == Mode::ChangeFactory;
  setWindowTitle(change ? tr("Change the factory password") : tr("Password"));
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(change ? tr("<b>%1</b> still uses its factory password. Choose a new one: the appliance "
                                       "accepts nothing else until it is changed.").arg(where.toHtmlEscaped())
                                  : tr("Password for <b>%1</b>.").arg(where.toHtmlEscaped()),
                           this);
  intro->setWordWrap(true);
  layout->addWidget(intro);
  if (!why.isEmpty() && !change) {
    auto* reason = new QLabel(why, this);
    reason->setWordWrap(true);
    layout->addWidget(reason);
  }
  auto* form = new QFormLayout;
  password_ = new QLineEdit(this);
  password_->setEchoMode(QLineEdit::Password);
  form->addRow(change ? tr("New password:") : tr("Password:"), password_);
  if (change) {
    confirm_ = new QLineEdit(this);
    confirm_->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Confirmation:"), confirm_);
    connect(confirm_, &QLineEdit::textChanged, this, &PasswordDialog::check);
  }
  layout->addLayout(form);
  problem_ = new QLabel(this);
  problem_->setStyleSheet(QStringLiteral("color: #c01c28;"));
  problem_->setWordWrap(true);
  layout->addWidget(problem_);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  ok_ = buttons->button(QDialogButtonBox::Ok);
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  connect(password_, &QLineEdit::textChanged, this, &PasswordDialog::check);
  layout->addWidget(buttons);
  check();
}

QString PasswordDialog::password() const { return password_->text(); }

void PasswordDialog::showProblem(const QString& text) { problem_->setText(text); }

void PasswordDialog::check() {
  if (mode_ == Mode::Login) {
    ok_->setEnabled(!password_->text().isEmpty());
    return;
  }
  QString problem;
  if (password_->text().size() < 8) {
    problem = tr("At least 8 characters.");
  } else if (password_->text() != confirm_->text()) {
    problem = tr("The two entries differ.");
  }
  problem_->setText(password_->text().isEmpty() ? QString() : problem);
  ok_->setEnabled(problem.isEmpty());
}

}  // namespace exlb::console
