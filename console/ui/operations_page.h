#pragma once
// Exchange patch night: drain (or ready) one CAS/HUB server on every cluster
// that publishes it, all at once, and watch its sessions fall to zero. For
// one node (chosen at the top): its services (start/stop/restart/reload,
// startup mode), uploads (certificate, license, firmware) and audit log.

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QStandardItemModel;

namespace exlb::console {

class Fleet;
class ServicesPanel;
class UploadsPanel;

class OperationsPage final : public QWidget {
  Q_OBJECT

 public:
  explicit OperationsPage(Fleet* fleet, QWidget* parent = nullptr);

  // Every server name published by some cluster (from statuses and configs).
  QStringList knownServers() const;
  // Sends drain|ready|maint for `server` to every node of every cluster that
  // publishes it; returns how many nodes were asked.
  int setServerState(const QString& server, const QString& action);
  // Sessions left on `server` across the fleet (-1 when unknown).
  qint64 sessionsLeft(const QString& server) const;
  void loadAudit(const QString& clusterId, int node);
  // The node the services, uploads and audit parts work on.
  void selectNode(const QString& clusterId, int node);
  ServicesPanel* services() const { return services_; }
  UploadsPanel* uploads() const { return uploads_; }

 signals:
  void message(const QString& text);

 private:
  void refreshServers();
  void refreshProgress();
  void onNodeChosen();

  QPointer<Fleet> fleet_;
  QComboBox* server_ = nullptr;
  QLabel* progress_ = nullptr;
  QString watching_;
  QComboBox* auditNode_ = nullptr;  // the node of the services, uploads and audit parts
  ServicesPanel* services_ = nullptr;
  UploadsPanel* uploads_ = nullptr;
  QTableView* audit_ = nullptr;
  QStandardItemModel* auditModel_ = nullptr;
};

}  // namespace exlb::console
