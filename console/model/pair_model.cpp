#include "model/pair_model.h"

#include <QBrush>
#include <QColor>

namespace exlb::console {

QColor healthColor(v1::ServerHealth health) {
  switch (health) {
    case v1::SERVER_HEALTH_UP: return QColor(0x2e, 0xa0, 0x43);
    case v1::SERVER_HEALTH_DOWN: return QColor(0xd0, 0x2f, 0x3a);
    case v1::SERVER_HEALTH_DRAIN: return QColor(0xe0, 0xa8, 0x00);
    case v1::SERVER_HEALTH_MAINT: return QColor(0x6e, 0x7a, 0x8a);
    default: return QColor(0xb8, 0xbf, 0xc7);
  }
}

PairModel::PairModel(QObject* parent) : QAbstractTableModel(parent) {}

void PairModel::setSession(ClusterSession* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) connect(session_, &ClusterSession::changed, this, &PairModel::rebuild);
  rebuild();
}

void PairModel::rebuild() {
  QList<NodeView> views = session_ ? session_->nodes() : QList<NodeView>{};
  QList<Row> rows;
  for (int n = 0; n < views.size(); ++n) {
    if (!views[n].hasStatus) continue;
    for (const v1::ServiceStatus& s : views[n].status.services()) {
      for (const v1::ServerStatus& server : s.servers()) {
        const QString service = QString::fromStdString(s.name()).left(64);
        const QString name = QString::fromStdString(server.name()).left(64);
        auto it = std::find_if(rows.begin(), rows.end(),
                               [&](const Row& r) { return r.service == service && r.server == name; });
        if (it == rows.end()) {
          if (rows.size() >= 4096) continue;  // bounded whatever an agent claims
          rows.append({service, name, QList<const v1::ServerStatus*>(views.size(), nullptr)});
          it = rows.end() - 1;
        }
        it->perNode[n] = &server;
      }
    }
  }
  const bool sameShape = rows.size() == rows_.size() && columnCount() == 2 + 2 * views.size() &&
                         std::equal(rows.begin(), rows.end(), rows_.begin(), [](const Row& a, const Row& b) {
                           return a.service == b.service && a.server == b.server;
                         });
  // The pointers in `rows` point into `views`' status messages; keep both.
  // QList copies of NodeView share nothing, so rebuild the pointers after the move.
  if (sameShape) {
    views_ = std::move(views);
    for (Row& r : rows) r.perNode.fill(nullptr);
    rows_ = rows;
  } else {
    beginResetModel();
    views_ = std::move(views);
    rows_ = rows;
  }
  for (Row& r : rows_) {
    for (int n = 0; n < views_.size(); ++n) {
      r.perNode[n] = nullptr;
      if (!views_[n].hasStatus) continue;
      for (const v1::ServiceStatus& s : views_[n].status.services()) {
        if (QString::fromStdString(s.name()).left(64) != r.service) continue;
        for (const v1::ServerStatus& server : s.servers()) {
          if (QString::fromStdString(server.name()).left(64) == r.server) r.perNode[n] = &server;
        }
      }
    }
  }
  if (sameShape) {
    if (!rows_.isEmpty()) emit dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
  } else {
    endResetModel();
  }
}

int PairModel::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}

int PairModel::columnCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : 2 + 2 * static_cast<int>(views_.size());
}

QVariant PairModel::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Row& r = rows_.at(index.row());
  if (index.column() == 0) return role == Qt::DisplayRole ? QVariant(r.service) : QVariant();
  if (index.column() == 1) return role == Qt::DisplayRole ? QVariant(r.server) : QVariant();
  const int node = (index.column() - 2) / 2;
  const bool healthColumn = (index.column() - 2) % 2 == 0;
  const v1::ServerStatus* s = r.perNode.value(node);
  if (!s) return role == Qt::DisplayRole ? QVariant(QStringLiteral("–")) : QVariant();
  if (healthColumn) {
    switch (role) {
      case Qt::DisplayRole: return healthName(s->health());
      case Qt::ToolTipRole: return QString::fromStdString(s->last_check()).left(200);
      case Qt::DecorationRole: return healthColor(s->health());
      case HealthRole: return static_cast<int>(s->health());
      default: return {};
    }
  }
  if (role == Qt::DisplayRole) return QVariant::fromValue<qulonglong>(s->current_sessions());
  if (role == Qt::TextAlignmentRole) return int(Qt::AlignRight | Qt::AlignVCenter);
  return {};
}

QVariant PairModel::headerData(int section, Qt::Orientation orientation, int role) const {
  if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
  if (section == 0) return tr("Service");
  if (section == 1) return tr("Server");
  const int node = (section - 2) / 2;
  if (node >= views_.size()) return {};
  const QString host = views_[node].endpoint.key();
  return (section - 2) % 2 == 0 ? tr("%1 health").arg(host) : tr("%1 sessions").arg(host);
}

}  // namespace exlb::console
