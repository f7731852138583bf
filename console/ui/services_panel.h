#pragma once
// The Services tab of one node (guide chapter 6): the agent's services with
// their status lights, and start / stop / restart / reload and the startup
// mode (auto / manual) of the selected one. Stopping asks first when the
// agent warns about it (stopping HAProxy stops all traffic).

#include <QGroupBox>
#include <QPointer>

#include "model/services_model.h"

class QComboBox;
class QPushButton;
class QTableView;

namespace exlb::console {

class AgentConnection;

class ServicesPanel final : public QGroupBox {
  Q_OBJECT

 public:
  explicit ServicesPanel(QWidget* parent = nullptr);

  // The node shown (nullptr: none).
  void setConnection(AgentConnection* connection);
  ServicesModel* model() { return &model_; }
  // GET services.
  void refresh();
  // POST services/{name}/{action}; no confirmation (the buttons ask first).
  void act(const QString& service, const QString& action);
  // PUT services/{name}/startup.
  void setStartup(const QString& service, v1::StartupMode mode);

 signals:
  void message(const QString& text);
  // After an action or a startup change, with what the agent said.
  void actionFinished(bool ok, const QString& text);

 private:
  QString selected() const;
  void onButton(const QString& action);
  void updateButtons();

  QPointer<AgentConnection> connection_;
  ServicesModel model_;
  QTableView* table_ = nullptr;
  QList<QPushButton*> actionButtons_;
  QComboBox* startup_ = nullptr;
};

}  // namespace exlb::console
