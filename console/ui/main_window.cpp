#include "ui/main_window.h"

#include <QActionGroup>
#include <QApplication>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include "model/cluster_book.h"
#include "model/credential_store.h"
#include "model/fleet.h"
#include "model/overview_model.h"
#include "net/trust_store.h"
#include "ui/cluster_dialog.h"
#include "ui/config_editor.h"
#include "ui/console_app.h"
#include "ui/heat_map.h"
#include "ui/helpers_page.h"
#include "ui/operations_page.h"
#include "ui/pair_view.h"
#include "ui/password_dialog.h"
#include "ui/trust_dialog.h"

namespace exlb::console {

QColor levelColor(ClusterHealth::Level level);

namespace {

// The cluster list: names, with the health colour as decoration.
class ClusterListProxy final : public QSortFilterProxyModel {
 public:
  using QSortFilterProxyModel::QSortFilterProxyModel;
  QVariant data(const QModelIndex& index, int role) const override {
    if (role == Qt::DecorationRole) {
      const int level = QSortFilterProxyModel::data(index, OverviewModel::LevelRole).toInt();
      return levelColor(static_cast<ClusterHealth::Level>(level));
    }
    if (role == Qt::ToolTipRole) {
      return QSortFilterProxyModel::data(index.siblingAtColumn(OverviewModel::Health), Qt::DisplayRole);
    }
    return QSortFilterProxyModel::data(index, role);
  }
};

}  // namespace

MainWindow::MainWindow(ConsoleApp* app, QWidget* parent) : QMainWindow(parent), app_(app) {
  setWindowTitle(tr("exlb console"));
  Fleet* fleet = app_->fleet();
  overviewModel_ = new OverviewModel(fleet, this);

  auto* split = new QSplitter(this);
  auto* left = new QWidget(split);
  auto* leftLayout = new QVBoxLayout(left);
  auto* filter = new QLineEdit(left);
  filter->setPlaceholderText(tr("Filter clusters"));
  filter->setClearButtonEnabled(true);
  clusterProxy_ = new ClusterListProxy(this);
  clusterProxy_->setSourceModel(overviewModel_);
  clusterProxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  clusterProxy_->setSortRole(OverviewModel::SortRole);
  clusterProxy_->setDynamicSortFilter(true);
  clusterProxy_->sort(OverviewModel::Health, Qt::DescendingOrder);
  clusters_ = new QListView(left);
  clusters_->setModel(clusterProxy_);
  clusters_->setModelColumn(OverviewModel::Name);
  auto* buttons = new QHBoxLayout;
  auto* add = new QPushButton(tr("Add…"), left);
  auto* edit = new QPushButton(tr("Edit…"), left);
  auto* remove = new QPushButton(tr("Remove"), left);
  buttons->addWidget(add);
  buttons->addWidget(edit);
  buttons->addWidget(remove);
  leftLayout->addWidget(new QLabel(tr("<b>Clusters</b> (worst first)"), left));
  leftLayout->addWidget(filter);
  leftLayout->addWidget(clusters_, 1);
  leftLayout->addLayout(buttons);

  tabs_ = new QTabWidget(split);
  auto* overviewPage = new QWidget(tabs_);
  auto* overviewLayout = new QVBoxLayout(overviewPage);
  overviewProxy_ = new QSortFilterProxyModel(this);
  overviewProxy_->setSourceModel(overviewModel_);
  overviewProxy_->setSortRole(OverviewModel::SortRole);
  overviewProxy_->setFilterKeyColumn(-1);
  overviewProxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
  overviewProxy_->setDynamicSortFilter(true);
  overview_ = new QTableView(overviewPage);
  overview_->setModel(overviewProxy_);
  overview_->setSortingEnabled(true);
  overview_->sortByColumn(OverviewModel::Health, Qt::DescendingOrder);
  overview_->setSelectionBehavior(QAbstractItemView::SelectRows);
  overview_->verticalHeader()->hide();
  overview_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
  overview_->horizontalHeader()->setStretchLastSection(true);
  heatMap_ = new HeatMap(fleet, overviewPage);
  auto* heatScroll = new QScrollArea(overviewPage);
  heatScroll->setWidget(heatMap_);
  heatScroll->setWidgetResizable(true);
  overviewLayout->addWidget(overview_, 1);
  overviewLayout->addWidget(new QLabel(tr("<b>Heat map</b>: clusters × servers (rows) × Exchange services (columns)"), overviewPage));
  overviewLayout->addWidget(heatScroll, 1);
  tabs_->addTab(overviewPage, tr("Overview"));

  pairView_ = new PairView(tabs_);
  tabs_->addTab(pairView_, tr("Pair"));
  editor_ = new ConfigEditor(tabs_);
  tabs_->addTab(editor_, tr("Configuration"));
  operations_ = new OperationsPage(fleet, tabs_);
  tabs_->addTab(operations_, tr("Operations"));
  helpers_ = new HelpersPage(tabs_);
  tabs_->addTab(helpers_, tr("Exchange helpers"));

  split->addWidget(left);
  split->addWidget(tabs_);
  split->setStretchFactor(1, 1);
  split->setSizes({260, 1000});
  setCentralWidget(split);
  statusBar()->showMessage(app_->credentials()->persistent() ? tr("Passwords are kept in the system keychain.")
                                                              : tr("No keychain: passwords are kept for this session only."));

  connect(filter, &QLineEdit::textChanged, clusterProxy_, &QSortFilterProxyModel::setFilterFixedString);
  connect(filter, &QLineEdit::textChanged, overviewProxy_, &QSortFilterProxyModel::setFilterFixedString);
  connect(clusters_->selectionModel(), &QItemSelectionModel::currentChanged, this,
          [this](const QModelIndex& current) { selectCluster(current.data(OverviewModel::IdRole).toString()); });
  connect(overview_, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
    selectCluster(index.data(OverviewModel::IdRole).toString());
    tabs_->setCurrentWidget(pairView_);
  });
  connect(add, &QPushButton::clicked, this, &MainWindow::addCluster);
  connect(edit, &QPushButton::clicked, this, &MainWindow::editCluster);
  connect(remove, &QPushButton::clicked, this, &MainWindow::removeCluster);
  const auto show = [this](const QString& text) { statusBar()->showMessage(text, 15000); };
  connect(pairView_, &PairView::message, this, show);
  connect(editor_, &ConfigEditor::message, this, show);
  connect(operations_, &OperationsPage::message, this, show);
  connect(fleet, &Fleet::trustNeeded, this, &MainWindow::onTrustNeeded);
  connect(fleet, &Fleet::passwordChangeNeeded, this, &MainWindow::onPasswordChangeNeeded);
  connect(fleet, &Fleet::passwordNeeded, this, &MainWindow::onPasswordNeeded);
  buildMenus();
  resize(1280, 820);
}

