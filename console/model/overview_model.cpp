#include "model/overview_model.h"

#include <QBrush>
#include <QColor>

#include "model/fleet.h"

namespace exlb::console {

QColor levelColor(ClusterHealth::Level level);

OverviewModel::OverviewModel(Fleet* fleet, QObject* parent) : QAbstractTableModel(parent), fleet_(fleet) {
  for (const QString& id : fleet_->ids()) {
    ids_.append(id);
    health_.append(fleet_->session(id)->health());
  }
  connect(fleet_, &Fleet::clusterAdded, this, &OverviewModel::onAdded);
  connect(fleet_, &Fleet::clusterRemoved, this, &OverviewModel::onRemoved);
  connect(fleet_, &Fleet::clusterChanged, this, &OverviewModel::onChanged);
}

void OverviewModel::onAdded(const QString& id) {
  if (ids_.contains(id)) return;
  const int row = static_cast<int>(ids_.size());
  beginInsertRows({}, row, row);
  ids_.append(id);
  health_.append(fleet_->session(id)->health());
  endInsertRows();
}

void OverviewModel::onRemoved(const QString& id) {
  const int row = rowOf(id);
  if (row < 0) return;
  beginRemoveRows({}, row, row);
  ids_.removeAt(row);
  health_.removeAt(row);
  endRemoveRows();
}

void OverviewModel::onChanged(const QString& id) {
  const int row = rowOf(id);
  ClusterSession* s = fleet_->session(id);
  if (row < 0 || !s) return;
  health_[row] = s->health();
  emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

int OverviewModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(ids_.size());
}

int OverviewModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant OverviewModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const ClusterHealth& h = health_.at(index.row());
  ClusterSession* s = fleet_->session(ids_.at(index.row()));
  const QString name = s ? s->cluster().name : QString();
  if (role == IdRole) return ids_.at(index.row());
  if (role == LevelRole) return static_cast<int>(h.level);
  if (role == Qt::ForegroundRole && index.column() == Health) return QBrush(levelColor(h.level));
  if (role == Qt::TextAlignmentRole && index.column() > Roles) return int(Qt::AlignCenter);
  if (role == SortRole) {
    switch (index.column()) {
      // Worst first under a descending sort: level, then how many things are wrong.
      case Health: return h.level * 1000 + h.serversDown + (h.nodesTotal - h.nodesUp) * 10;
      case Nodes: return h.nodesUp;
      case Services: return h.servicesUp;
      case ServersDown: return h.serversDown;
      case Drift: return h.driftFields;
      case SplitBrain: return h.splitBrain;
      case Certificates: return h.certificatesExpiring;
      default: return data(index, Qt::DisplayRole);
    }
  }
  if (role != Qt::DisplayRole && role != Qt::ToolTipRole) return {};
  switch (index.column()) {
    case Name: return name;
    case Health:
      return h.worst.isEmpty() ? tr("healthy") : h.worst;
    case Nodes: return QStringLiteral("%1/%2").arg(h.nodesUp).arg(h.nodesTotal);
    case Roles: return h.roles.join(QStringLiteral(" / "));
    case Services: return QStringLiteral("%1/%2").arg(h.servicesUp).arg(h.servicesTotal);
    case ServersDown: return h.serversDown;
    case Drift: return h.driftFields ? tr("%n field(s)", nullptr, h.driftFields) : tr("none");
    case SplitBrain: return h.splitBrain ? tr("yes") : tr("no");
    case Certificates: return h.certificatesExpiring ? tr("%n expiring", nullptr, h.certificatesExpiring) : tr("ok");
    default: return {};
  }
}

QVariant OverviewModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Name: return tr("Cluster");
    case Health: return tr("Worst problem");
    case Nodes: return tr("Nodes up");
    case Roles: return tr("Roles");
    case Services: return tr("Services up");
    case ServersDown: return tr("Servers down");
    case Drift: return tr("Drift");
    case SplitBrain: return tr("Split brain");
    case Certificates: return tr("Certificates");
    default: return {};
  }
}

QColor levelColor(ClusterHealth::Level level) {
  switch (level) {
    case ClusterHealth::Critical: return QColor(0xc0, 0x1c, 0x28);
    case ClusterHealth::Warning: return QColor(0xb5, 0x83, 0x00);
    default: return QColor(0x26, 0x8b, 0x3c);
  }
}

}  // namespace exlb::console
