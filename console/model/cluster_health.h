#pragma once
// The health of one cluster at a glance, computed from its nodes' views:
// what the overview shows and sorts by (worst problem first).

#include <QList>
#include <QString>
#include <QStringList>

#include "model/config_fields.h"
#include "model/node_view.h"

namespace exlb::console {

struct ClusterHealth {
  enum Level { Ok = 0, Warning = 1, Critical = 2 };

  int nodesUp = 0;
  int nodesTotal = 0;
  QStringList roles;         // per node: "master", "backup", "standalone", "fault", "?"
  int servicesUp = 0;        // enabled services with at least one server up
  int servicesTotal = 0;     // enabled services
  int serversDown = 0;       // distinct real servers down in some service
  int driftFields = 0;       // shared settings that differ between the two nodes
  bool splitBrain = false;   // both nodes claim master
  int certificatesExpiring = 0;
  Level level = Ok;
  QString worst;             // the worst problem, a short sentence; empty when all is well
};

ClusterHealth summarizeCluster(const QList<NodeView>& nodes, bool pair);

// The differences of shared settings between the two nodes of a pair.
QList<FieldChange> pairDrift(const NodeView& a, const NodeView& b);

QString roleName(v1::VrrpRole role);
QString healthName(v1::ServerHealth health);

}  // namespace exlb::console
