#include "ui/services_panel.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

#include "net/agent_connection.h"
#include "net/wire.h"

namespace exlb::console {

namespace {

const QStringList kActions{QStringLiteral("start"), QStringLiteral("stop"), QStringLiteral("restart"), QStringLiteral("reload")};

QString actionLabel(const QString& action) {
  if (action == QLatin1String("start")) return ServicesPanel::tr("Start");
  if (action == QLatin1String("stop")) return ServicesPanel::tr("Stop");
  if (action == QLatin1String("restart")) return ServicesPanel::tr("Restart");
  return ServicesPanel::tr("Reload");
}

QString encoded(const QString& name) { return QString::fromLatin1(QUrl::toPercentEncoding(name)); }

}  // namespace

ServicesPanel::ServicesPanel(QWidget* parent) : QGroupBox(tr("Services (guide chapter 6)"), parent) {
  auto* layout = new QVBoxLayout(this);
  table_ = new QTableView(this);
  table_->setModel(&model_);
  table_->setSelectionBehavior(QAbstractItemView::SelectRows);
  table_->setSelectionMode(QAbstractItemView::SingleSelection);
  table_->verticalHeader()->hide();
  table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  table_->horizontalHeader()->setStretchLastSection(true);
  layout->addWidget(table_, 1);

  auto* buttons = new QHBoxLayout;
  for (const QString& action : kActions) {
    auto* b = new QPushButton(actionLabel(action), this);
    b->setProperty("exlbAction", action);
    connect(b, &QPushButton::clicked, this, [this, action] { onButton(action); });
    buttons->addWidget(b);
    actionButtons_.append(b);
  }
  buttons->addSpacing(16);
  buttons->addWidget(new QLabel(tr("Startup:"), this));
  startup_ = new QComboBox(this);
  startup_->addItem(startupText(v1::STARTUP_MODE_AUTO), static_cast<int>(v1::STARTUP_MODE_AUTO));
  startup_->addItem(startupText(v1::STARTUP_MODE_MANUAL), static_cast<int>(v1::STARTUP_MODE_MANUAL));
  startup_->setToolTip(tr("Auto: starts with the appliance. Manual: waits until someone starts it."));
  buttons->addWidget(startup_);
  buttons->addStretch(1);
  auto* refreshButton = new QPushButton(tr("Refresh"), this);
  buttons->addWidget(refreshButton);
  layout->addLayout(buttons);

  connect(refreshButton, &QPushButton::clicked, this, &ServicesPanel::refresh);
  connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ServicesPanel::updateButtons);
  connect(&model_, &QAbstractItemModel::modelReset, this, &ServicesPanel::updateButtons);
  connect(&model_, &QAbstractItemModel::dataChanged, this, &ServicesPanel::updateButtons);
  connect(startup_, &QComboBox::activated, this, [this] {
    const QString name = selected();
    if (!name.isEmpty()) setStartup(name, static_cast<v1::StartupMode>(startup_->currentData().toInt()));
  });
  updateButtons();
}

void ServicesPanel::setConnection(AgentConnection* connection) {
  if (connection_) disconnect(connection_, nullptr, this, nullptr);
  connection_ = connection;
  model_.clear();
  if (!connection_) return;
  // Read the list when the node is (back) online: it may have restarted.
  connect(connection_, &AgentConnection::stateChanged, this, [this](AgentConnection::State state) {
    if (state == AgentConnection::State::Online) refresh();
  });
  if (connection_->state() == AgentConnection::State::Online) refresh();
}

QString ServicesPanel::selected() const {
  const QModelIndex current = table_->currentIndex();
  return current.isValid() ? model_.index(current.row(), 0).data(ServicesModel::NameRole).toString() : QString();
}

