#pragma once
// Every cluster with its health at a glance: one row per cluster, one column
// per fact (nodes up, roles, services up, servers down, drift, split brain,
// certificates). Sorting by the Health column (SortRole) puts the worst
// problem first; a QSortFilterProxyModel on top filters and sorts.

#include <QAbstractTableModel>

#include "model/cluster_health.h"

namespace exlb::console {

class Fleet;

class OverviewModel final : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Name, Health, Nodes, Roles, Services, ServersDown, Drift, SplitBrain, Certificates, ColumnCount };
  enum Role { SortRole = Qt::UserRole + 1, IdRole, LevelRole };

  explicit OverviewModel(Fleet* fleet, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  QString idAt(int row) const { return ids_.value(row); }
  int rowOf(const QString& id) const { return static_cast<int>(ids_.indexOf(id)); }

 private:
  void onAdded(const QString& id);
  void onRemoved(const QString& id);
  void onChanged(const QString& id);

  Fleet* fleet_;
  QStringList ids_;
  QList<ClusterHealth> health_;
};

}  // namespace exlb::console
