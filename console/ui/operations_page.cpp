#include "ui/operations_page.h"

#include <QComboBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include "exlb/v1/api.pb.h"
#include "model/fleet.h"
#include "net/wire.h"
#include "ui/services_panel.h"
#include "ui/uploads_panel.h"

namespace exlb::console {

OperationsPage::OperationsPage(Fleet* fleet, QWidget* parent) : QWidget(parent), fleet_(fleet) {
  auto* layout = new QVBoxLayout(this);
  auto* drainBox = new QGroupBox(tr("Patch a CAS/HUB server on every cluster that publishes it"), this);
  auto* drainLayout = new QHBoxLayout(drainBox);
  server_ = new QComboBox(drainBox);
  server_->setEditable(true);
  server_->setMinimumWidth(180);
  auto* drain = new QPushButton(tr("Drain everywhere"), drainBox);
  auto* ready = new QPushButton(tr("Ready everywhere"), drainBox);
  auto* maint = new QPushButton(tr("Maintenance everywhere"), drainBox);
  progress_ = new QLabel(drainBox);
  drainLayout->addWidget(new QLabel(tr("Server:"), drainBox));
  drainLayout->addWidget(server_);
  drainLayout->addWidget(drain);
  drainLayout->addWidget(ready);
  drainLayout->addWidget(maint);
  drainLayout->addWidget(progress_, 1);
  layout->addWidget(drainBox);

  auto* nodeRow = new QHBoxLayout;
  auditNode_ = new QComboBox(this);
  nodeRow->addWidget(new QLabel(tr("<b>Node:</b>"), this));
  nodeRow->addWidget(auditNode_, 1);
  layout->addLayout(nodeRow);
  services_ = new ServicesPanel(this);
  layout->addWidget(services_, 1);
  uploads_ = new UploadsPanel(this);
  layout->addWidget(uploads_);

  auto* auditBox = new QGroupBox(tr("Audit log"), this);
  auto* auditLayout = new QVBoxLayout(auditBox);
  auto* auditTop = new QHBoxLayout;
  auto* load = new QPushButton(tr("Load"), auditBox);
  auditTop->addStretch(1);
  auditTop->addWidget(load);
  auditLayout->addLayout(auditTop);
  auditModel_ = new QStandardItemModel(0, 5, this);
  auditModel_->setHorizontalHeaderLabels({tr("Time"), tr("User"), tr("Address"), tr("Action"), tr("Detail")});
  audit_ = new QTableView(auditBox);
  audit_->setModel(auditModel_);
  audit_->verticalHeader()->hide();
  audit_->horizontalHeader()->setStretchLastSection(true);
  auditLayout->addWidget(audit_);
  layout->addWidget(auditBox, 1);

  const auto act = [this](const QString& action) {
    const QString name = server_->currentText().trimmed();
    if (name.isEmpty()) return;
    const int asked = setServerState(name, action);
    emit message(tr("%1 %2 on %n node(s)", nullptr, asked).arg(action, name));
  };
  connect(drain, &QPushButton::clicked, this, [act] { act(QStringLiteral("drain")); });
  connect(ready, &QPushButton::clicked, this, [act] { act(QStringLiteral("ready")); });
  connect(maint, &QPushButton::clicked, this, [act] { act(QStringLiteral("maint")); });
  connect(load, &QPushButton::clicked, this, [this] {
    const QStringList key = auditNode_->currentData().toString().split(QLatin1Char('#'));
    if (key.size() == 2) loadAudit(key[0], key[1].toInt());
  });
  connect(fleet_, &Fleet::clusterChanged, this, [this] {
    refreshServers();
    refreshProgress();
  });
  connect(auditNode_, &QComboBox::currentIndexChanged, this, &OperationsPage::onNodeChosen);
  connect(services_, &ServicesPanel::message, this, &OperationsPage::message);
  connect(uploads_, &UploadsPanel::message, this, &OperationsPage::message);
  connect(fleet_, &Fleet::clusterAdded, this, &OperationsPage::refreshServers);
  connect(fleet_, &Fleet::clusterRemoved, this, &OperationsPage::refreshServers);
  refreshServers();
}

QStringList OperationsPage::knownServers() const {
  QStringList names;
  if (!fleet_) return names;
  for (const QString& id : fleet_->ids()) {
    ClusterSession* s = fleet_->session(id);
    for (const NodeView& n : s->nodes()) {
      for (const v1::RealServer& r : n.running.cas_servers()) names << QString::fromStdString(r.name());
      for (const v1::RealServer& r : n.running.smtp().hub_servers()) names << QString::fromStdString(r.name());
      for (const v1::ServiceStatus& svc : n.status.services()) {
        for (const v1::ServerStatus& srv : svc.servers()) names << QString::fromStdString(srv.name());
      }
    }
  }
  names.removeAll(QString());
  names.removeDuplicates();
  names.sort();
  return names.mid(0, 1000);
}

void OperationsPage::refreshServers() {
  const QString current = server_->currentText();
  const QStringList names = knownServers();
  if (names != [this] {
        QStringList l;
        for (int i = 0; i < server_->count(); ++i) l << server_->itemText(i);
        return l;
      }()) {
    server_->clear();
    server_->addItems(names);
    server_->setCurrentText(current);
  }
  // The node list only changes when clusters or their addresses do: rebuild
  // it then, not on every status, so the chosen node stays chosen.
  QStringList keys;
  QStringList labels;
  for (const QString& id : fleet_->ids()) {
    ClusterSession* s = fleet_->session(id);
    for (int i = 0; i < s->nodeCount(); ++i) {
      keys << QStringLiteral("%1#%2").arg(id).arg(i);
      labels << QStringLiteral("%1 — %2").arg(s->cluster().name, s->node(i).endpoint.key());
    }
  }
  QStringList shownKeys;
  QStringList shownLabels;
  for (int i = 0; i < auditNode_->count(); ++i) {
    shownKeys << auditNode_->itemData(i).toString();
    shownLabels << auditNode_->itemText(i);
  }
  if (keys == shownKeys && labels == shownLabels) return;
  const QString node = auditNode_->currentData().toString();
  const QSignalBlocker quiet(auditNode_);
  auditNode_->clear();
  for (int i = 0; i < keys.size(); ++i) auditNode_->addItem(labels[i], keys[i]);
  auditNode_->setCurrentIndex(std::max(0, auditNode_->findData(node)));
  if (auditNode_->currentData().toString() != node) onNodeChosen();
}

void OperationsPage::selectNode(const QString& clusterId, int node) {
  const int index = auditNode_->findData(QStringLiteral("%1#%2").arg(clusterId).arg(node));
  if (index >= 0) auditNode_->setCurrentIndex(index);
  onNodeChosen();
}

void OperationsPage::onNodeChosen() {
  const QStringList key = auditNode_->currentData().toString().split(QLatin1Char('#'));
  ClusterSession* s = key.size() == 2 && fleet_ ? fleet_->session(key[0]) : nullptr;
  AgentConnection* c = s ? s->connection(key[1].toInt()) : nullptr;
  services_->setConnection(c);
  uploads_->setConnection(c);
  auditModel_->removeRows(0, auditModel_->rowCount());
}

int OperationsPage::setServerState(const QString& server, const QString& action) {
  int asked = 0;
  watching_ = action == QLatin1String("drain") ? server : QString();
  const QString path = QStringLiteral("servers/%1/%2").arg(QString::fromLatin1(QUrl::toPercentEncoding(server)), action);
  for (const QString& id : fleet_->ids()) {
    ClusterSession* s = fleet_->session(id);
    bool publishes = false;
    for (const NodeView& n : s->nodes()) {
      for (const v1::RealServer& r : n.running.cas_servers()) publishes = publishes || QString::fromStdString(r.name()) == server;
      for (const v1::RealServer& r : n.running.smtp().hub_servers()) publishes = publishes || QString::fromStdString(r.name()) == server;
    }
    if (!publishes) continue;
    for (int i = 0; i < s->nodeCount(); ++i) {
      AgentConnection* c = s->connection(i);
      ++asked;
      c->call("POST", path, "{}", [this, c, server, action](const AgentReply& reply) {
        if (!reply.ok()) emit message(tr("%1: %2 %3 failed: %4").arg(c->endpoint().host, action, server, reply.explanation()));
      });
    }
  }
  refreshProgress();
  return asked;
}

qint64 OperationsPage::sessionsLeft(const QString& server) const {
  qint64 total = 0;
  bool seen = false;
  for (const QString& id : fleet_->ids()) {
    for (const NodeView& n : fleet_->session(id)->nodes()) {
      for (const v1::ServiceStatus& svc : n.status.services()) {
        for (const v1::ServerStatus& srv : svc.servers()) {
          if (QString::fromStdString(srv.name()) != server) continue;
          seen = true;
          total += static_cast<qint64>(std::min<quint64>(srv.current_sessions(), 1u << 30));
        }
      }
    }
  }
  return seen ? total : -1;
}

void OperationsPage::refreshProgress() {
  if (watching_.isEmpty()) {
    progress_->clear();
    return;
  }
  const qint64 left = sessionsLeft(watching_);
  progress_->setText(left == 0   ? tr("%1 drained: no session left, ready to patch.").arg(watching_)
                     : left < 0  ? tr("%1: waiting for status…").arg(watching_)
                                 : tr("%1: %2 session(s) left…").arg(watching_).arg(left));
}

void OperationsPage::loadAudit(const QString& clusterId, int node) {
  ClusterSession* s = fleet_->session(clusterId);
  if (!s || node >= s->nodeCount()) return;
  s->connection(node)->call("GET", QStringLiteral("audit?limit=500"), {}, [this](const AgentReply& reply) {
    v1::AuditLogResponse log;
    QString error;
    if (!reply.ok() || !decodeMessage(reply.body, reply.contentType, log, &error)) {
      emit message(tr("Audit log: %1").arg(reply.ok() ? error : reply.explanation()));
      return;
    }
    auditModel_->removeRows(0, auditModel_->rowCount());
    for (const v1::AuditEntry& e : log.entries()) {
      QList<QStandardItem*> row;
      for (const std::string& v : {e.time(), e.user(), e.address(), e.action(), e.detail()}) {
        row << new QStandardItem(QString::fromStdString(v).left(1000));
      }
      auditModel_->appendRow(row);
    }
    audit_->scrollToBottom();
  });
}

}  // namespace exlb::console
