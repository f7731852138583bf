#pragma once
// Shows what an apply will change on each node, field by field, and lets the
// admin go on or step back.

#include <QDialog>

#include "model/pending_changes_model.h"

class QLabel;

namespace exlb::console {

class PendingChangesDialog final : public QDialog {
  Q_OBJECT

 public:
  PendingChangesDialog(const QList<PendingChangesModel::Entry>& entries, const QString& what, QWidget* parent = nullptr);
  PendingChangesModel* model() const { return model_; }

 private:
  PendingChangesModel* model_;
};

}  // namespace exlb::console
