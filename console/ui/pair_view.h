#pragma once
// The nodes of one cluster side by side: each node's role, engines and
// reachability; every CAS/HUB server's health per Exchange service on each
// node; the drift between the two configurations with one action to bring the
// backup in line with the master; live charts of sessions per service.

#include <QPointer>
#include <QWidget>

#include "model/pair_model.h"
#include "model/pending_changes_model.h"

class QLabel;
class QPushButton;
class QTableView;

namespace exlb::console {

class ChartWidget;
class ClusterSession;
class PairApply;

class PairView final : public QWidget {
  Q_OBJECT

 public:
  explicit PairView(QWidget* parent = nullptr);
  void setSession(ClusterSession* session);

  PairModel* healthModel() { return &health_; }
  PendingChangesModel* driftModel() { return &drift_; }
  // Copies the master's shared settings onto the other node (one apply).
  PairApply* bringInLine();
  // Starts the handover the node's card offers ("Hand over" on the holder,
  // "Take over" on the backup), without asking; false when it offers none.
  // The result arrives as message().
  bool handOver(int node);

 signals:
  void message(const QString& text);

 private:
  void refresh();
  void confirmHandover(int node);

  QPointer<ClusterSession> session_;
  PairModel health_;
  PendingChangesModel drift_;
  QList<QWidget*> nodeBoxes_;
  QList<QLabel*> nodeCards_;
  QList<QPushButton*> handoverButtons_;
  bool handoverRunning_ = false;
  QList<ChartWidget*> charts_;
  QLabel* driftTitle_ = nullptr;
  QPushButton* bringInLine_ = nullptr;
  QTableView* table_ = nullptr;
  QWidget* cardsHost_ = nullptr;
  QWidget* chartsHost_ = nullptr;
};

}  // namespace exlb::console
