#include "model/pair_apply.h"

#include "exlb/v1/api.pb.h"
#include "net/wire.h"

namespace exlb::console {

PairApply::PairApply(QList<Target> targets, QObject* parent) : QObject(parent), targets_(std::move(targets)) {}

void PairApply::start() { checkNext(0); }

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
