// The console's core flow end to end, through its real window, against a
// master/backup pair of real exlb-agent processes (HAProxy in front of two
// mock CAS servers, all on a loopback subnet of the test's own): add the
// cluster, trust each node, change the factory password, see a changed
// certificate refused until re-trusted, edit CAS servers with a problem shown
// at its field, cancel, validate, apply to both nodes and see both change, see
// a refused apply put the first node back, see drift appear when one node is
// changed behind the console's back and vanish after "bring in line", and see
// a server's health change live when a CAS server dies. Screenshots of the
// overview, the pair view and two configuration pages go to artifacts/.
// setup.pb.h first: firmware.pb.h's field "slots" must be read before Qt's
// keyword macro exists.
#include "exlb/v1/setup.pb.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScreen>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "exlb/common/defaults.h"
#include "model/cluster_book.h"
#include "model/credential_store.h"
#include "model/fleet.h"
#include "model/overview_model.h"
#include "model/pair_model.h"
#include "net/wire.h"
#include "real_agent.h"
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

namespace {

constexpr quint16 kHttpsPort = 8443;     // on the pair's own virtual address
constexpr quint16 kRedirectPort = 8080;
constexpr quint16 kCasHttpPort = 8080;   // on each mock CAS's own address
constexpr int kMaster = 0;
constexpr int kBackup = 1;
const QString kPassword = QStringLiteral("Paris-2026!");

// A node of the pair on the test's loopback subnet: .1 the master, .2 the
// backup, .10 the virtual address, .11 cas1 (cas2 at .12 is added by the test).
v1::ApplianceConfig nodeConfig(int node) {
  v1::ApplianceConfig c = defaultConfig();
  c.mutable_network()->set_hostname(node == kMaster ? "exlb-paris-a" : "exlb-paris-b");
  c.mutable_network()->set_address(loopbackAddress(node + 1).toStdString());
  c.mutable_network()->set_netmask("255.255.255.0");
  auto* ha = c.mutable_high_availability();
  ha->set_role(node == kMaster ? v1::HA_ROLE_MASTER : v1::HA_ROLE_BACKUP);
  ha->set_virtual_address(loopbackAddress(10).toStdString());
  ha->set_peer_address(loopbackAddress(node == kMaster ? 2 : 1).toStdString());
  ha->set_cluster_id(77);
  c.set_exchange_version(v1::EXCHANGE_VERSION_2013_OR_LATER);
  auto* cas = c.add_cas_servers();
  cas->set_address(loopbackAddress(11).toStdString());
  cas->set_name("cas1");
  cas->set_admin_state(v1::SERVER_ADMIN_STATE_READY);
  c.mutable_http()->set_host_name("mail.exlb.test");
  c.mutable_http()->set_virtual_https_port(kHttpsPort);
  c.mutable_http()->set_redirect_http_port(kRedirectPort);
  c.mutable_http()->set_cas_http_port(kCasHttpPort);
  c.mutable_rpc()->set_state(v1::TOGGLE_DISABLED);
  return c;
}

}  // namespace

