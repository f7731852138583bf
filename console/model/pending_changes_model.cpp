#include "model/pending_changes_model.h"

namespace exlb::console {

PendingChangesModel::PendingChangesModel(QObject* parent) : QAbstractTableModel(parent) {}

void PendingChangesModel::setEntries(QList<Entry> entries) {
  beginResetModel();
  entries_ = std::move(entries);
  endResetModel();
}

int PendingChangesModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(entries_.size());
}

int PendingChangesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PendingChangesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  const Entry& e = entries_.at(index.row());
  const auto shown = [](const QString& v) { return v.isEmpty() ? tr("(empty)") : v; };
  switch (index.column()) {
    case Node: return e.node;
    case Field: return e.change.path;
    case Current: return shown(e.change.before);
    case New: return shown(e.change.after);
    default: return {};
  }
}

QVariant PendingChangesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Node: return tr("Node");
    case Field: return tr("Field");
    case Current: return tr("Now");
    case New: return tr("After apply");
    default: return {};
  }
}

}  // namespace exlb::console