void MainWindow::buildMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(tr("&Add cluster…"), this, &MainWindow::addCluster);
  file->addAction(tr("&Import clusters…"), this, &MainWindow::importClusters);
  file->addAction(tr("&Export clusters…"), this, &MainWindow::exportClusters);
  file->addSeparator();
  file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
  QMenu* editMenu = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = editor_->staged()->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  QAction* redo = editor_->staged()->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  editMenu->addAction(undo);
  editMenu->addAction(redo);
  QMenu* view = menuBar()->addMenu(tr("&View"));
  QMenu* language = view->addMenu(tr("&Language"));
  auto* group = new QActionGroup(this);
  const QList<QPair<QString, QString>> languages{{QString(), tr("System")}, {QStringLiteral("en"), QStringLiteral("English")},
                                                 {QStringLiteral("fr"), QStringLiteral("Français")}};
  for (const auto& [code, name] : languages) {
    QAction* a = language->addAction(name);
    a->setCheckable(true);
    a->setChecked(app_->language() == code);
    group->addAction(a);
    connect(a, &QAction::triggered, this, [this, code = code] { app_->setLanguage(code); });
  }
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About"), this, [this] {
    QMessageBox::about(this, tr("About exlb console"),
                       tr("exlb console %1\nLoad-balancer appliances for Microsoft Exchange.\nLicensed under the Apache License 2.0.")
                           .arg(QApplication::applicationVersion()));
  });
}

