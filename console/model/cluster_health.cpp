#include "model/cluster_health.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

#include "model/config_fields.h"

namespace exlb::console {

namespace {

// Translated texts of this file (context "ClusterHealth" in the .ts files).
struct HealthText {
  Q_DECLARE_TR_FUNCTIONS(ClusterHealth)
};

struct Finding {
  ClusterHealth::Level level;
  int rank;  // within a level, lower is worse
  QString text;
};

}  // namespace

QString roleName(v1::VrrpRole role) {
  switch (role) {
    case v1::VRRP_ROLE_MASTER: return HealthText::tr("master");
    case v1::VRRP_ROLE_BACKUP: return HealthText::tr("backup");
    case v1::VRRP_ROLE_FAULT: return HealthText::tr("fault");
    case v1::VRRP_ROLE_DISABLED: return HealthText::tr("standalone");
    default: return QStringLiteral("?");
  }
}

QString healthName(v1::ServerHealth health) {
  switch (health) {
    case v1::SERVER_HEALTH_UP: return HealthText::tr("up");
    case v1::SERVER_HEALTH_DOWN: return HealthText::tr("down");
    case v1::SERVER_HEALTH_DRAIN: return HealthText::tr("drain");
    case v1::SERVER_HEALTH_MAINT: return HealthText::tr("maint");
    case v1::SERVER_HEALTH_NO_CHECK: return HealthText::tr("no check");
    default: return QStringLiteral("?");
  }
}

QList<FieldChange> pairDrift(const NodeView& a, const NodeView& b) {
  if (!a.hasConfig || !b.hasConfig) return {};
  return diffConfigs(a.running, b.running, nodeSpecificPrefixes());
}

ClusterHealth summarizeCluster(const QList<NodeView>& nodes, bool pair) {
  ClusterHealth h;
  QList<Finding> findings;
  h.nodesTotal = static_cast<int>(nodes.size());
  int masters = 0;
  QSet<QString> down;
  QHash<QString, bool> serviceUp;  // by name, across the nodes: up on any node
  for (const NodeView& n : nodes) {
    if (n.online()) ++h.nodesUp;
    if (!n.hasStatus) {
      h.roles << QStringLiteral("?");
    } else {
      h.roles << roleName(n.status.vrrp_role());
    }
    if (n.state == AgentConnection::State::CertificateMismatch) {
      findings.append({ClusterHealth::Critical, 0, HealthText::tr("%1: certificate changed").arg(n.endpoint.host)});
    } else if (!n.online()) {
      findings.append({ClusterHealth::Critical, 1, HealthText::tr("%1 unreachable").arg(n.endpoint.host)});
    }
    if (!n.hasStatus || !n.online()) continue;
    if (n.status.vrrp_role() == v1::VRRP_ROLE_MASTER) ++masters;
    if (n.status.vrrp_role() == v1::VRRP_ROLE_FAULT) {
      findings.append({ClusterHealth::Critical, 3, HealthText::tr("%1 in fault").arg(n.endpoint.host)});
    }
    for (const v1::ServiceStatus& s : n.status.services()) {
      if (!s.enabled()) continue;
      const QString name = QString::fromStdString(s.name()).left(64);
      bool anyUp = false;
      for (const v1::ServerStatus& server : s.servers()) {
        if (server.health() == v1::SERVER_HEALTH_UP || server.health() == v1::SERVER_HEALTH_DRAIN) anyUp = true;
        if (server.health() == v1::SERVER_HEALTH_DOWN) down.insert(QString::fromStdString(server.name()));
      }
      if (serviceUp.size() < 256) serviceUp[name] = serviceUp.value(name) || anyUp;
    }
    for (const v1::Alarm& a : n.status.alarms()) {
      const QString code = QString::fromStdString(a.code());
      if (code.startsWith(QLatin1String("certificate"))) ++h.certificatesExpiring;
      if (code == QLatin1String("split-brain")) h.splitBrain = true;
      findings.append({a.severity() == v1::ALARM_SEVERITY_CRITICAL ? ClusterHealth::Critical : ClusterHealth::Warning,
                       5, QString::fromStdString(a.message()).left(200)});
    }
  }
  h.servicesTotal = static_cast<int>(serviceUp.size());
  for (auto it = serviceUp.cbegin(); it != serviceUp.cend(); ++it) {
    if (it.value()) {
      ++h.servicesUp;
    } else {
      findings.append({ClusterHealth::Critical, 4, HealthText::tr("%1 has no server up").arg(it.key())});
    }
  }
  if (pair && masters > 1) h.splitBrain = true;
  if (h.splitBrain) findings.append({ClusterHealth::Critical, 2, HealthText::tr("split brain: both nodes are master")});
  h.serversDown = static_cast<int>(down.size());
  if (h.serversDown > 0) {
    findings.append({ClusterHealth::Warning, 1, HealthText::tr("%n server(s) down", nullptr, h.serversDown)});
  }
  if (pair && nodes.size() == 2) {
    h.driftFields = static_cast<int>(pairDrift(nodes[0], nodes[1]).size());
    if (h.driftFields > 0) {
      findings.append({ClusterHealth::Warning, 2, HealthText::tr("configuration drift (%n field(s))", nullptr, h.driftFields)});
    }
  }
  if (h.certificatesExpiring > 0) {
    findings.append({ClusterHealth::Warning, 3, HealthText::tr("certificate expiring")});
  }
  const Finding* worst = nullptr;
  for (const Finding& f : findings) {
    if (!worst || f.level > worst->level || (f.level == worst->level && f.rank < worst->rank)) worst = &f;
  }
  if (worst) {
    h.level = worst->level;
    h.worst = worst->text;
  }
  return h;
}

}  // namespace exlb::console
