#include "model/cluster_session.h"

#include <QPointer>
#include <QTimer>

#include "model/credential_store.h"
#include "net/pair_wire.h"

namespace exlb::console {

ClusterSession::ClusterSession(Cluster cluster, TrustStore* trust, CredentialStore* credentials, QObject* parent)
    : QObject(parent), cluster_(std::move(cluster)), trust_(trust), credentials_(credentials) {
  build();
}

void ClusterSession::build() {
  qDeleteAll(connections_);
  qDeleteAll(histories_);
  connections_.clear();
  histories_.clear();
  views_.clear();
  pairFetchPending_.clear();
  for (int i = 0; i < cluster_.nodes.size(); ++i) {
    pairFetchPending_.append(false);
    connections_.append(new AgentConnection(cluster_.nodes[i], trust_, this));
    histories_.append(new SessionHistory(this));
    NodeView view;
    view.endpoint = cluster_.nodes[i];
    views_.append(view);
    wire(i);
  }
}

void ClusterSession::wire(int i) {
  AgentConnection* c = connections_[i];
  connect(c, &AgentConnection::stateChanged, this, [this, i, c](AgentConnection::State state) {
    views_[i].state = state;
    views_[i].lastError = c->lastError();
    if (state == AgentConnection::State::Online) {
      refreshConfig(i);
      views_[i].pairApi = NodeView::PairApi::Unknown;  // it may have been upgraded meanwhile
      refreshPairStatus(i);
    }
    emit changed();
  });
  connect(c, &AgentConnection::statusReceived, this, [this, i](const v1::NodeStatus& status) {
    NodeView& v = views_[i];
    const bool configMoved = v.hasConfig && QByteArray::fromStdString(status.running_etag()) != v.runningEtag;
    // What the pair status depends on moved: read it again.
    bool pairMoved = !v.hasStatus || status.config_fingerprint() != v.status.config_fingerprint() ||
                     status.vrrp_role() != v.status.vrrp_role() || status.alarms_size() != v.status.alarms_size();
    for (int a = 0; !pairMoved && a < status.alarms_size(); ++a) pairMoved = status.alarms(a).code() != v.status.alarms(a).code();
    v.status = status;
    v.hasStatus = true;
    v.statusTime = QDateTime::currentDateTimeUtc();
    histories_[i]->record(status, v.statusTime.toMSecsSinceEpoch());
    if (configMoved) refreshConfig(i);
    if (pairMoved || configMoved) refreshPairStatus(i);
    emit changed();
  });
  connect(c, &AgentConnection::eventReceived, this, [this, i](const v1::Event& event) {
    if (event.has_config_changed() && event.config_changed().which() == "running") {
      refreshConfig(i);
      refreshPairStatus(i);  // pairing lives in node-specific settings the fingerprint leaves out
    }
    if (event.has_alarm()) refreshPairStatus(i);
    emit eventReceived(i, event);
  });
  connect(c, &AgentConnection::certificateNeedsTrust, this,
          [this, i](const CertificateInfo& presented) { emit trustNeeded(i, presented, CertificateInfo()); });
  connect(c, &AgentConnection::certificateMismatch, this,
          [this, i](const CertificateInfo& pinned, const CertificateInfo& presented) { emit trustNeeded(i, presented, pinned); });
  connect(c, &AgentConnection::credentialsRefused, this, [this, i](const QString& why) { emit passwordNeeded(i, why); });
  connect(c, &AgentConnection::stateChanged, this, [this, i](AgentConnection::State state) {
    if (state == AgentConnection::State::NeedCredentials && !connections_[i]->hasPassword()) {
      emit passwordNeeded(i, tr("No password is stored for %1.").arg(cluster_.user));
    }
  });
  connect(c, &AgentConnection::passwordChangeRequired, this, [this, i, c] {
    if (newPassword_.isEmpty()) {
      emit passwordChangeNeeded(i);
      return;
    }
    c->changePassword(newPassword_, [this, i](const AgentReply& reply) {
      if (passwordDone_) passwordDone_(i, reply);
    });
  });
  connect(c, &AgentConnection::gapClosed, this, [this, i](const QDateTime& from, const QDateTime& to) {
    histories_[i]->recordGap(from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch());
  });
}

int ClusterSession::masterIndex() const {
  for (int i = 0; i < views_.size(); ++i) {
    if (views_[i].hasStatus && views_[i].status.vrrp_role() == v1::VRRP_ROLE_MASTER) return i;
  }
  for (int i = 0; i < views_.size(); ++i) {
    if (views_[i].hasConfig && views_[i].running.high_availability().role() == v1::HA_ROLE_MASTER) return i;
  }
  return 0;
}

QString ClusterSession::credentialKey() const { return cluster_.id + QLatin1Char('/') + cluster_.user; }

void ClusterSession::start() {
  QPointer<ClusterSession> self(this);
  credentials_->read(credentialKey(), [self](const QString& password) {
    if (!self) return;
    for (AgentConnection* c : self->connections_) {
      c->setCredentials(self->cluster_.user, password);
      c->start();
    }
  });
}

void ClusterSession::stop() {
  for (AgentConnection* c : connections_) c->stop();
}

void ClusterSession::setPassword(const QString& password) {
  credentials_->write(credentialKey(), password);
  for (AgentConnection* c : connections_) {
    c->setCredentials(cluster_.user, password);
    if (c->state() != AgentConnection::State::Online) c->start();
  }
}

void ClusterSession::changeFactoryPassword(const QString& newPassword,
                                           std::function<void(int, const AgentReply&)> done) {
  newPassword_ = newPassword;
  passwordDone_ = std::move(done);
  for (int i = 0; i < connections_.size(); ++i) {
    AgentConnection* c = connections_[i];
    if (c->state() != AgentConnection::State::MustChangePassword) continue;
    c->changePassword(newPassword, [this, i, newPassword](const AgentReply& reply) {
      if (reply.ok()) credentials_->write(credentialKey(), newPassword);
      if (passwordDone_) passwordDone_(i, reply);
    });
  }
}

void ClusterSession::refreshConfig(int node) {
  AgentConnection* c = connections_.value(node);
  if (!c) return;
  QPointer<ClusterSession> self(this);
  c->fetchRunning([self, node](bool ok, const v1::ApplianceConfig& config, const QByteArray& etag, const QString&) {
    if (!self || !ok || node >= self->views_.size()) return;
    NodeView& v = self->views_[node];
    v.running = config;
    v.runningEtag = etag;
    v.hasConfig = true;
    emit self->changed();
  });
}

void ClusterSession::setCluster(const Cluster& cluster) {
  const bool moved = cluster.nodes != cluster_.nodes || cluster.user != cluster_.user;
  cluster_ = cluster;
  if (moved) {
    stop();
    build();
    start();
  }
  emit changed();
}

void ClusterSession::refreshPairStatus(int node) {
  if (!isPair() || node < 0 || node >= pairFetchPending_.size() || pairFetchPending_[node]) return;
  if (views_[node].pairApi == NodeView::PairApi::Absent) return;
  // Bursts of status events (a flapping server) make one read, not many.
  pairFetchPending_[node] = true;
  QPointer<ClusterSession> self(this);
  QTimer::singleShot(200, this, [self, node] {
    if (self) self->fetchPairStatus(node);
  });
}

void ClusterSession::fetchPairStatus(int node) {
  AgentConnection* c = connections_.value(node);
  if (!c) return;
  QPointer<ClusterSession> self(this);
  c->call("GET", QStringLiteral("pair/status"), {}, [self, node](const AgentReply& reply) {
    if (!self || node >= self->views_.size()) return;
    self->pairFetchPending_[node] = false;
    NodeView& v = self->views_[node];
    PairInfo status;
    if (reply.httpStatus == 404 || reply.httpStatus == 405) {
      v.pairApi = NodeView::PairApi::Absent;  // an agent without pair operations
    } else if (reply.ok() && decodePairInfo(reply.body, &status)) {
      v.pairApi = NodeView::PairApi::Present;
      v.pair = status;
      // A channel that comes up within the agent's alarm hold time raises no
      // event (no peer-unreachable alarm was ever shown): look again shortly
      // while the peer is out of reach, instead of waiting for another change.
      if (status.paired && !status.peerReachable) {
        QTimer::singleShot(2000, self, [self, node] {
          if (self) self->refreshPairStatus(node);
        });
      }
    } else {
      return;  // unreachable now, or a broken answer: ask again on the next change
    }
    emit self->changed();
  });
}

bool ClusterSession::runsPairOperations(int node) const {
  if (!isPair() || views_.size() != 2 || node < 0 || node >= views_.size()) return false;
  const NodeView& v = views_[node];
  return v.online() && v.pairApi == NodeView::PairApi::Present && v.pair.paired;
}

int ClusterSession::pairOperator() const {
  const int master = masterIndex();
  if (runsPairOperations(master)) return master;
  const int other = master == 0 ? 1 : 0;
  return runsPairOperations(other) ? other : -1;
}

}  // namespace exlb::console