void MainWindow::selectCluster(const QString& id) {
  if (id == selected_) return;
  selected_ = id;
  ClusterSession* session = app_->fleet()->session(id);
  pairView_->setSession(session);
  editor_->setSession(session);
  helpers_->setSession(session);
  const int row = overviewModel_->rowOf(id);
  if (row >= 0) {
    const QModelIndex index = clusterProxy_->mapFromSource(overviewModel_->index(row, OverviewModel::Name));
    if (clusters_->currentIndex() != index) clusters_->setCurrentIndex(index);
  }
  if (session) setWindowTitle(tr("exlb console — %1").arg(session->cluster().name));
}

void MainWindow::addCluster() {
  auto* dialog = new ClusterDialog(Cluster(), app_->credentials()->persistent(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    Cluster c = dialog->cluster();
    const QString password = dialog->password();
    if (const QString problem = app_->book()->add(c); !problem.isEmpty()) {
      QMessageBox::warning(this, tr("Add a cluster"), problem);
      return;
    }
    const Cluster& added = app_->book()->clusters().last();
    ClusterSession* s = app_->fleet()->session(added.id);
    if (s) {
      if (!password.isEmpty()) s->setPassword(password);
      s->start();
    }
    selectCluster(added.id);
  });
  dialog->open();
}

void MainWindow::editCluster() {
  const Cluster* current = app_->book()->find(selected_);
  if (!current) return;
  auto* dialog = new ClusterDialog(*current, app_->credentials()->persistent(), this);
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  connect(dialog, &QDialog::accepted, this, [this, dialog] {
    if (const QString problem = app_->book()->update(dialog->cluster()); !problem.isEmpty()) {
      QMessageBox::warning(this, tr("Edit cluster"), problem);
      return;
    }
    if (ClusterSession* s = app_->fleet()->session(selected_); s && !dialog->password().isEmpty()) {
      s->setPassword(dialog->password());
    }
  });
  dialog->open();
}

void MainWindow::removeCluster() {
  const Cluster* current = app_->book()->find(selected_);
  if (!current) return;
  auto* box = new QMessageBox(QMessageBox::Question, tr("Remove cluster"),
                              tr("Remove %1 from the address book? The appliances are not touched.").arg(current->name),
                              QMessageBox::Yes | QMessageBox::No, this);
  box->setAttribute(Qt::WA_DeleteOnClose);
  const QString id = selected_;
  connect(box, &QMessageBox::accepted, this, [this, id] {
    if (ClusterSession* s = app_->fleet()->session(id)) app_->credentials()->remove(s->credentialKey());
    selected_.clear();
    pairView_->setSession(nullptr);
    editor_->setSession(nullptr);
    helpers_->setSession(nullptr);
    app_->book()->remove(id);
  });
  box->open();
}

void MainWindow::importClusters() {
  auto* dialog = new QFileDialog(this, tr("Import clusters"), QString(), tr("Address book (*.json)"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAcceptMode(QFileDialog::AcceptOpen);
  connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
      statusBar()->showMessage(tr("Cannot read %1: %2").arg(path, file.errorString()));
      return;
    }
    QStringList problems;
    const int added = app_->book()->importJson(file.read(4 * 1024 * 1024 + 1), &problems);
    for (const Cluster& c : app_->book()->clusters()) {
      if (ClusterSession* s = app_->fleet()->session(c.id); s && s->connection(0)->state() == AgentConnection::State::Idle) s->start();
    }
    statusBar()->showMessage(tr("Imported %n cluster(s).", nullptr, added) +
                             (problems.isEmpty() ? QString() : QLatin1Char(' ') + problems.join(QStringLiteral("; "))));
  });
  dialog->open();
}

