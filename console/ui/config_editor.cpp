#include "ui/config_editor.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

#include "model/cluster_session.h"
#include "ui/area_page.h"
#include "ui/pending_changes_dialog.h"

namespace exlb::console {

ConfigEditor::ConfigEditor(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  nodeBox_ = new QComboBox(this);
  baseLabel_ = new QLabel(this);
  top->addWidget(new QLabel(tr("Edit node:"), this));
  top->addWidget(nodeBox_);
  top->addWidget(baseLabel_, 1);
  undo_ = new QPushButton(tr("Undo"), this);
  redo_ = new QPushButton(tr("Redo"), this);
  auto* pending = new QPushButton(tr("Pending changes…"), this);
  applyNode_ = new QPushButton(tr("Apply to this node"), this);
  applyPair_ = new QPushButton(tr("Apply to both nodes"), this);
  save_ = new QPushButton(tr("Save"), this);
  save_->setToolTip(tr("Make the running configuration the one the nodes start with (guide 7.2)"));
  for (QPushButton* b : {undo_, redo_, pending, applyNode_, applyPair_, save_}) top->addWidget(b);
  layout->addLayout(top);

  auto* body = new QHBoxLayout;
  areas_ = new QListWidget(this);
  areas_->setMaximumWidth(210);
  pages_ = new QStackedWidget(this);
  for (const AreaSpec& spec : configAreaSpecs()) {
    auto* page = new AreaPage(spec, &staged_, this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(page);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    pages_->addWidget(scroll);
    areaPages_.append(page);
    areas_->addItem(QCoreApplication::translate("ConfigPage", spec.title));
  }
  body->addWidget(areas_);
  body->addWidget(pages_, 1);
  layout->addLayout(body, 1);

  connect(areas_, &QListWidget::currentRowChanged, pages_, &QStackedWidget::setCurrentIndex);
  areas_->setCurrentRow(0);
  connect(undo_, &QPushButton::clicked, staged_.undoStack(), &QUndoStack::undo);
  connect(redo_, &QPushButton::clicked, staged_.undoStack(), &QUndoStack::redo);
  connect(pending, &QPushButton::clicked, this, [this] {
    auto* dialog = new PendingChangesDialog(describe(planApply(false)), tr("This node"), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
  });
  connect(applyNode_, &QPushButton::clicked, this, [this] { reviewAndApply(false); });
  connect(applyPair_, &QPushButton::clicked, this, [this] { reviewAndApply(true); });
  connect(save_, &QPushButton::clicked, this, &ConfigEditor::saveAll);
  connect(nodeBox_, &QComboBox::activated, this, &ConfigEditor::setEditedNode);
  connect(&staged_, &StagedConfig::changed, this, &ConfigEditor::updateActions);
  connect(staged_.undoStack(), &QUndoStack::indexChanged, this, &ConfigEditor::updateActions);
  updateActions();
}

void ConfigEditor::setSession(ClusterSession* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  node_ = session ? session->masterIndex() : 0;
  staged_.markApplied(v1::ApplianceConfig(), {});
  nodeBox_->clear();
  if (session_) {
    for (int i = 0; i < session_->nodeCount(); ++i) nodeBox_->addItem(session_->node(i).endpoint.key());
    nodeBox_->setCurrentIndex(node_);
    connect(session_, &ClusterSession::changed, this, &ConfigEditor::onSessionChanged);
    const NodeView& v = session_->node(node_);
    if (v.hasConfig) staged_.setBase(v.running, v.runningEtag);
  }
  updateActions();
}

void ConfigEditor::setEditedNode(int node) {
  if (!session_ || node < 0 || node >= session_->nodeCount()) return;
  node_ = node;
  nodeBox_->setCurrentIndex(node);
  const NodeView& v = session_->node(node_);
  staged_.markApplied(v.running, v.runningEtag);
}

void ConfigEditor::onSessionChanged() {
  if (!session_) return;
  const NodeView& v = session_->node(node_);
  if (v.hasConfig && (v.runningEtag != staged_.baseEtag() || !staged_.hasBase())) staged_.setBase(v.running, v.runningEtag);
  updateActions();
}

AreaPage* ConfigEditor::page(const QString& area) const {
  for (AreaPage* p : areaPages_) {
    if (p->spec().area == area) return p;
  }
  return nullptr;
}

void ConfigEditor::selectArea(const QString& area) {
  for (int i = 0; i < areaPages_.size(); ++i) {
    if (areaPages_[i]->spec().area == area) areas_->setCurrentRow(i);
  }
}

void ConfigEditor::updateActions() {
  const bool pair = session_ && session_->isPair();
  const bool pending = staged_.hasBase() && staged_.hasPendingChanges();
  const bool busy = running_;
  undo_->setEnabled(staged_.undoStack()->canUndo());
  redo_->setEnabled(staged_.undoStack()->canRedo());
  applyNode_->setEnabled(pending && !busy);
  applyPair_->setVisible(pair);
  applyPair_->setEnabled(pair && pending && !busy);
  nodeBox_->setEnabled(!busy && !staged_.undoStack()->canUndo());
  save_->setEnabled(session_ && !busy);
  if (!staged_.hasBase()) {
    baseLabel_->setText(tr("waiting for the node's configuration…"));
  } else {
    const QStringList validated(staged_.validatedAreas().begin(), staged_.validatedAreas().end());
    baseLabel_->setText(validated.isEmpty() ? tr("no area validated yet")
                                            : tr("validated: %1").arg(validated.join(QStringLiteral(", "))));
  }
}

QList<PairApply::Target> ConfigEditor::planApply(bool pair) const {
  QList<PairApply::Target> targets;
  if (!session_ || !staged_.hasBase()) return targets;
  const v1::ApplianceConfig edited = staged_.toApply();
  PairApply::Target self{session_->connection(node_), staged_.baseEtag(), staged_.base(), edited};
  if (pair && session_->isPair()) {
    const int other = node_ == 0 ? 1 : 0;
    const NodeView& v = session_->node(other);
    if (!v.hasConfig) return {};
    QStringList areas(staged_.validatedAreas().begin(), staged_.validatedAreas().end());
    PairApply::Target peer{session_->connection(other), v.runningEtag, v.running,
                           withSharedAreas(v.running, edited, areas)};
    // The backup takes a change first; the master (which serves) last.
    if (session_->masterIndex() == node_) {
      targets << peer << self;
    } else {
      targets << self << peer;
    }
  } else {
    targets << self;
  }
  return targets;
}

QList<PendingChangesModel::Entry> ConfigEditor::describe(const QList<PairApply::Target>& targets) {
  QList<PendingChangesModel::Entry> entries;
  for (const PairApply::Target& t : targets) {
    const QString node = t.connection ? t.connection->endpoint().host : QString();
    for (const FieldChange& c : diffConfigs(t.previous, t.next)) entries.append({node, c});
  }
  return entries;
}

void ConfigEditor::reviewAndApply(bool pair) {
  const QList<PairApply::Target> targets = planApply(pair);
  auto* dialog = new PendingChangesDialog(describe(targets), pair ? tr("Both nodes (backup first)") : tr("This node"), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, targets] { startApply(targets); });
  dialog->open();
}

PairApply* ConfigEditor::startApply(const QList<PairApply::Target>& targets) {
  if (targets.isEmpty() || running_) return nullptr;
  PairApply* op = nullptr;
  // Both nodes, and the edited node's agent runs pair operations: one request
  // to it with its own new configuration; the agents do the rest.
  if (targets.size() == 2 && session_ && session_->runsPairOperations(node_)) {
    for (const PairApply::Target& t : targets) {
      if (t.connection == session_->connection(node_)) op = new PairApply({t}, this, PairApply::Mode::AgentApply);
    }
  }
  if (!op) op = new PairApply(targets, this);
  running_ = op;
  const v1::ApplianceConfig applied = staged_.toApply();
  connect(op, &PairApply::progress, this, &ConfigEditor::message);
  connect(op, &PairApply::finished, this, [this, op, applied](bool ok, const QString& text) {
    op->deleteLater();
    if (ok) {
      staged_.markApplied(applied, {});
    } else {
      QList<StagedProblem> remote;
      const Compacted compact = compactServers(staged_.staged());
      for (const FieldProblem& p : op->problems()) remote.append({rowPath(compact, p.path), p.message, p.warning});
      staged_.setRemoteProblems(remote);
    }
    if (session_) {
      for (int i = 0; i < session_->nodeCount(); ++i) session_->refreshConfig(i);
    }
    emit message(text);
    emit applyFinished(ok, text);
    updateActions();
  });
  op->start();
  updateActions();
  return op;
}

void ConfigEditor::saveAll() {
  if (!session_) return;
  for (int i = 0; i < session_->nodeCount(); ++i) {
    AgentConnection* c = session_->connection(i);
    c->call("POST", QStringLiteral("config/save"), "{}", [this, c](const AgentReply& reply) {
      emit message(reply.ok() ? tr("%1: configuration saved.").arg(c->endpoint().host)
                              : tr("%1: save failed: %2").arg(c->endpoint().host, reply.explanation()));
    });
  }
}

}  // namespace exlb::console
