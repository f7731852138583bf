#pragma once
// The console's single window: clusters on the left (health at a glance), and
// for the selected cluster the overview of the fleet, the pair view, the
// configuration pages, operations and the Exchange helpers on the right.
// Dialogs that a connection needs (trust, passwords) are queued and shown one
// at a time, never with a blocking wait.

#include <QMainWindow>
#include <QPointer>
#include <functional>

#include "net/certificate_info.h"

class QLineEdit;
class QListView;
class QSortFilterProxyModel;
class QTableView;
class QTabWidget;

namespace exlb::console {

class ConfigEditor;
class ConsoleApp;
class HeatMap;
class HelpersPage;
class OperationsPage;
class OverviewModel;
class PairView;

class MainWindow final : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(ConsoleApp* app, QWidget* parent = nullptr);

  void selectCluster(const QString& id);
  QString selectedCluster() const { return selected_; }
  QTabWidget* tabs() const { return tabs_; }
  QTableView* overviewTable() const { return overview_; }
  PairView* pairView() const { return pairView_; }
  ConfigEditor* configEditor() const { return editor_; }
  HeatMap* heatMap() const { return heatMap_; }
  OperationsPage* operations() const { return operations_; }

 private:
  void buildMenus();
  void addCluster();
  void editCluster();
  void removeCluster();
  void importClusters();
  void exportClusters();
  void onTrustNeeded(const QString& id, int node, const CertificateInfo& presented, const CertificateInfo& pinned);
  void onPasswordChangeNeeded(const QString& id, int node);
  void onPasswordNeeded(const QString& id, int node, const QString& why);
  void enqueue(std::function<void()> prompt);
  void promptDone();

  ConsoleApp* app_;
  QString selected_;
  OverviewModel* overviewModel_ = nullptr;
  QSortFilterProxyModel* clusterProxy_ = nullptr;
  QSortFilterProxyModel* overviewProxy_ = nullptr;
  QListView* clusters_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  QTableView* overview_ = nullptr;
  HeatMap* heatMap_ = nullptr;
  PairView* pairView_ = nullptr;
  ConfigEditor* editor_ = nullptr;
  OperationsPage* operations_ = nullptr;
  HelpersPage* helpers_ = nullptr;
  QList<std::function<void()>> prompts_;
  bool prompting_ = false;
  QStringList asked_;  // "id#node#kind" already queued, so a flapping agent does not stack dialogs
};

}  // namespace exlb::console
