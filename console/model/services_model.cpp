#include "model/services_model.h"

#include <QColor>
#include <QDateTime>

namespace exlb::console {

namespace {

// Text from an agent is shown, never trusted: bounded.
QString bounded(const std::string& s, int limit = 200) { return QString::fromStdString(s).left(limit); }

}  // namespace

QString runStateText(v1::ServiceRunState state) {
  switch (state) {
    case v1::SERVICE_RUN_STATE_OK: return ServicesModel::tr("OK");
    case v1::SERVICE_RUN_STATE_NOK: return ServicesModel::tr("NOK");
    case v1::SERVICE_RUN_STATE_NOT_USED: return ServicesModel::tr("not used");
    case v1::SERVICE_RUN_STATE_PROVIDED: return ServicesModel::tr("provided by HAProxy");
    default: return QStringLiteral("?");
  }
}

QString startupText(v1::StartupMode mode) {
  switch (mode) {
    case v1::STARTUP_MODE_AUTO: return ServicesModel::tr("auto");
    case v1::STARTUP_MODE_MANUAL: return ServicesModel::tr("manual");
    default: return QStringLiteral("—");
  }
}

ServicesModel::ServicesModel(QObject* parent) : QAbstractTableModel(parent) {}

void ServicesModel::setServices(const v1::ServicesResponse& services) {
  beginResetModel();
  rows_.clear();
  for (const v1::ServiceInfo& s : services.services()) {
    if (rows_.size() >= kMaxRows) break;
    rows_.append(s);
  }
  endResetModel();
}

void ServicesModel::updateService(const v1::ServiceInfo& service) {
  const int row = rowOf(bounded(service.name()));
  if (row >= 0) {
    rows_[row] = service;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return;
  }
  if (rows_.size() >= kMaxRows) return;
  beginInsertRows({}, static_cast<int>(rows_.size()), static_cast<int>(rows_.size()));
  rows_.append(service);
  endInsertRows();
}

void ServicesModel::clear() {
  beginResetModel();
  rows_.clear();
  endResetModel();
}

const v1::ServiceInfo* ServicesModel::service(int row) const {
  return row >= 0 && row < rows_.size() ? &rows_[row] : nullptr;
}

int ServicesModel::rowOf(const QString& name) const {
  for (int i = 0; i < rows_.size(); ++i) {
    if (bounded(rows_[i].name()) == name) return i;
  }
  return -1;
}

int ServicesModel::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(rows_.size()); }

int ServicesModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant ServicesModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const v1::ServiceInfo& s = rows_[index.row()];
  switch (role) {
    case NameRole: return bounded(s.name(), 64);
    case ActionsRole: {
      QStringList actions;
      for (const std::string& a : s.actions()) {
        if (actions.size() < 8) actions << bounded(a, 16);
      }
      return actions;
    }
    case WarningRole: return bounded(s.warning(), 500);
    case StartupChangeableRole: return s.startup_changeable();
    case Qt::ToolTipRole: return bounded(s.description(), 500);
    case Qt::ForegroundRole:
      if (index.column() == Status && s.status() == v1::SERVICE_RUN_STATE_OK) return QColor(0x2e, 0xa0, 0x43);
      if (index.column() == Status && s.status() == v1::SERVICE_RUN_STATE_NOK) return QColor(0xd0, 0x2f, 0x3a);
      return {};
    case Qt::DisplayRole: break;
    default: return {};
  }
  switch (index.column()) {
    case Service: return s.guide_name().empty() ? bounded(s.name(), 64) : bounded(s.guide_name(), 64);
    case Status: return runStateText(s.status());
    case Detail: return bounded(s.detail(), 300);
    case Pid: return s.pid() ? QVariant(s.pid()) : QVariant(QStringLiteral("—"));
    case Since:
      return s.since_unix_ms() > 0 ? QDateTime::fromMSecsSinceEpoch(s.since_unix_ms()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                   : QStringLiteral("—");
    case Restarts: return s.restarts();
    case Startup: return startupText(s.startup());
    default: return {};
  }
}

QVariant ServicesModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  switch (section) {
    case Service: return tr("Service");
    case Status: return tr("Status");
    case Detail: return tr("Detail");
    case Pid: return tr("PID");
    case Since: return tr("Since");
    case Restarts: return tr("Restarts");
    case Startup: return tr("Startup");
    default: return {};
  }
}

}  // namespace exlb::console
