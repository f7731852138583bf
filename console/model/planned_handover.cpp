#include "model/planned_handover.h"

#include <QCoreApplication>
#include <QPointer>

#include "model/cluster_session.h"
#include "net/pair_wire.h"

namespace exlb::console {

HandoverAction handoverActionFor(const ClusterSession& session, int node) {
  if (!session.isPair() || node < 0 || node >= session.nodeCount()) return HandoverAction::None;
  // Only agents that run pair operations can hand over (they know their peer).
  if (!session.runsPairOperations(node)) return HandoverAction::None;
  const NodeView& v = session.node(node);
  if (!v.hasStatus || v.pair.handoverInProgress) return HandoverAction::None;
  switch (v.status.vrrp_role()) {
    case v1::VRRP_ROLE_MASTER: return HandoverAction::Give;
    case v1::VRRP_ROLE_BACKUP: return HandoverAction::Take;
    default: return HandoverAction::None;  // FAULT or unknown: the agent would refuse
  }
}

void startHandover(ClusterSession* session, int node, HandoverAction action,
                   std::function<void(bool moved, const QString& text)> done) {
  AgentConnection* c = session && action != HandoverAction::None ? session->connection(node) : nullptr;
  if (!c) {
    done(false, QCoreApplication::translate("PlannedHandover", "Nothing to hand over on this node."));
    return;
  }
  const bool take = action == HandoverAction::Take;
  const QString host = c->endpoint().host;
  QPointer<ClusterSession> guard = session;
  c->call("POST", QStringLiteral("ha/handover"), take ? QByteArray(R"({"take":true})") : QByteArray(R"({"take":false})"),
          [guard, node, take, host, done](const AgentReply& reply) {
            if (guard) {
              // Whatever came of it, both nodes' roles may have moved.
              for (int i = 0; i < guard->nodeCount(); ++i) {
                if (AgentConnection* each = guard->connection(i)) each->fetchStatus();
                guard->refreshPairStatus(i);
              }
            }
            if (!reply.ok()) {
              done(false, QCoreApplication::translate("PlannedHandover", "%1 refused the handover: %2").arg(host, reply.explanation()));
              return;
            }
            HandoverInfo info;
            if (!decodeHandover(reply.body, &info)) {
              done(false, QCoreApplication::translate("PlannedHandover", "%1 answered the handover with something unreadable.").arg(host));
              return;
            }
            if (info.localHolds != take) {
              done(false, QCoreApplication::translate("PlannedHandover", "%1 answered, but the address did not move: %2").arg(host, info.message));
              return;
            }
            done(true, (take ? QCoreApplication::translate("PlannedHandover", "%1 took the virtual address from its peer in %2 ms.")
                             : QCoreApplication::translate("PlannedHandover", "%1 handed the virtual address to its peer in %2 ms."))
                           .arg(host)
                           .arg(info.tookMs));
          });
}

}  // namespace exlb::console
