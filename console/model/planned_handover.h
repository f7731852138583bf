#pragma once
// A planned handover of a pair's virtual address (docs/ha-pair.md, POST
// ha/handover), as the console offers it: "Hand over" on the node that holds
// the address, "Take over" on the other one. The agents move the address with
// no moment where both hold it and refuse what is not possible (not paired,
// the peer not a healthy backup, a handover or pair change under way); the
// console only asks one node and reports what it answered.

#include <QString>
#include <functional>

namespace exlb::console {

class ClusterSession;

enum class HandoverAction {
  None,  // nothing to offer: standalone, offline, an older agent, or one under way
  Give,  // this node holds the address: give it to its peer
  Take,  // this node is the backup: take the address from its peer
};

HandoverAction handoverActionFor(const ClusterSession& session, int node);

// Asks `node` to give or take the address; `done` gets whether it moved and a
// sentence for the administrator. Both nodes' status and pair status are read
// again afterwards, so the cards show the new holder.
void startHandover(ClusterSession* session, int node, HandoverAction action,
                   std::function<void(bool moved, const QString& text)> done);

}  // namespace exlb::console
