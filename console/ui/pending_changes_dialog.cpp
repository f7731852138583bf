#include "ui/pending_changes_dialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace exlb::console {

PendingChangesDialog::PendingChangesDialog(const QList<PendingChangesModel::Entry>& entries, const QString& what,
                                           QWidget* parent)
    : QDialog(parent), model_(new PendingChangesModel(this)) {
  setWindowTitle(tr("Pending changes"));
  model_->setEntries(entries);
  auto* layout = new QVBoxLayout(this);
  auto* intro = new QLabel(entries.isEmpty() ? tr("Nothing to apply: validate (✓) an area first.")
                                             : tr("%1 — %n change(s):", nullptr, static_cast<int>(entries.size())).arg(what),
                           this);
  layout->addWidget(intro);
  auto* table = new QTableView(this);
  table->setModel(model_);
  table->horizontalHeader()->setStretchLastSection(true);
  table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table->verticalHeader()->hide();
  table->setSelectionBehavior(QAbstractItemView::SelectRows);
  layout->addWidget(table, 1);
  auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
  buttons->button(QDialogButtonBox::Ok)->setText(tr("Apply"));
  buttons->button(QDialogButtonBox::Ok)->setEnabled(!entries.isEmpty());
  connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
  connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  layout->addWidget(buttons);
  resize(760, 420);
}

}  // namespace exlb::console
