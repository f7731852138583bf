#pragma once
// The agent's pair routes as the console reads them (pair.md's contract:
// GET pair/status, PUT pair/config/running, POST pair/sync, POST ha/handover), decoded
// defensively from their JSON: only the few facts the console acts on, with
// both protobuf JSON spellings (proto field names and lowerCamelCase), so an
// agent's answer cannot crash or mislead the console, and older agents
// (without these routes) are told apart by their 404.

#include <QByteArray>
#include <QString>

namespace exlb::console {

// GET pair/status
struct PairInfo {
  bool paired = false;          // HA on, a peer address and a peer fingerprint set
  bool peerReachable = false;
  bool drift = false;           // the agents' verdict on the shared settings
  quint64 localGeneration = 0;
  quint64 peerGeneration = 0;
  QString peerError;            // why the peer is unreachable (bounded)
  bool handoverInProgress = false;  // a planned handover or failback runs on this node
  qint64 failbackDueUnixMs = 0;     // when this node takes the address back by itself; 0: none due
};

// The answer of a planned handover that worked (POST ha/handover).
struct HandoverInfo {
  QString message;              // the agent's sentence (bounded)
  bool localHolds = false;      // the asked node holds the virtual address now
  qint64 tookMs = 0;            // from the release to the new holder's MASTER
};

// The answer of a pair change that succeeded.
struct PairChangeInfo {
  quint64 generation = 0;
  bool peerPending = false;     // the peer was unreachable: it takes the change when it returns
};

bool decodePairInfo(const QByteArray& json, PairInfo* out);
bool decodePairChange(const QByteArray& json, PairChangeInfo* out);
bool decodeHandover(const QByteArray& json, HandoverInfo* out);

}  // namespace exlb::console
