#include "model/fleet.h"

#include "model/cluster_book.h"

namespace exlb::console {

Fleet::Fleet(ClusterBook* book, TrustStore* trust, CredentialStore* credentials, QObject* parent)
    : QObject(parent), book_(book), trust_(trust), credentials_(credentials) {
  connect(book_, &QAbstractItemModel::rowsInserted, this, &Fleet::sync);
  connect(book_, &QAbstractItemModel::rowsRemoved, this, &Fleet::sync);
  connect(book_, &QAbstractItemModel::modelReset, this, &Fleet::sync);
  connect(book_, &QAbstractItemModel::dataChanged, this, &Fleet::sync);
  sync();
}

void Fleet::startAll() {
  autoStart_ = true;
  for (ClusterSession* s : std::as_const(sessions_)) s->start();
}

void Fleet::sync() {
  QStringList ids;
  for (const Cluster& c : book_->clusters()) ids << c.id;
  for (const QString& id : std::as_const(order_)) {
    if (ids.contains(id)) continue;
    ClusterSession* s = sessions_.take(id);
    s->stop();
    s->deleteLater();
    order_.removeAll(id);
    emit clusterRemoved(id);
  }
  for (const Cluster& c : book_->clusters()) {
    if (ClusterSession* s = sessions_.value(c.id)) {
      if (!(s->cluster() == c)) {
        s->setCluster(c);
        emit clusterChanged(c.id);
      }
      continue;
    }
    auto* s = new ClusterSession(c, trust_, credentials_, this);
    sessions_.insert(c.id, s);
    order_.append(c.id);
    const QString id = c.id;
    connect(s, &ClusterSession::changed, this, [this, id] { emit clusterChanged(id); });
    connect(s, &ClusterSession::eventReceived, this,
            [this, id](int node, const v1::Event& e) { emit eventReceived(id, node, e); });
    connect(s, &ClusterSession::trustNeeded, this,
            [this, id](int node, const CertificateInfo& presented, const CertificateInfo& pinned) {
              emit trustNeeded(id, node, presented, pinned);
            });
    connect(s, &ClusterSession::passwordChangeNeeded, this, [this, id](int node) { emit passwordChangeNeeded(id, node); });
    connect(s, &ClusterSession::passwordNeeded, this,
            [this, id](int node, const QString& why) { emit passwordNeeded(id, node, why); });
    emit clusterAdded(id);
    if (autoStart_) s->start();
  }
}

}  // namespace exlb::console
