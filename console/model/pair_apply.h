#pragma once
// Applies one configuration change to one node or to both nodes of a pair as
// one operation. Where the agents run pair operations themselves (pair API:
// PUT pair/config/running, POST pair/sync) the console asks the one node
// and the agents do the rest: validate on both, the backup first, both back
// to their previous version if either fails, a newer pair generation only.
// Otherwise the console orchestrates (the fallback for older agents): the
// backup first, then the master; if any node refuses, every node already
// changed is put back. Before it starts it re-reads each node and refuses when
// a node's configuration moved since the admin started editing (an older
// generation never overwrites a newer one). Each node's new configuration is
// built by the caller (shared areas copied, the node's own identity kept).

#include <QList>
#include <QObject>
#include <QPointer>

#include "exlb/v1/config.pb.h"
#include "net/agent_connection.h"

namespace exlb::console {

class PairApply final : public QObject {
  Q_OBJECT

 public:
  struct Target {
    QPointer<AgentConnection> connection;
    QByteArray expectedEtag;          // the generation the edit started from
    v1::ApplianceConfig previous;     // what to restore on failure
    v1::ApplianceConfig next;
  };

  enum class Mode {
    Orchestrate,  // the console changes each target in turn
    AgentApply,   // PUT pair/config/running on the one target (its agent changes both)
    AgentSync,    // POST pair/sync on the one target (its shared settings to the peer)
  };

  // `targets` in the order to apply (backup first); the agent modes take one.
  explicit PairApply(QList<Target> targets, QObject* parent = nullptr, Mode mode = Mode::Orchestrate);
  void start();
  Mode mode() const { return mode_; }

  bool succeeded() const { return succeeded_; }
  QList<FieldProblem> problems() const { return problems_; }

 signals:
  void progress(const QString& message);
  void finished(bool ok, const QString& message);

 private:
  void checkNext(int i);
  void applyNext(int i);
  void rollBack(int i, const QString& why);
  void finish(bool ok, const QString& message);
  void throughAgent();
  void onAgentAnswer(const AgentReply& reply);

  QList<Target> targets_;
  Mode mode_ = Mode::Orchestrate;
  QList<QByteArray> appliedEtags_;
  QList<FieldProblem> problems_;
  bool succeeded_ = false;
  bool done_ = false;
};

}  // namespace exlb::console