void MainWindow::exportClusters() {
  auto* dialog = new QFileDialog(this, tr("Export clusters"), QStringLiteral("exlb-clusters.json"), tr("Address book (*.json)"));
  dialog->setAttribute(Qt::WA_DeleteOnClose);
  dialog->setAcceptMode(QFileDialog::AcceptSave);
  connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(app_->book()->exportJson()) < 0) {
      statusBar()->showMessage(tr("Cannot write %1: %2").arg(path, file.errorString()));
      return;
    }
    statusBar()->showMessage(tr("Exported the address book (no passwords) to %1.").arg(path));
  });
  dialog->open();
}

void MainWindow::enqueue(std::function<void()> prompt) {
  prompts_.append(std::move(prompt));
  if (!prompting_) promptDone();
}

void MainWindow::promptDone() {
  prompting_ = !prompts_.isEmpty();
  if (prompting_) prompts_.takeFirst()();
}

void MainWindow::onTrustNeeded(const QString& id, int node, const CertificateInfo& presented, const CertificateInfo& pinned) {
  const QString key = QStringLiteral("%1#%2#trust#%3").arg(id).arg(node).arg(presented.fingerprintText());
  if (asked_.contains(key)) return;
  asked_.append(key);
  enqueue([this, id, node, presented, pinned, key] {
    ClusterSession* s = app_->fleet()->session(id);
    if (!s || node >= s->nodeCount()) return promptDone();
    auto* dialog = new TrustDialog(s->node(node).endpoint.key(), presented, pinned, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, dialog, id, node, key](int result) {
      asked_.removeAll(key);
      ClusterSession* session = app_->fleet()->session(id);
      if (result == QDialog::Accepted && session) session->connection(node)->trustPresentedCertificate();
      dialog->deleteLater();
      promptDone();
    });
    dialog->open();
  });
}

void MainWindow::onPasswordChangeNeeded(const QString& id, int node) {
  const QString key = QStringLiteral("%1#change").arg(id);
  if (asked_.contains(key)) return;
  asked_.append(key);
  enqueue([this, id, node, key] {
    ClusterSession* s = app_->fleet()->session(id);
    if (!s) return promptDone();
    auto* dialog = new PasswordDialog(PasswordDialog::Mode::ChangeFactory,
                                      QStringLiteral("%1 (%2)").arg(s->cluster().name, s->node(node).endpoint.host), {}, this);
    connect(dialog, &QDialog::finished, this, [this, dialog, id, key](int result) {
      asked_.removeAll(key);
      ClusterSession* session = app_->fleet()->session(id);
      if (result == QDialog::Accepted && session) {
        session->changeFactoryPassword(dialog->password(), [this](int, const AgentReply& reply) {
          statusBar()->showMessage(reply.ok() ? tr("Password changed.") : tr("Password change refused: %1").arg(reply.explanation()));
        });
      }
      dialog->deleteLater();
      promptDone();
    });
    dialog->open();
  });
}

void MainWindow::onPasswordNeeded(const QString& id, int node, const QString& why) {
  const QString key = QStringLiteral("%1#password").arg(id);
  if (asked_.contains(key)) return;
  asked_.append(key);
  enqueue([this, id, node, why, key] {
    ClusterSession* s = app_->fleet()->session(id);
    if (!s) return promptDone();
    auto* dialog = new PasswordDialog(PasswordDialog::Mode::Login,
                                      QStringLiteral("%1@%2").arg(s->cluster().user, s->node(node).endpoint.host), why, this);
    connect(dialog, &QDialog::finished, this, [this, dialog, id, key](int result) {
      asked_.removeAll(key);
      ClusterSession* session = app_->fleet()->session(id);
      if (result == QDialog::Accepted && session) session->setPassword(dialog->password());
      dialog->deleteLater();
      promptDone();
    });
    dialog->open();
  });
}

}  // namespace exlb::console
