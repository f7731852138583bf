#include "ui/pair_view.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include "model/cluster_session.h"
#include "model/config_fields.h"
#include "model/pair_apply.h"
#include "model/planned_handover.h"
#include "ui/chart_widget.h"

namespace exlb::console {

namespace {

QString stateText(AgentConnection::State s) {
  switch (s) {
    case AgentConnection::State::Online: return PairView::tr("online");
    case AgentConnection::State::Connecting: return PairView::tr("connecting…");
    case AgentConnection::State::Reconnecting: return PairView::tr("unreachable, retrying");
    case AgentConnection::State::UntrustedCertificate: return PairView::tr("certificate not trusted yet");
    case AgentConnection::State::CertificateMismatch: return PairView::tr("CERTIFICATE CHANGED: blocked");
    case AgentConnection::State::NeedCredentials: return PairView::tr("password needed");
    case AgentConnection::State::MustChangePassword: return PairView::tr("factory password must be changed");
    default: return PairView::tr("not connected");
  }
}

QString engineText(v1::EngineState s) {
  switch (s) {
    case v1::ENGINE_STATE_RUNNING: return PairView::tr("running");
    case v1::ENGINE_STATE_STOPPED: return PairView::tr("stopped");
    case v1::ENGINE_STATE_RESTARTING: return PairView::tr("restarting");
    case v1::ENGINE_STATE_FAILED: return PairView::tr("FAILED");
    default: return QStringLiteral("?");
  }
}

}  // namespace

PairView::PairView(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  cardsHost_ = new QWidget(this);
  new QHBoxLayout(cardsHost_);
  layout->addWidget(cardsHost_);

  auto* split = new QSplitter(Qt::Vertical, this);
  table_ = new QTableView(split);
  table_->setModel(&health_);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
  table_->setAlternatingRowColors(true);

  auto* driftBox = new QWidget(split);
  auto* driftLayout = new QVBoxLayout(driftBox);
  driftLayout->setContentsMargins(0, 0, 0, 0);
  auto* driftHeader = new QHBoxLayout;
  driftTitle_ = new QLabel(driftBox);
  bringInLine_ = new QPushButton(tr("Bring in line"), driftBox);
  bringInLine_->setToolTip(tr("Copy the master's shared settings to the other node"));
  driftHeader->addWidget(driftTitle_, 1);
  driftHeader->addWidget(bringInLine_);
  driftLayout->addLayout(driftHeader);
  auto* driftTable = new QTableView(driftBox);
  driftTable->setModel(&drift_);
  driftTable->verticalHeader()->hide();
  driftTable->horizontalHeader()->setStretchLastSection(true);
  driftTable->hideColumn(PendingChangesModel::Node);
  driftLayout->addWidget(driftTable);

  chartsHost_ = new QWidget(split);
  new QHBoxLayout(chartsHost_);
  split->addWidget(table_);
  split->addWidget(driftBox);
  split->addWidget(chartsHost_);
  split->setStretchFactor(0, 3);
  split->setStretchFactor(1, 1);
  split->setStretchFactor(2, 2);
  layout->addWidget(split, 1);

  connect(bringInLine_, &QPushButton::clicked, this, [this] { bringInLine(); });
  refresh();
}

void PairView::setSession(ClusterSession* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  health_.setSession(session);
  qDeleteAll(nodeBoxes_);  // each node's card and handover button
  nodeBoxes_.clear();
  nodeCards_.clear();
  handoverButtons_.clear();
  qDeleteAll(charts_);
  charts_.clear();
  if (session_) {
    for (int i = 0; i < session_->nodeCount(); ++i) {
      auto* box = new QWidget(cardsHost_);
      auto* column = new QVBoxLayout(box);
      column->setContentsMargins(0, 0, 0, 0);
      auto* card = new QLabel(box);
      card->setObjectName(QStringLiteral("card-%1").arg(i));
      card->setFrameShape(QFrame::StyledPanel);
      card->setTextFormat(Qt::RichText);
      card->setMargin(8);
      card->setMinimumWidth(280);
      auto* handover = new QPushButton(box);
      handover->setObjectName(QStringLiteral("handover-%1").arg(i));
      connect(handover, &QPushButton::clicked, this, [this, i] { confirmHandover(i); });
      column->addWidget(card, 1);
      column->addWidget(handover, 0, Qt::AlignLeft);
      cardsHost_->layout()->addWidget(box);
      nodeBoxes_.append(box);
      nodeCards_.append(card);
      handoverButtons_.append(handover);
      auto* chart = new ChartWidget(chartsHost_);
      chart->setHistory(session_->history(i), session_->node(i).endpoint.host);
      chartsHost_->layout()->addWidget(chart);
      charts_.append(chart);
    }
    connect(session_, &ClusterSession::changed, this, &PairView::refresh);
  }
  refresh();
}

void PairView::refresh() {
  const bool pair = session_ && session_->isPair();
  for (int i = 0; session_ && i < nodeCards_.size(); ++i) {
    const NodeView& v = session_->node(i);
    QString html = QStringLiteral("<b>%1</b> &nbsp; %2<br>").arg(v.endpoint.key().toHtmlEscaped(), stateText(v.state).toHtmlEscaped());
    if (v.hasStatus) {
      html += tr("Role: <b>%1</b> &nbsp; Host: %2<br>")
                  .arg(roleName(v.status.vrrp_role()).toHtmlEscaped(),
                       QString::fromStdString(v.status.hostname()).left(64).toHtmlEscaped());
      QStringList engines;
      for (const v1::EngineStatus& e : v.status.engines()) {
        engines << QStringLiteral("%1 %2").arg(QString::fromStdString(e.name()).left(32).toHtmlEscaped(), engineText(e.state()));
      }
      html += tr("Services: %1<br>").arg(engines.isEmpty() ? tr("none reported") : engines.join(QStringLiteral(", ")));
      quint64 sessions = 0;
      for (const v1::ServiceStatus& s : v.status.services()) sessions += s.current_sessions();
      html += tr("Sessions: %1 &nbsp; Uptime: %2 s").arg(sessions).arg(v.status.uptime_seconds());
      // The pair's stick tables (clients' CAS): on TLS normally; in clear
      // only until the pair channel has met the peer. Nothing standalone.
      if (v.status.stick_replication() == v1::STICK_REPLICATION_TLS) {
        html += QStringLiteral("<br>") + tr("Persistence shared with the peer over TLS");
      } else if (v.status.stick_replication() == v1::STICK_REPLICATION_CLEAR) {
        html += QStringLiteral("<br><span style='color:#b07800'>%1</span>")
                    .arg(tr("Persistence shared with the peer in clear text (the pair channel has not met it yet)"));
      }
      // The agent's VRRP filter (docs/ha.md, "Safety"): adverts from anyone
      // but the peer are dropped and counted; a growing count means a
      // stranger speaks VRRP on the segment. The same filter keeps everyone
      // but the peer off the stick-table replication port; a count there
      // means someone tried to read or push the pair's persistence entries.
      // Absent while the filter is off.
      if (v.status.has_vrrp_filter()) {
        const v1::VrrpFilterCounters& filter = v.status.vrrp_filter();
        html += QStringLiteral("<br>") + tr("VRRP from others dropped: %1 (from the peer, accepted: %2)")
                                             .arg(filter.dropped_adverts())
                                             .arg(filter.peer_adverts());
        if (filter.dropped_replication() > 0) {
          html += QStringLiteral("<br>") + tr("Stick-table replication from others dropped: %1")
                                               .arg(filter.dropped_replication());
        }
      }
      // The agent's alarms in force (split-brain, no-master, peer-unreachable,
      // config-drift, ...), worst first, bounded.
      QStringList alarms;
      for (const v1::Alarm& a : v.status.alarms()) {
        if (alarms.size() >= 6) break;
        const bool critical = a.severity() == v1::ALARM_SEVERITY_CRITICAL;
        const QString line = QStringLiteral("<span style='color:%1'>%2</span> %3")
                                 .arg(critical ? QStringLiteral("#c01c28") : QStringLiteral("#b07800"),
                                      QString::fromStdString(a.code()).left(40).toHtmlEscaped(),
                                      QString::fromStdString(a.message()).left(160).toHtmlEscaped());
        critical ? alarms.prepend(line) : alarms.append(line);
      }
      if (!alarms.isEmpty()) html += QStringLiteral("<br>") + tr("Alarms: %1").arg(alarms.join(QStringLiteral("<br>")));
      if (v.pair.handoverInProgress) {
        html += QStringLiteral("<br>") + tr("A handover of the virtual address is under way.");
      } else if (v.pair.failbackDueUnixMs > 0) {
        html += QStringLiteral("<br>") + tr("Takes the virtual address back at %1 (automatic failback).")
                                             .arg(QDateTime::fromMSecsSinceEpoch(v.pair.failbackDueUnixMs)
                                                      .toString(QStringLiteral("HH:mm:ss")));
      }
    } else if (!v.lastError.isEmpty()) {
      html += v.lastError.toHtmlEscaped();
    }
    nodeCards_[i]->setText(html);
    const HandoverAction action = handoverActionFor(*session_, i);
    QPushButton* button = handoverButtons_[i];
    button->setVisible(action != HandoverAction::None);
    button->setEnabled(!handoverRunning_);
    button->setText(action == HandoverAction::Take ? tr("Take over") : tr("Hand over"));
    button->setToolTip(action == HandoverAction::Take
                           ? tr("This node takes the virtual address from its peer (planned handover)")
                           : tr("This node gives the virtual address to its peer (planned handover)"));
  }
  QList<PendingChangesModel::Entry> entries;
  if (pair && session_->nodeCount() == 2) {
    const int master = session_->masterIndex();
    const int other = master == 0 ? 1 : 0;
    for (const FieldChange& c : pairDrift(session_->node(master), session_->node(other))) entries.append({QString(), c});
  }
  if (entries.size() != drift_.entries().size() ||
      !std::equal(entries.begin(), entries.end(), drift_.entries().begin(),
                  [](const auto& a, const auto& b) { return a.change == b.change; })) {
    drift_.setEntries(entries);
  }
  const int op = session_ ? session_->pairOperator() : -1;
  const bool agentsSayDrift = op >= 0 && session_->node(op).pair.drift;
  if (op >= 0) {
    bringInLine_->setToolTip(tr("The master's agent pushes its shared settings to the other node (pair sync)"));
  }
  driftTitle_->setText(!pair ? tr("Standalone appliance: no drift to compare.")
                       : (agentsSayDrift && entries.isEmpty()) ? tr("The agents report drift: the nodes' shared settings differ.")
                       : entries.isEmpty() ? tr("No drift: both nodes share the same settings.")
                                           : tr("Drift: %n shared setting(s) differ (master → other node)", nullptr,
                                                static_cast<int>(entries.size())));
  bringInLine_->setEnabled(pair && (!entries.isEmpty() || agentsSayDrift));
}

PairApply* PairView::bringInLine() {
  if (!session_ || !session_->isPair() || session_->nodeCount() != 2) return nullptr;
  const int master = session_->masterIndex();
  const int other = master == 0 ? 1 : 0;
  const NodeView& m = session_->node(master);
  const NodeView& o = session_->node(other);
  if (!m.hasConfig || !o.hasConfig) return nullptr;
  PairApply* op = nullptr;
  if (session_->runsPairOperations(master)) {
    // The master's agent pushes its shared settings to the peer itself.
    op = new PairApply({PairApply::Target{session_->connection(master), m.runningEtag, m.running, m.running}}, this,
                       PairApply::Mode::AgentSync);
  } else {
    PairApply::Target t{session_->connection(other), o.runningEtag, o.running,
                        withSharedAreas(o.running, m.running, configAreas())};
    op = new PairApply({t}, this);
  }
  QPointer<ClusterSession> session = session_;
  connect(op, &PairApply::finished, this, [this, op, session](bool, const QString& text) {
    op->deleteLater();
    if (session) {
      for (int i = 0; i < session->nodeCount(); ++i) {
        session->refreshConfig(i);
        session->refreshPairStatus(i);
      }
    }
    emit message(text);
  });
  op->start();
  return op;
}

void PairView::confirmHandover(int node) {
  if (!session_) return;
  const HandoverAction action = handoverActionFor(*session_, node);
  if (action == HandoverAction::None) return;
  const QString host = session_->node(node).endpoint.host;
  // Clients keep the address, but the connections open through it end on
  // the node that gives it up: worth a second thought during the day.
  const QString question =
      (action == HandoverAction::Take ? tr("%1 takes the virtual address from its peer.") : tr("%1 gives the virtual address to its peer."))
          .arg(host) +
      QLatin1Char(' ') + tr("Connections open through the virtual address are cut; clients reconnect to the new holder. Go on?");
  if (QMessageBox::question(this, tr("Planned handover"), question) != QMessageBox::Yes) return;
  handOver(node);
}

bool PairView::handOver(int node) {
  if (!session_ || handoverRunning_) return false;
  const HandoverAction action = handoverActionFor(*session_, node);
  if (action == HandoverAction::None) return false;
  handoverRunning_ = true;
  refresh();
  QPointer<PairView> self = this;
  startHandover(session_, node, action, [self](bool, const QString& text) {
    if (!self) return;
    self->handoverRunning_ = false;
    self->refresh();
    emit self->message(text);
  });
  return true;
}

}  // namespace exlb::console