class TstConsoleE2e final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  MockCas cas_[2];
  std::unique_ptr<RealAgent> agents_[2];
  std::unique_ptr<BackDoor> backDoor_[2];
  std::unique_ptr<ConsoleApp> app_;
  std::unique_ptr<MainWindow> window_;
  QString id_;

  ClusterSession* session() const { return app_->fleet()->session(id_); }
  RealAgent& agent(int node) { return *agents_[node]; }

  // Under a real X server (the Xvfb run) the picture is what the screen
  // shows; offscreen, what the widgets paint.
  void screenshot(const QString& name) {
    const QString dir = qEnvironmentVariable("EXLB_ARTIFACT_DIR", QStringLiteral(EXLB_ARTIFACT_DIR));
    QDir().mkpath(dir);
    QCoreApplication::processEvents();
    const QString path = QStringLiteral("%1/%2.png").arg(dir, name);
    QWidget* top = QApplication::activeModalWidget() ? QApplication::activeModalWidget() : window_.get();
    const bool x11 = QGuiApplication::platformName() == QLatin1String("xcb");
    const QPixmap shot = x11 && top->screen() ? top->screen()->grabWindow(top->winId()) : top->grab();
    QVERIFY2(!shot.isNull() && shot.save(path), qPrintable(path));
  }

  template <typename Dialog>
  Dialog* waitForDialog(int timeoutMs = 20000) {
    Dialog* found = nullptr;
    const bool seen = QTest::qWaitFor([&] {
      for (Dialog* d : window_->findChildren<Dialog*>()) {
        if (d->isVisible()) found = d;
      }
      return found != nullptr;
    }, timeoutMs);
    return seen ? found : nullptr;
  }

  // What another administrator sees on a node (connects on first use).
  BackDoor& backDoor(int node) {
    if (!backDoor_[node]) {
      backDoor_[node] = std::make_unique<BackDoor>(dir_.filePath(QStringLiteral("backdoor-%1.ini").arg(node)),
                                                   agent(node).endpoint(), kPassword);
      if (!backDoor_[node]->connect()) qWarning("the back door to node %d did not connect", node);
    }
    return *backDoor_[node];
  }

  // The pair model's row of (service, server), -1 when absent.
  static int healthRow(PairModel* model, const QString& server) {
    for (int r = 0; r < model->rowCount(); ++r) {
      if (model->index(r, 1).data().toString() == server) return r;
    }
    return -1;
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    dir_.setAutoRemove(qEnvironmentVariableIsEmpty("EXLB_KEEP_TEST_DIR"));
    for (int i = 0; i < 2; ++i) {
      QVERIFY2(cas_[i].start(QStringLiteral("cas%1").arg(i + 1), loopbackAddress(11 + i), kCasHttpPort,
                             dir_.filePath(QStringLiteral("cas%1.log").arg(i + 1))),
               "a mock CAS server starts (python3, tests/mocks)");
    }
    for (int node : {kMaster, kBackup}) {
      agents_[node] = std::make_unique<RealAgent>(dir_.filePath(QStringLiteral("node%1").arg(node)), loopbackAddress(node + 1));
      QVERIFY2(agents_[node]->start(nodeConfig(node)), qPrintable(agents_[node]->error()));
    }
    app_ = std::make_unique<ConsoleApp>(dir_.filePath(QStringLiteral("console.ini")), new MemoryCredentialStore);
    window_ = std::make_unique<MainWindow>(app_.get());
    window_->resize(1400, 900);
    window_->show();
  }

  void addTrustAndChangeTheFactoryPassword() {
    Cluster c;
    c.name = QStringLiteral("Paris");
    c.kind = Cluster::Kind::Pair;
    c.nodes = {agent(kMaster).endpoint(), agent(kBackup).endpoint()};
    QCOMPARE(app_->book()->add(c), QString());
    id_ = app_->book()->clusters().last().id;
    session()->setPassword(QStringLiteral("admin"));
    session()->start();
    window_->selectCluster(id_);

    for (int node = 0; node < 2; ++node) {
      TrustDialog* trust = waitForDialog<TrustDialog>();
      QVERIFY2(trust, "a first contact asks the admin to trust the certificate");
      if (node == 0) screenshot(QStringLiteral("trust-dialog"));
      trust->accept();  // hidden at once: the next wait finds the next node's
    }
    PasswordDialog* change = waitForDialog<PasswordDialog>();
    QVERIFY2(change, "the factory password must be changed");
    const auto edits = change->findChildren<QLineEdit*>();
    QCOMPARE(edits.size(), 2);
    for (QLineEdit* e : edits) e->setText(kPassword);
    change->accept();
    QTRY_VERIFY_WITH_TIMEOUT(session()->node(kMaster).online() && session()->node(kBackup).online(), 60000);
    QTRY_VERIFY_WITH_TIMEOUT(session()->node(kMaster).hasConfig && session()->node(kBackup).hasConfig, 20000);
    // The new password works on both nodes (another admin logs in with it).
    QVERIFY(backDoor(kMaster).running().has_value());
    QVERIFY(backDoor(kBackup).running().has_value());
  }

  void aChangedCertificateIsRefusedUntilTrustedAgain() {
    const CertificateInfo before = session()->connection(kBackup)->presentedCertificate();
    // The backup comes back with another certificate (a reinstalled node, or
    // someone in the middle): same address and port.
    const quint16 port = agent(kBackup).port();
    agent(kBackup).stop();
    QVERIFY(QFile::remove(agent(kBackup).dataDir() + QStringLiteral("/certs/default.pem")));
    QVERIFY2(agent(kBackup).start(nodeConfig(kBackup), port), qPrintable(agent(kBackup).error()));
    QTRY_COMPARE_WITH_TIMEOUT(session()->node(kBackup).state, AgentConnection::State::CertificateMismatch, 30000);
    TrustDialog* warning = waitForDialog<TrustDialog>();
    QVERIFY2(warning, "a changed certificate is shown with a warning");
    const CertificateInfo presented = session()->connection(kBackup)->presentedCertificate();
    QVERIFY(presented.sha256 != before.sha256);
    QString shown;
    for (QLabel* l : warning->findChildren<QLabel*>()) shown += l->text();
    QVERIFY2(shown.contains(presented.fingerprintText()) && shown.contains(before.fingerprintText()),
             "the warning shows the pinned and the presented fingerprints");
    screenshot(QStringLiteral("certificate-mismatch"));
    // It stays blocked: a retry does not get through on its own.
    session()->connection(kBackup)->start();
    QCOMPARE(session()->connection(kBackup)->state(), AgentConnection::State::CertificateMismatch);
    QVERIFY(!session()->node(kBackup).online());
    // Only a deliberate re-trust goes on.
    warning->accept();
    QTRY_VERIFY_WITH_TIMEOUT(session()->node(kBackup).online(), 30000);
    backDoor_[kBackup].reset();  // it trusted the old certificate
  }

  // Where the agents run pair operations themselves (pair API), pair them
  // as an administrator does (each node pins the other's pair-channel
  // certificate); the console then sends pair changes to one agent. Older
  // agents skip this and the console orchestrates the pair itself.
  void pairTheAgentsWhenTheyCan() {
    QString sha[2];
    for (int node : {kMaster, kBackup}) {
      const AgentReply identity = backDoor(node).call("GET", QStringLiteral("ha/identity"));
      if (identity.httpStatus == 404) QSKIP("these agents have no pair operations: the console orchestrates the pair itself");
      QVERIFY2(identity.ok(), qPrintable(identity.explanation()));
      sha[node] = QJsonDocument::fromJson(identity.body).object().value(QStringLiteral("certificate_sha256")).toString();
      QCOMPARE(sha[node].size(), 64);
    }
    const auto* pin = v1::HighAvailabilityConfig::descriptor()->FindFieldByName("peer_certificate_sha256");
    QVERIFY2(pin, "the agents have pair operations, the schema must have the peer's pin");
    for (int node : {kMaster, kBackup}) {
      const std::string other = sha[node == kMaster ? kBackup : kMaster].toStdString();
      QVERIFY(backDoor(node).change([&](v1::ApplianceConfig& c) {
        c.mutable_high_availability()->GetReflection()->SetString(c.mutable_high_availability(), pin, other);
      }));
    }
    QTRY_VERIFY_WITH_TIMEOUT(session()->pairOperator() >= 0, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(session()->node(kMaster).pair.peerReachable, 30000);
  }

  void overviewAndPairViewShowTheCluster() {
    QTRY_COMPARE_WITH_TIMEOUT(window_->overviewTable()->model()->index(0, OverviewModel::Nodes).data().toString(), QStringLiteral("2/2"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(window_->overviewTable()->model()->index(0, OverviewModel::Roles).data().toString(),
                              QStringLiteral("master / backup"), 20000);
    window_->tabs()->setCurrentWidget(window_->pairView());
    PairModel* health = window_->pairView()->healthModel();
    QTRY_VERIFY_WITH_TIMEOUT(healthRow(health, QStringLiteral("cas1")) >= 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(health->index(healthRow(health, QStringLiteral("cas1")), 2).data().toString(), QStringLiteral("up"), 20000);
    QVERIFY(!window_->heatMap()->rowLabels().isEmpty());
    screenshot(QStringLiteral("pair-view"));
    window_->tabs()->setCurrentIndex(0);
    screenshot(QStringLiteral("overview"));
  }

  void editCasServersWithProblemsCancelAndValidate() {
    ConfigEditor* editor = window_->configEditor();
    window_->tabs()->setCurrentWidget(editor);
    QCOMPARE(editor->editedNode(), kMaster);
    AreaPage* cas = editor->page(QStringLiteral("cas_servers"));
    editor->selectArea(QStringLiteral("cas_servers"));
    auto* address = qobject_cast<QLineEdit*>(cas->editor(QStringLiteral("cas_servers[1].address")));
    QVERIFY(address);
    const QString cas2 = loopbackAddress(12);
    const QString partial = cas2.left(cas2.lastIndexOf(QLatin1Char('.')) + 1);  // "127.a.b."
    QTest::keyClicks(address, partial);
    QVERIFY2(!cas->problemText(QStringLiteral("cas_servers[1].address")).isEmpty(), "the problem shows at its field as you type");
    QTest::keyClicks(address, QStringLiteral("12"));
    QCOMPARE(cas->problemText(QStringLiteral("cas_servers[1].address")), QString());
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
    QCOMPARE(host->text(), QStringLiteral("mail.exlb.test"));

    // Validate (✓) the CAS servers: they are what an apply sends.
    QTest::mouseClick(cas->validateButton(), Qt::LeftButton);
    QVERIFY(editor->staged()->isValidated(QStringLiteral("cas_servers")));
    const auto entries = ConfigEditor::describe(editor->planApply(true));
    QCOMPARE(entries.size(), 6);  // cas2's (address, name, ready) × 2 nodes
  }

  void applyToThePairChangesBothNodes() {
    ConfigEditor* editor = window_->configEditor();
    QSignalSpy finished(editor, &ConfigEditor::applyFinished);
    QVERIFY(editor->startApply(editor->planApply(true)));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    for (int node : {kMaster, kBackup}) {
      const auto running = backDoor(node).running();
      QVERIFY(running);
      QCOMPARE(running->cas_servers_size(), 2);
      QCOMPARE(QString::fromStdString(running->cas_servers(1).address()), loopbackAddress(12));
      // Each node keeps its own identity.
      QCOMPARE(QString::fromStdString(running->network().address()), loopbackAddress(node + 1));
      QCOMPARE(running->high_availability().role(), node == kMaster ? v1::HA_ROLE_MASTER : v1::HA_ROLE_BACKUP);
    }
    // HAProxy on both nodes checks the new server.
    PairModel* health = window_->pairView()->healthModel();
    QTRY_VERIFY_WITH_TIMEOUT(healthRow(health, QStringLiteral("cas2")) >= 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(health->index(healthRow(health, QStringLiteral("cas2")), 2).data().toString(), QStringLiteral("up"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(health->index(healthRow(health, QStringLiteral("cas2")), 4).data().toString(), QStringLiteral("up"), 20000);
  }

  void aRefusedApplyPutsTheFirstNodeBack() {
    // A certificate only the backup has: the backup (changed first) accepts a
    // change naming it, the master refuses it, the backup is put back.
    v1::SelfSignedCertificateRequest make;
    make.set_id("paris-only-b");
    make.set_host_name("mail.exlb.test");
    const AgentReply made = backDoor(kBackup).call("POST", QStringLiteral("certificates/self-signed"), encodeJsonMessage(make));
    QVERIFY2(made.ok(), qPrintable(made.explanation()));

    ConfigEditor* editor = window_->configEditor();
    QTRY_VERIFY_WITH_TIMEOUT(!editor->staged()->hasPendingChanges(), 20000);
    editor->staged()->setValue(QStringLiteral("http.certificate"), QStringLiteral("paris-only-b"));
    QVERIFY(editor->staged()->validateArea(QStringLiteral("http")).isEmpty());
    QSignalSpy finished(editor, &ConfigEditor::applyFinished);
    QVERIFY(editor->startApply(editor->planApply(true)));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 60000);
    QVERIFY2(!finished.at(0).at(0).toBool(), "the master refuses a certificate it does not have");
    for (int node : {kMaster, kBackup}) {
      const auto running = backDoor(node).running();
      QVERIFY(running);
      QCOMPARE(running->http().certificate(), std::string("default"));
    }
    editor->staged()->cancelArea(QStringLiteral("http"));
  }

  void driftAppearsAndBringInLineRemovesIt() {
    PairView* pair = window_->pairView();
    QTRY_COMPARE_WITH_TIMEOUT(pair->driftModel()->rowCount(), 0, 20000);
    QVERIFY(backDoor(kBackup).change([](v1::ApplianceConfig& c) { c.mutable_http()->set_timeout_seconds(300); }));
    QTRY_COMPARE_WITH_TIMEOUT(pair->driftModel()->rowCount(), 1, 20000);
    QCOMPARE(pair->driftModel()->index(0, PendingChangesModel::Field).data().toString(), QStringLiteral("http.timeout_seconds"));
    window_->tabs()->setCurrentWidget(pair);
    screenshot(QStringLiteral("pair-view-drift"));
    QVERIFY(pair->bringInLine());
    QTRY_COMPARE_WITH_TIMEOUT(pair->driftModel()->rowCount(), 0, 30000);
    const auto backup = backDoor(kBackup).running();
    QVERIFY(backup);
    QCOMPARE(backup->http().timeout_seconds(), nodeConfig(kMaster).http().timeout_seconds());
  }

  void aServersHealthChangesLive() {
    PairModel* health = window_->pairView()->healthModel();
    const int row = healthRow(health, QStringLiteral("cas2"));
    QVERIFY(row >= 0);
    cas_[1].kill();  // cas2 dies
    QTRY_COMPARE_WITH_TIMEOUT(health->index(healthRow(health, QStringLiteral("cas2")), 2).data().toString(), QStringLiteral("down"), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(health->index(healthRow(health, QStringLiteral("cas2")), 4).data().toString(), QStringLiteral("down"), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(window_->overviewTable()->model()->index(0, OverviewModel::ServersDown).data().toInt() >= 1, 20000);
    QCOMPARE(health->index(healthRow(health, QStringLiteral("cas1")), 2).data().toString(), QStringLiteral("up"));
    window_->tabs()->setCurrentWidget(window_->pairView());
    screenshot(QStringLiteral("pair-view-server-down"));
  }

  void cleanupTestCase() {
    window_.reset();
    app_.reset();
    for (auto& b : backDoor_) b.reset();
    for (auto& a : agents_) {
      if (a) a->stop();
    }
    for (MockCas& m : cas_) m.kill();
  }
};

QTEST_MAIN(TstConsoleE2e)
#include "tst_console_e2e.moc"
