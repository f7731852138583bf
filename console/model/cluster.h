#pragma once
// One entry of the address book: a standalone appliance or a master/backup
// pair, with a name and its nodes' management addresses.

#include <QList>
#include <QString>

#include "net/agent_endpoint.h"

namespace exlb::console {

struct Cluster {
  enum class Kind { Standalone, Pair };

  QString id;       // stable, generated (QUuid), survives renames
  QString name;
  Kind kind = Kind::Standalone;
  QString user = QStringLiteral("admin");
  QList<AgentEndpoint> nodes;  // one (standalone) or two (pair)

  // Empty when the entry is usable, else a sentence naming what is wrong.
  QString problem() const;
  friend bool operator==(const Cluster&, const Cluster&) = default;
};

}  // namespace exlb::console
