// The console's core flow end to end, through its real window, against a
// master/backup pair of agents started by the test: add the cluster, trust
// each node, change the factory password, edit CAS servers with a problem
// shown at its field, cancel, validate, apply to both nodes, see drift appear
// when one node changes behind the console's back and vanish after "bring in
// line", and see a server's health change live. Screenshots of the overview,
// the pair view and two configuration pages go to artifacts/.
#include <QDir>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "exlb/common/defaults.h"
#include "fake_agent.h"
#include "model/cluster_book.h"
#include "model/credential_store.h"
#include "model/fleet.h"
#include "model/overview_model.h"
#include "ui/area_page.h"
#include "ui/config_editor.h"
#include "ui/console_app.h"
#include "ui/heat_map.h"
#include "ui/main_window.h"
#include "ui/pair_view.h"
#include "ui/password_dialog.h"
#include "ui/trust_dialog.h"

using namespace exlb;
using namespace exlb::console;
using namespace exlb::console::test;

class TstConsoleE2e final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<FakeAgent> master_;
  std::unique_ptr<FakeAgent> backup_;
  std::unique_ptr<ConsoleApp> app_;
  std::unique_ptr<MainWindow> window_;
  QString id_;

  ClusterSession* session() const { return app_->fleet()->session(id_); }

  void screenshot(const QString& name) {
    QDir().mkpath(QStringLiteral(EXLB_ARTIFACT_DIR));
    QCoreApplication::processEvents();
    const QString path = QStringLiteral(EXLB_ARTIFACT_DIR "/%1.png").arg(name);
    QVERIFY2(window_->grab().save(path), qPrintable(path));
  }

  template <typename Dialog>
  Dialog* waitForDialog() {
    Dialog* found = nullptr;
    (void)QTest::qWaitFor([&] {
      for (Dialog* d : window_->findChildren<Dialog*>()) {
        if (d->isVisible()) found = d;
      }
      return found != nullptr;
    }, 10000);
    return found;
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    master_ = std::make_unique<FakeAgent>(Identity::generate(dir_.path(), QStringLiteral("exlb-master")));
    backup_ = std::make_unique<FakeAgent>(Identity::generate(dir_.path(), QStringLiteral("exlb-backup")));
    v1::ApplianceConfig m = defaultConfig();
    m.mutable_high_availability()->set_role(v1::HA_ROLE_MASTER);
    m.mutable_high_availability()->set_virtual_address("192.168.0.253");
    v1::ApplianceConfig b = m;
    b.mutable_high_availability()->set_role(v1::HA_ROLE_BACKUP);
    b.mutable_network()->set_address("192.168.0.201");
    master_->replaceConfig(m);
    backup_->replaceConfig(b);
    master_->setStatus(sampleStatus(QStringLiteral("exlb-master"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1"), QStringLiteral("cas2")}));
    backup_->setStatus(sampleStatus(QStringLiteral("exlb-backup"), v1::VRRP_ROLE_BACKUP, {QStringLiteral("cas1"), QStringLiteral("cas2")}, 0));
    QVERIFY(master_->listen());
    QVERIFY(backup_->listen());
    app_ = std::make_unique<ConsoleApp>(dir_.filePath(QStringLiteral("console.ini")), new MemoryCredentialStore);
    window_ = std::make_unique<MainWindow>(app_.get());
    window_->resize(1400, 900);
    window_->show();
  }

  void addTrustAndChangeTheFactoryPassword() {
    Cluster c;
    c.name = QStringLiteral("Paris");
    c.kind = Cluster::Kind::Pair;
    c.nodes = {{QStringLiteral("127.0.0.1"), master_->port()}, {QStringLiteral("127.0.0.1"), backup_->port()}};
    QCOMPARE(app_->book()->add(c), QString());
    id_ = app_->book()->clusters().last().id;
    session()->setPassword(QStringLiteral("admin"));
    session()->start();
    window_->selectCluster(id_);

    for (int node = 0; node < 2; ++node) {
      TrustDialog* trust = waitForDialog<TrustDialog>();
      QVERIFY2(trust, "a first contact asks the admin to trust the certificate");
      if (node == 0) screenshot(QStringLiteral("trust-dialog"));
      trust->accept();
      QTest::qWait(50);
    }
    PasswordDialog* change = waitForDialog<PasswordDialog>();
    QVERIFY2(change, "the factory password must be changed");
    const auto edits = change->findChildren<QLineEdit*>();
    QCOMPARE(edits.size(), 2);
    for (QLineEdit* e : edits) e->setText(QStringLiteral("Paris-2026!"));
    change->accept();
    QTRY_VERIFY_WITH_TIMEOUT(session()->node(0).online() && session()->node(1).online(), 15000);
    QCOMPARE(master_->password(), QStringLiteral("Paris-2026!"));
    QCOMPARE(backup_->password(), QStringLiteral("Paris-2026!"));
    QTRY_VERIFY_WITH_TIMEOUT(session()->node(0).hasConfig && session()->node(1).hasConfig, 10000);
  }

  void overviewAndPairViewShowTheCluster() {
    QTRY_COMPARE_WITH_TIMEOUT(window_->overviewTable()->model()->index(0, OverviewModel::Nodes).data().toString(), QStringLiteral("2/2"), 10000);
    QCOMPARE(window_->overviewTable()->model()->index(0, OverviewModel::Roles).data().toString(), QStringLiteral("master / backup"));
    QVERIFY(!window_->heatMap()->rowLabels().isEmpty());
    window_->tabs()->setCurrentIndex(0);
    screenshot(QStringLiteral("overview"));
    window_->tabs()->setCurrentWidget(window_->pairView());
    QTRY_COMPARE_WITH_TIMEOUT(window_->pairView()->healthModel()->rowCount(), 8, 10000);
    screenshot(QStringLiteral("pair-view"));
  }

  void editCasServersWithProblemsCancelAndValidate() {
    ConfigEditor* editor = window_->configEditor();
    window_->tabs()->setCurrentWidget(editor);
    QCOMPARE(editor->editedNode(), 0);  // the master
    AreaPage* cas = editor->page(QStringLiteral("cas_servers"));
    editor->selectArea(QStringLiteral("cas_servers"));
    auto* address = qobject_cast<QLineEdit*>(cas->editor(QStringLiteral("cas_servers[0].address")));
    QVERIFY(address);
    QTest::keyClicks(address, QStringLiteral("10.0.0."));
    QVERIFY2(!cas->problemText(QStringLiteral("cas_servers[0].address")).isEmpty(), "the problem shows at its field as you type");
    QTest::keyClicks(address, QStringLiteral("15"));
    QCOMPARE(cas->problemText(QStringLiteral("cas_servers[0].address")), QString());
    QTest::keyClicks(qobject_cast<QLineEdit*>(cas->editor(QStringLiteral("cas_servers[0].name"))), QStringLiteral("cas1"));
    QTest::keyClicks(qobject_cast<QLineEdit*>(cas->editor(QStringLiteral("cas_servers[1].address"))), QStringLiteral("10.0.0.16"));
    QTest::keyClicks(qobject_cast<QLineEdit*>(cas->editor(QStringLiteral("cas_servers[1].name"))), QStringLiteral("cas2"));
    screenshot(QStringLiteral("config-cas-servers"));

    // Cancel (✗) on another area puts it back.
    AreaPage* http = editor->page(QStringLiteral("http"));
    editor->selectArea(QStringLiteral("http"));
    auto* host = qobject_cast<QLineEdit*>(http->editor(QStringLiteral("http.host_name")));
    host->clear();
    QTest::keyClicks(host, QStringLiteral("owa.paris.example"));
    QCOMPARE(editor->staged()->value(QStringLiteral("http.host_name")), QStringLiteral("owa.paris.example"));
    screenshot(QStringLiteral("config-http"));
    QTest::mouseClick(http->cancelButton(), Qt::LeftButton);
    QCOMPARE(host->text(), QString::fromStdString(defaultConfig().http().host_name()));

    // Validate (✓) the CAS servers: they are what an apply sends.
    QTest::mouseClick(cas->validateButton(), Qt::LeftButton);
    QVERIFY(editor->staged()->isValidated(QStringLiteral("cas_servers")));
    const auto entries = ConfigEditor::describe(editor->planApply(true));
    QCOMPARE(entries.size(), 12);  // 2 servers × (address, name, ready) × 2 nodes
  }

  void applyToThePairChangesBothNodes() {
    ConfigEditor* editor = window_->configEditor();
    QSignalSpy finished(editor, &ConfigEditor::applyFinished);
    QVERIFY(editor->startApply(editor->planApply(true)));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(master_->config().cas_servers_size(), 2);
    QCOMPARE(backup_->config().cas_servers_size(), 2);
    QCOMPARE(backup_->config().cas_servers(1).address(), std::string("10.0.0.16"));
    QCOMPARE(backup_->config().high_availability().role(), v1::HA_ROLE_BACKUP);
    QCOMPARE(backup_->config().network().address(), std::string("192.168.0.201"));
  }

  void aRefusedApplyPutsTheFirstNodeBack() {
    ConfigEditor* editor = window_->configEditor();
    QTRY_VERIFY_WITH_TIMEOUT(!editor->staged()->hasPendingChanges(), 5000);
    editor->staged()->setValue(QStringLiteral("rpc.timeout_seconds"), QStringLiteral("120"));
    QVERIFY(editor->staged()->validateArea(QStringLiteral("rpc")).isEmpty());
    master_->refuseNextPut(QStringLiteral("rpc.timeout_seconds"), QStringLiteral("The engine refused this timeout."));
    QSignalSpy finished(editor, &ConfigEditor::applyFinished);
    QVERIFY(editor->startApply(editor->planApply(true)));  // backup first, then the master refuses
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    QVERIFY(!finished.at(0).at(0).toBool());
    QCOMPARE(backup_->config().rpc().timeout_seconds(), defaultConfig().rpc().timeout_seconds());
    QCOMPARE(master_->config().rpc().timeout_seconds(), defaultConfig().rpc().timeout_seconds());
    QVERIFY2(!editor->page(QStringLiteral("rpc"))->problemText(QStringLiteral("rpc.timeout_seconds")).isEmpty(),
             "the agent's refusal shows at its field");
    editor->staged()->cancelArea(QStringLiteral("rpc"));
  }

  void driftAppearsAndBringInLineRemovesIt() {
    PairView* pair = window_->pairView();
    QTRY_COMPARE_WITH_TIMEOUT(pair->driftModel()->rowCount(), 0, 10000);
    v1::ApplianceConfig changed = backup_->config();
    changed.mutable_http()->set_timeout_seconds(300);
    backup_->replaceConfig(changed);  // behind the console's back
    QTRY_COMPARE_WITH_TIMEOUT(pair->driftModel()->rowCount(), 1, 10000);
    QCOMPARE(pair->driftModel()->index(0, PendingChangesModel::Field).data().toString(), QStringLiteral("http.timeout_seconds"));
    QVERIFY(pair->bringInLine());
    QTRY_COMPARE_WITH_TIMEOUT(pair->driftModel()->rowCount(), 0, 10000);
    QCOMPARE(backup_->config().http().timeout_seconds(), master_->config().http().timeout_seconds());
  }

  void aServersHealthChangesLive() {
    PairModel* health = window_->pairView()->healthModel();
    v1::NodeStatus s = sampleStatus(QStringLiteral("exlb-master"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1"), QStringLiteral("cas2")});
    s.mutable_services(0)->mutable_servers(1)->set_health(v1::SERVER_HEALTH_DOWN);
    master_->setStatus(s);
    QTRY_COMPARE_WITH_TIMEOUT(health->index(1, 2).data().toString(), QStringLiteral("down"), 5000);
    QTRY_COMPARE_WITH_TIMEOUT(window_->overviewTable()->model()->index(0, OverviewModel::ServersDown).data().toInt(), 1, 5000);
    window_->tabs()->setCurrentWidget(window_->pairView());
    screenshot(QStringLiteral("pair-view-server-down"));
  }

  void cleanupTestCase() {
    window_.reset();
    app_.reset();
  }
};

QTEST_MAIN(TstConsoleE2e)
#include "tst_console_e2e.moc"
