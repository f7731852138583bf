#pragma once
// The configuration pages of one cluster: the areas of the guide on the
// left, the selected area's page on the right, and the staged-edit actions:
// undo/redo, pending changes, apply to this node or to both nodes of the pair,
// save.

#include <QPointer>
#include <QWidget>

#include "model/pair_apply.h"
#include "model/pending_changes_model.h"
#include "model/staged_config.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace exlb::console {

class AreaPage;
class ClusterSession;

class ConfigEditor final : public QWidget {
  Q_OBJECT

 public:
  explicit ConfigEditor(QWidget* parent = nullptr);

  void setSession(ClusterSession* session);
  StagedConfig* staged() { return &staged_; }
  AreaPage* page(const QString& area) const;
  void selectArea(const QString& area);
  int editedNode() const { return node_; }
  void setEditedNode(int node);

  // What applying would send, per node (both nodes when `pair`).
  QList<PairApply::Target> planApply(bool pair) const;
  static QList<PendingChangesModel::Entry> describe(const QList<PairApply::Target>& targets);
  // Starts applying (the dialog's "Apply" lands here; tests call it directly).
  PairApply* startApply(const QList<PairApply::Target>& targets);
  void saveAll();

 signals:
  void message(const QString& text);
  void applyFinished(bool ok, const QString& message);

 private:
  void reviewAndApply(bool pair);
  void onSessionChanged();
  void updateActions();

  QPointer<ClusterSession> session_;
  StagedConfig staged_;
  int node_ = 0;
  QComboBox* nodeBox_ = nullptr;
  QListWidget* areas_ = nullptr;
  QStackedWidget* pages_ = nullptr;
  QList<AreaPage*> areaPages_;
  QLabel* baseLabel_ = nullptr;
  QPushButton* undo_ = nullptr;
  QPushButton* redo_ = nullptr;
  QPushButton* applyNode_ = nullptr;
  QPushButton* applyPair_ = nullptr;
  QPushButton* save_ = nullptr;
  QPointer<PairApply> running_;
};

}  // namespace exlb::console
