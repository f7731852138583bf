#pragma once
// Every cluster of the address book, live: one ClusterSession per entry,
// created, updated and removed as the book changes.

#include <QHash>
#include <QObject>
#include <QStringList>

#include "model/cluster_session.h"

namespace exlb::console {

class ClusterBook;
class CredentialStore;
class TrustStore;

class Fleet final : public QObject {
  Q_OBJECT

 public:
  Fleet(ClusterBook* book, TrustStore* trust, CredentialStore* credentials, QObject* parent = nullptr);

  ClusterBook* book() const { return book_; }
  TrustStore* trust() const { return trust_; }
  QStringList ids() const { return order_; }
  ClusterSession* session(const QString& id) const { return sessions_.value(id); }
  // Connect every cluster (at start-up; tests may prefer to start one).
  void startAll();
  void setAutoStart(bool on) { autoStart_ = on; }

 signals:
  void clusterAdded(const QString& id);
  void clusterRemoved(const QString& id);
  void clusterChanged(const QString& id);
  void eventReceived(const QString& id, int node, const exlb::v1::Event& event);
  void trustNeeded(const QString& id, int node, const exlb::console::CertificateInfo& presented,
                   const exlb::console::CertificateInfo& pinned);
  void passwordChangeNeeded(const QString& id, int node);
  void passwordNeeded(const QString& id, int node, const QString& why);

 private:
  void sync();

  ClusterBook* book_;
  TrustStore* trust_;
  CredentialStore* credentials_;
  QHash<QString, ClusterSession*> sessions_;
  QStringList order_;
  bool autoStart_ = false;
};

}  // namespace exlb::console
