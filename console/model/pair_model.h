#pragma once
// The health of every CAS/HUB server per Exchange service on the nodes of one
// cluster, side by side: one row per (service, server), per node a health and
// a sessions column. The pair view shows it; the heat map reads it too.

#include <QAbstractTableModel>
#include <QPointer>

#include "model/cluster_session.h"

namespace exlb::console {

class PairModel final : public QAbstractTableModel {
  Q_OBJECT

 public:
  enum Role { HealthRole = Qt::UserRole + 1 };  // v1::ServerHealth as int

  explicit PairModel(QObject* parent = nullptr);

  // The cluster shown (nullptr: none).
  void setSession(ClusterSession* session);
  ClusterSession* session() const { return session_; }

  int rowCount(const QModelIndex& parent = {}) const override;
  int columnCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
  QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

 private:
  struct Row {
    QString service;
    QString server;
    QList<const v1::ServerStatus*> perNode;  // may hold nullptr
  };
  void rebuild();
  int nodes() const { return session_ ? session_->nodeCount() : 0; }

  QPointer<ClusterSession> session_;
  QList<NodeView> views_;   // own copies: rows point into these
  QList<Row> rows_;
};

QColor healthColor(v1::ServerHealth health);

}  // namespace exlb::console
