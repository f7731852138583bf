#pragma once
// The Services tab of one node (guide chapter 6): one row per service the
// agent reports (system, vrrp, haproxy, tls) with its running status, pid,
// since, restarts and startup mode. The operations page shows it and sends
// the row's actions (start, stop, restart, reload, startup auto/manual).

#include <QAbstractTableModel>

#include "exlb/v1/services.pb.h"

namespace exlb::console {

class ServicesModel final : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Column { Service, Status, Detail, Pid, Since, Restarts, Startup, ColumnCount };
  enum Role { NameRole = Qt::UserRole + 1, ActionsRole, WarningRole, StartupChangeableRole };

  explicit ServicesModel(QObject* parent = nullptr);

  // A list from the agent (at most kMaxRows rows are kept).
  void setServices(const v1::ServicesResponse& services);
  // One row after an action (matched by name; appended when new).
  void updateService(const v1::ServiceInfo& service);
  void clear();
  const v1::ServiceInfo* service(int row) const;
  int rowOf(const QString& name) const;

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

  static constexpr int kMaxRows = 32;

 private:
  QList<v1::ServiceInfo> rows_;
};

QString runStateText(v1::ServiceRunState state);
QString startupText(v1::StartupMode mode);

}  // namespace exlb::console
