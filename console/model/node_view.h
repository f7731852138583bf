#pragma once
// What the console knows about one node right now: its connection state, the
// last status snapshot and its running configuration. Plain data, copied into
// the models.

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include "exlb/v1/config.pb.h"
#include "exlb/v1/status.pb.h"
#include "net/agent_connection.h"
#include "net/pair_wire.h"

namespace exlb::console {

struct NodeView {
  AgentEndpoint endpoint;
  AgentConnection::State state = AgentConnection::State::Idle;
  QString lastError;
  bool hasStatus = false;
  v1::NodeStatus status;
  QDateTime statusTime;     // when the console received it
  bool hasConfig = false;
  v1::ApplianceConfig running;
  QByteArray runningEtag;
  // The agent's own pair operations (GET pair/status): unknown until asked,
  // absent on agents that predate them (the console then orchestrates a
  // pair change itself, node after node).
  enum class PairApi { Unknown, Absent, Present };
  PairApi pairApi = PairApi::Unknown;
  PairInfo pair;

  bool online() const { return state == AgentConnection::State::Online; }
};

}  // namespace exlb::console
