#pragma once
// The configuration seen as fields with paths ("http.host_name",
// "cas_servers[1].address"), the same paths validation uses, so a page binds
// its widgets, its problems and its pending changes by one name. Values travel
// as text: numbers in decimal, enums by their proto name, Toggle as its name.

#include <QList>
#include <QString>
#include <QStringList>

#include "exlb/v1/config.pb.h"

namespace exlb::console {

struct FieldChange {
  QString path;
  QString before;
  QString after;
  friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

// The value at `path`, or an empty string when the path does not exist (yet).
QString fieldText(const v1::ApplianceConfig& config, const QString& path);

// Sets the value at `path`, creating repeated elements up to the index.
// Refuses (false + a sentence) an unknown path, a number out of range or an
// unknown enum name; `config` is then unchanged.
bool setFieldText(v1::ApplianceConfig& config, const QString& path, const QString& value,
                  QString* error = nullptr);

// Every leaf whose value differs between `before` and `after`, in field
// order. Paths starting with one of `ignoredPrefixes` are skipped.
QList<FieldChange> diffConfigs(const v1::ApplianceConfig& before, const v1::ApplianceConfig& after,
                               const QStringList& ignoredPrefixes = {});

// "http" for "http.applications.autodiscover", "cas_servers" for "cas_servers[2].name".
QString areaOf(const QString& path);

// The configuration areas in the guide's order (top-level field names).
QStringList configAreas();

// Settings that belong to one node of a pair and are expected to differ
// (its own address, hostname, HA role, peer). Drift ignores them.
QStringList nodeSpecificPrefixes();

// Copies one top-level area from `from` into `into`.
void copyArea(const v1::ApplianceConfig& from, v1::ApplianceConfig& into, const QString& area);

// Drops real servers whose address and name are both empty (a blank "CAS3
// Address" row), and reports for each kept server its original index so
// problems found on the compacted list can be shown on the row the admin sees.
struct Compacted {
  v1::ApplianceConfig config;
  QList<int> casRows;   // compacted index -> row
  QList<int> hubRows;
};
Compacted compactServers(const v1::ApplianceConfig& config);
// "cas_servers[1].address" on the compacted config -> the row's path.
QString rowPath(const Compacted& compacted, const QString& path);

}  // namespace exlb::console

namespace exlb::console {
// The enum value names a field at `path` accepts (without *_UNSPECIFIED), or
// an empty list when the field is not an enum.
QStringList enumChoices(const QString& path);
}  // namespace exlb::console

namespace exlb::console {
// `target` with `areas` taken from `source`, keeping what belongs to the
// target node itself (nodeSpecificPrefixes): how one edit reaches both nodes
// of a pair, and how "bring in line" copies the master's shared settings.
v1::ApplianceConfig withSharedAreas(const v1::ApplianceConfig& target, const v1::ApplianceConfig& source,
                                    const QStringList& areas);
}  // namespace exlb::console