void ServicesPanel::updateButtons() {
  const int row = model_.rowOf(selected());
  const QStringList actions = row >= 0 ? model_.index(row, 0).data(ServicesModel::ActionsRole).toStringList() : QStringList();
  for (QPushButton* b : std::as_const(actionButtons_)) b->setEnabled(actions.contains(b->property("exlbAction").toString()));
  const v1::ServiceInfo* s = model_.service(row);
  startup_->setEnabled(s && s->startup_changeable());
  if (s) startup_->setCurrentIndex(std::max(0, startup_->findData(static_cast<int>(s->startup()))));
}

void ServicesPanel::refresh() {
  if (!connection_) return;
  QPointer<ServicesPanel> self(this);
  connection_->call("GET", QStringLiteral("services"), {}, [self](const AgentReply& reply) {
    if (!self) return;
    v1::ServicesResponse services;
    QString error;
    if (!reply.ok() || !decodeMessage(reply.body, reply.contentType, services, &error)) {
      emit self->message(tr("Services: %1").arg(reply.ok() ? error : reply.explanation()));
      return;
    }
    const QString keep = self->selected();
    self->model_.setServices(services);
    const int row = self->model_.rowOf(keep);
    if (row >= 0) self->table_->selectRow(row);
  });
}

void ServicesPanel::onButton(const QString& action) {
  const QString name = selected();
  if (name.isEmpty()) return;
  const QString warning = model_.index(model_.rowOf(name), 0).data(ServicesModel::WarningRole).toString();
  if (action != QLatin1String("stop") || warning.isEmpty()) {
    act(name, action);
    return;
  }
  auto* box = new QMessageBox(QMessageBox::Warning, tr("Stop %1").arg(name), warning + QLatin1Char('\n') + tr("Stop it anyway?"),
                              QMessageBox::Yes | QMessageBox::No, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  box->setDefaultButton(QMessageBox::No);
  connect(box, &QMessageBox::accepted, this, [this, name] { act(name, QStringLiteral("stop")); });
  box->open();
}

void ServicesPanel::act(const QString& service, const QString& action) {
  if (!connection_ || !kActions.contains(action)) return;
  emit message(tr("%1: %2…").arg(service, action));
  QPointer<ServicesPanel> self(this);
  connection_->call("POST", QStringLiteral("services/%1/%2").arg(encoded(service), action), "{}",
                    [self, service, action](const AgentReply& reply) {
                      if (!self) return;
                      v1::ServiceActionResponse answer;
                      const bool decoded = reply.ok() && decodeMessage(reply.body, reply.contentType, answer, nullptr);
                      if (decoded && answer.has_service()) self->model_.updateService(answer.service());
                      const QString text = reply.ok() ? (answer.message().empty() ? tr("%1: %2 done.").arg(service, action)
                                                                                 : QString::fromStdString(answer.message()).left(500))
                                                      : tr("%1: %2 refused: %3").arg(service, action, reply.explanation());
                      emit self->message(text);
                      emit self->actionFinished(reply.ok(), text);
                      self->refresh();
                    });
}

void ServicesPanel::setStartup(const QString& service, v1::StartupMode mode) {
  if (!connection_) return;
  v1::SetStartupRequest body;
  body.set_startup(mode);
  QPointer<ServicesPanel> self(this);
  connection_->call("PUT", QStringLiteral("services/%1/startup").arg(encoded(service)), encodeJsonMessage(body),
                    [self, service, mode](const AgentReply& reply) {
                      if (!self) return;
                      v1::SetStartupResponse answer;
                      if (reply.ok() && decodeMessage(reply.body, reply.contentType, answer, nullptr) && answer.has_service()) {
                        self->model_.updateService(answer.service());
                      }
                      const QString text = reply.ok() ? tr("%1 starts %2 from now on.").arg(service, startupText(mode))
                                                      : tr("%1: startup change refused: %2").arg(service, reply.explanation());
                      emit self->message(text);
                      emit self->actionFinished(reply.ok(), text);
                    });
}

}  // namespace exlb::console
