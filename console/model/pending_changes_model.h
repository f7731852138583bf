#pragma once
// What an apply will change, field by field and node by node, for the admin
// to read before anything is sent.

#include <QAbstractTableModel>

#include "model/config_fields.h"

namespace exlb::console {

class PendingChangesModel final : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Node, Field, Current, New, ColumnCount };
  struct Entry {
    QString node;
    FieldChange change;
  };

  explicit PendingChangesModel(QObject* parent = nullptr);
  void setEntries(QList<Entry> entries);
  const QList<Entry>& entries() const { return entries_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  QList<Entry> entries_;
};

}  // namespace exlb::console
