#pragma once
// One cluster as the console lives with it: a connection per node, what each
// node last said (status, running configuration), and its history for the
// charts. The models read from here; connections write here.

#include <QList>
#include <QObject>
#include <functional>

#include "model/cluster.h"
#include "model/cluster_health.h"
#include "model/node_view.h"
#include "model/session_history.h"

namespace exlb::console {

class CredentialStore;
class TrustStore;

class ClusterSession final : public QObject {
  Q_OBJECT

 public:
  ClusterSession(Cluster cluster, TrustStore* trust, CredentialStore* credentials, QObject* parent = nullptr);

  const Cluster& cluster() const { return cluster_; }
  bool isPair() const { return cluster_.kind == Cluster::Kind::Pair; }
  int nodeCount() const { return static_cast<int>(connections_.size()); }
  AgentConnection* connection(int node) const { return connections_.value(node); }
  const NodeView& node(int node) const { return views_.at(node); }
  QList<NodeView> nodes() const { return views_; }
  SessionHistory* history(int node) const { return histories_.value(node); }
  ClusterHealth health() const { return summarizeCluster(views_, isPair()); }
  // The node that should take a change last (the master; else the first).
  int masterIndex() const;

  // Reads the password from the credential store and connects every node.
  void start();
  void stop();
  // The admin typed a password: keep it (keychain) and connect.
  void setPassword(const QString& password);
  // Replaces the factory password on every node that asks for it, now and
  // when the other node of the pair asks later in this run.
  void changeFactoryPassword(const QString& newPassword,
                             std::function<void(int node, const AgentReply& reply)> done);
  QString credentialKey() const;
  // Re-reads a node's running configuration (after a change).
  void refreshConfig(int node);
  // Re-reads a node's pair status (pairs only; coalesced).
  void refreshPairStatus(int node);
  // Whether this node's agent runs pair operations (pair API, paired, online).
  bool runsPairOperations(int node) const;
  // The node whose agent runs pair operations for the pair (the master's
  // when both can), or -1: the console orchestrates them itself.
  int pairOperator() const;
  // Replaces the address book entry (reconnects when addresses changed).
  void setCluster(const Cluster& cluster);

 signals:
  void changed();
  void eventReceived(int node, const exlb::v1::Event& event);
  // The admin must look at a certificate (pinned null: first contact).
  void trustNeeded(int node, const exlb::console::CertificateInfo& presented,
                   const exlb::console::CertificateInfo& pinned);
  void passwordChangeNeeded(int node);
  void passwordNeeded(int node, const QString& why);

 private:
  void build();
  void wire(int node);
  void fetchPairStatus(int node);

  Cluster cluster_;
  TrustStore* trust_;
  CredentialStore* credentials_;
  QList<AgentConnection*> connections_;
  QList<NodeView> views_;
  QList<SessionHistory*> histories_;
  QList<bool> pairFetchPending_;
  QString newPassword_;
  std::function<void(int, const AgentReply&)> passwordDone_;
};

}  // namespace exlb::console
