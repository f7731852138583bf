#include "model/pair_apply.h"

#include "exlb/v1/api.pb.h"
#include "net/pair_wire.h"
#include "net/wire.h"

namespace exlb::console {

PairApply::PairApply(QList<Target> targets, QObject* parent, Mode mode)
    : QObject(parent), targets_(std::move(targets)), mode_(mode) {}

void PairApply::start() {
  if (mode_ == Mode::Orchestrate) return checkNext(0);
  throughAgent();
}

// The agent of the one target runs the pair operation; its If-Match is the
// generation the edit started from, so a newer configuration is never
// overwritten (409), and the agents refuse an older pair generation too.
void PairApply::throughAgent() {
  if (targets_.size() != 1 || !targets_[0].connection) return finish(false, tr("A node went away before the change started."));
  AgentConnection* c = targets_[0].connection;
  if (mode_ == Mode::AgentSync) {
    emit progress(tr("%1 brings its peer in line…").arg(c->endpoint().host));
    c->call("POST", QStringLiteral("pair/sync"), "{}", [this](const AgentReply& reply) { onAgentAnswer(reply); });
    return;
  }
  emit progress(tr("Applying to both nodes through %1…").arg(c->endpoint().host));
  v1::ReplaceConfigRequest body;
  *body.mutable_config() = targets_[0].next;
  body.set_etag(targets_[0].expectedEtag.toStdString());
  const QByteArray ifMatch = targets_[0].expectedEtag.isEmpty() ? QByteArray("*") : targets_[0].expectedEtag;
  c->call("PUT", QStringLiteral("pair/config/running"), encodeJsonMessage(body),
          [this](const AgentReply& reply) { onAgentAnswer(reply); }, ifMatch);
}

void PairApply::onAgentAnswer(const AgentReply& reply) {
  AgentConnection* c = targets_[0].connection;
  const QString host = c ? c->endpoint().host : QString();
  if (!reply.ok()) {
    problems_ = reply.fieldProblems();
    if (reply.httpStatus == 409) {
      return finish(false, tr("%1 refused: %2 (the configuration or the pair generation moved meanwhile). Nothing was changed; "
                              "reload and edit again.").arg(host, reply.explanation()));
    }
    return finish(false, tr("The pair refused the change: %1 Both nodes keep their previous configuration.").arg(reply.explanation()));
  }
  PairChangeInfo answer;
  if (!decodePairChange(reply.body, &answer)) return finish(true, tr("Applied to both nodes."));
  if (answer.peerPending) {
    return finish(true, tr("Applied on %1; the other node is unreachable and takes the change when it returns (generation %2).")
                            .arg(host).arg(answer.generation));
  }
  return finish(true, mode_ == Mode::AgentSync
                          ? tr("Both nodes share the same settings again (generation %1).").arg(answer.generation)
                          : tr("Applied to both nodes by the agents (generation %1).").arg(answer.generation));
}

void PairApply::finish(bool ok, const QString& message) {
  if (done_) return;
  done_ = true;
  succeeded_ = ok;
  emit finished(ok, message);
}

// Step 1: every node still runs the generation the edit was made against.
void PairApply::checkNext(int i) {
  if (i >= targets_.size()) {
    applyNext(0);
    return;
  }
  AgentConnection* c = targets_[i].connection;
  if (!c) return finish(false, tr("A node went away before the change started."));
  emit progress(tr("Checking %1…").arg(c->endpoint().host));
  c->fetchRunning([this, i, c](bool ok, const v1::ApplianceConfig&, const QByteArray& etag, const QString& error) {
    if (!ok) return finish(false, tr("%1 did not answer: %2. Nothing was changed.").arg(c->endpoint().host, error));
    if (!targets_[i].expectedEtag.isEmpty() && etag != targets_[i].expectedEtag) {
      return finish(false, tr("%1 has a newer configuration than the one you edited. Nothing was changed; "
                              "reload it and edit again.").arg(c->endpoint().host));
    }
    targets_[i].expectedEtag = etag;
    checkNext(i + 1);
  });
}

// Step 2: one node after the other, each against the etag just checked.
void PairApply::applyNext(int i) {
  if (i >= targets_.size()) {
    return finish(true, targets_.size() > 1 ? tr("Applied to both nodes.") : tr("Applied."));
  }
  AgentConnection* c = targets_[i].connection;
  if (!c) return rollBack(i, tr("A node went away during the change."));
  emit progress(tr("Applying to %1…").arg(c->endpoint().host));
  c->putRunning(targets_[i].next, targets_[i].expectedEtag, [this, i, c](const AgentReply& reply) {
    if (!reply.ok()) {
      problems_ = reply.fieldProblems();
      const QString why = reply.httpStatus == 409
                              ? tr("%1 changed meanwhile (someone else applied a change)").arg(c->endpoint().host)
                              : tr("%1 refused the change: %2").arg(c->endpoint().host, reply.explanation());
      return rollBack(i, why);
    }
    v1::ChangeResponse answer;
    QByteArray etag = reply.etag;
    if (etag.isEmpty() && decodeMessage(reply.body, reply.contentType, answer, nullptr)) {
      etag = QByteArray::fromStdString(answer.etag()).left(200);
    }
    appliedEtags_.append(etag);
    applyNext(i + 1);
  });
}

// Puts nodes [0, failed) back to what they ran, newest first.
void PairApply::rollBack(int failed, const QString& why) {
  if (failed == 0) return finish(false, why + tr(". Nothing was changed."));
  const int i = failed - 1;
  AgentConnection* c = targets_[i].connection;
  if (!c) return finish(false, why + tr(". Rolling back failed: a node went away."));
  emit progress(tr("Rolling %1 back…").arg(c->endpoint().host));
  c->putRunning(targets_[i].previous, appliedEtags_.value(i), [this, i, c, why](const AgentReply& reply) {
    if (!reply.ok()) {
      return finish(false, why + tr(". Rolling %1 back failed too: %2").arg(c->endpoint().host, reply.explanation()));
    }
    appliedEtags_.removeLast();
    if (i == 0) return finish(false, why + tr(". The nodes already changed were put back."));
    rollBack(i, why);
  });
}

}  // namespace exlb::console
