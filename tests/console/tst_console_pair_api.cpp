// A pair whose agents run pair operations themselves (pair.md's API, served
// by two fake agents that know each other): the console asks one agent and
// never changes the other node itself — apply to both nodes is one
// PUT pair/config/running, "bring in line" is one POST pair/sync, a refusal
// by the peer shows at its field and leaves both nodes as they were — and
// the agents' alarms show on the node cards, and a planned handover is one
// POST ha/handover to the node whose card offers it. Older agents (no pair
// routes) keep the console's own orchestration and offer no handover.
#include <QLabel>
#include <QPushButton>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "exlb/common/defaults.h"
#include "fake_agent.h"
#include "model/cluster_session.h"
#include "model/credential_store.h"
#include "net/trust_store.h"
#include "ui/area_page.h"
#include "ui/config_editor.h"
#include "ui/pair_view.h"

using namespace exlb;
using namespace exlb::console;
using namespace exlb::console::test;

class TstConsolePairApi final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  std::unique_ptr<FakeAgent> master_;
  std::unique_ptr<FakeAgent> backup_;
  std::unique_ptr<TrustStore> trust_;
  std::unique_ptr<MemoryCredentialStore> credentials_;
  std::unique_ptr<ClusterSession> session_;

  void startPair(bool pairApi) {
    const Identity m = Identity::generate(dir_.path(), QStringLiteral("exlb-m"));
    const Identity b = Identity::generate(dir_.path(), QStringLiteral("exlb-b"));
    master_ = std::make_unique<FakeAgent>(m);
    backup_ = std::make_unique<FakeAgent>(b);
    v1::ApplianceConfig mc = defaultConfig();
    mc.mutable_high_availability()->set_role(v1::HA_ROLE_MASTER);
    mc.mutable_high_availability()->set_virtual_address("192.168.0.253");
    v1::ApplianceConfig bc = mc;
    bc.mutable_high_availability()->set_role(v1::HA_ROLE_BACKUP);
    bc.mutable_network()->set_address("192.168.0.201");
    master_->replaceConfig(mc);
    backup_->replaceConfig(bc);
    master_->setStatus(sampleStatus(QStringLiteral("m"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")}));
    backup_->setStatus(sampleStatus(QStringLiteral("b"), v1::VRRP_ROLE_BACKUP, {QStringLiteral("cas1")}));
    if (pairApi) {
      master_->setPeer(backup_.get());
      backup_->setPeer(master_.get());
    }
    for (FakeAgent* a : {master_.get(), backup_.get()}) {
      a->setPassword(QStringLiteral("s3cret-pass"), false);
      QVERIFY(a->listen());
    }
    trust_ = std::make_unique<TrustStore>(dir_.filePath(QStringLiteral("trust-%1.ini").arg(pairApi)));
    trust_->pin(AgentEndpoint{QStringLiteral("127.0.0.1"), master_->port()}.key(), m.certificate);
    trust_->pin(AgentEndpoint{QStringLiteral("127.0.0.1"), backup_->port()}.key(), b.certificate);
    credentials_ = std::make_unique<MemoryCredentialStore>();
    Cluster c;
    c.id = QStringLiteral("paris");
    c.name = QStringLiteral("Paris");
    c.kind = Cluster::Kind::Pair;
    c.user = QStringLiteral("admin");
    c.nodes = {{QStringLiteral("127.0.0.1"), master_->port()}, {QStringLiteral("127.0.0.1"), backup_->port()}};
    session_ = std::make_unique<ClusterSession>(c, trust_.get(), credentials_.get());
    session_->setPassword(QStringLiteral("s3cret-pass"));
    QTRY_VERIFY2_WITH_TIMEOUT(session_->node(0).hasConfig && session_->node(1).hasConfig,
                              qPrintable(session_->node(0).lastError + QLatin1Char('|') + session_->node(1).lastError), 15000);
    const auto expected = pairApi ? NodeView::PairApi::Present : NodeView::PairApi::Absent;
    QTRY_VERIFY_WITH_TIMEOUT(session_->node(0).pairApi == expected && session_->node(1).pairApi == expected, 15000);
  }

 private slots:
  void initTestCase() { QVERIFY(dir_.isValid()); }

  void applyToBothIsOneRequestToTheAgent() {
    startPair(true);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(session_->pairOperator(), 0);
    ConfigEditor editor;
    editor.setSession(session_.get());
    QCOMPARE(editor.editedNode(), 0);
    QVERIFY(editor.staged()->setValue(QStringLiteral("http.timeout_seconds"), QStringLiteral("90")));
    QVERIFY(editor.staged()->validateArea(QStringLiteral("http")).isEmpty());
    QSignalSpy finished(&editor, &ConfigEditor::applyFinished);
    PairApply* op = editor.startApply(editor.planApply(true));
    QVERIFY(op);
    QCOMPARE(op->mode(), PairApply::Mode::AgentApply);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(master_->pairPuts(), 1);
    QCOMPARE(master_->puts(), 0);
    QCOMPARE(backup_->puts(), 0);  // the console never changed the backup itself
    QCOMPARE(backup_->config().http().timeout_seconds(), 90u);
    QCOMPARE(backup_->config().network().address(), std::string("192.168.0.201"));
    QCOMPARE(backup_->config().high_availability().role(), v1::HA_ROLE_BACKUP);
  }

  void aRefusalByThePeerShowsAtItsFieldAndChangesNothing() {
    // Edit from what the master runs now (the previous apply moved it).
    QTRY_COMPARE_WITH_TIMEOUT(session_->node(0).runningEtag, master_->etag().toUtf8(), 10000);
    ConfigEditor editor;
    editor.setSession(session_.get());
    QTRY_VERIFY_WITH_TIMEOUT(editor.staged()->hasBase(), 10000);
    QVERIFY(editor.staged()->setValue(QStringLiteral("rpc.timeout_seconds"), QStringLiteral("120")));
    QVERIFY(editor.staged()->validateArea(QStringLiteral("rpc")).isEmpty());
    backup_->refuseNextPut(QStringLiteral("rpc.timeout_seconds"), QStringLiteral("The engine refused this timeout."));
    QSignalSpy finished(&editor, &ConfigEditor::applyFinished);
    QVERIFY(editor.startApply(editor.planApply(true)));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    QVERIFY(!finished.at(0).at(0).toBool());
    QVERIFY2(finished.at(0).at(1).toString().contains(QStringLiteral("Both nodes keep")), qPrintable(finished.at(0).at(1).toString()));
    QCOMPARE(master_->config().rpc().timeout_seconds(), defaultConfig().rpc().timeout_seconds());
    QCOMPARE(backup_->config().rpc().timeout_seconds(), defaultConfig().rpc().timeout_seconds());
    QVERIFY2(editor.page(QStringLiteral("rpc"))->problemText(QStringLiteral("rpc.timeout_seconds")).contains(QStringLiteral("peer")),
             "the peer's refusal shows at its field");
  }

  void bringInLineIsOnePairSync() {
    PairView view;
    view.setSession(session_.get());
    QTRY_COMPARE_WITH_TIMEOUT(view.driftModel()->rowCount(), 0, 10000);
    v1::ApplianceConfig changed = backup_->config();
    changed.mutable_smtp()->set_timeout_seconds(300);
    backup_->replaceConfig(changed);  // behind the console's back
    QTRY_COMPARE_WITH_TIMEOUT(view.driftModel()->rowCount(), 1, 10000);
    PairApply* op = view.bringInLine();
    QVERIFY(op);
    QCOMPARE(op->mode(), PairApply::Mode::AgentSync);
    QTRY_COMPARE_WITH_TIMEOUT(view.driftModel()->rowCount(), 0, 10000);
    QCOMPARE(master_->pairSyncs(), 1);
    QCOMPARE(backup_->puts(), 0);
    QCOMPARE(backup_->config().smtp().timeout_seconds(), master_->config().smtp().timeout_seconds());
  }

  void theAgentsAlarmsShowOnTheNodeCards() {
    PairView view;
    view.setSession(session_.get());
    v1::NodeStatus s = sampleStatus(QStringLiteral("m"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")});
    auto* alarm = s.add_alarms();
    alarm->set_code("peer-unreachable");
    alarm->set_severity(v1::ALARM_SEVERITY_WARNING);
    alarm->set_message("The peer has not answered for 2 s.");
    master_->setStatus(s);
    const auto cardsText = [&view] {
      QString all;
      for (QLabel* l : view.findChildren<QLabel*>()) all += l->text();
      return all;
    };
    QTRY_VERIFY_WITH_TIMEOUT(cardsText().contains(QStringLiteral("peer-unreachable")), 10000);
    QVERIFY(cardsText().contains(QStringLiteral("has not answered")));
  }

  // A node whose agent runs the VRRP filter shows how many adverts from
  // strangers it dropped, and connections to the replication port when there
  // were any; a node without the filter shows no such line.
  void theVrrpFilterCountersShowOnTheNodeCard() {
    PairView view;
    view.setSession(session_.get());
    v1::NodeStatus s = sampleStatus(QStringLiteral("m"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")});
    s.mutable_vrrp_filter()->set_peer_adverts(1200);
    s.mutable_vrrp_filter()->set_dropped_adverts(37);
    s.set_stick_replication(v1::STICK_REPLICATION_TLS);
    master_->setStatus(s);
    v1::NodeStatus quiet = sampleStatus(QStringLiteral("b"), v1::VRRP_ROLE_BACKUP, {QStringLiteral("cas1")});
    quiet.mutable_vrrp_filter()->set_peer_adverts(5);
    quiet.mutable_vrrp_filter()->set_dropped_replication(0);
    quiet.set_stick_replication(v1::STICK_REPLICATION_CLEAR);
    backup_->setStatus(quiet);
    const auto card = [&view](int i) {
      auto* label = view.findChild<QLabel*>(QStringLiteral("card-%1").arg(i));
      return label ? label->text() : QString();
    };
    QTRY_VERIFY2_WITH_TIMEOUT(card(0).contains(QStringLiteral("VRRP from others dropped: 37")),
                              qPrintable(card(0)), 10000);
    QVERIFY(card(0).contains(QStringLiteral("accepted: 1200")));
    QTRY_VERIFY2_WITH_TIMEOUT(card(1).contains(QStringLiteral("accepted: 5")), qPrintable(card(1)), 10000);
    QVERIFY2(!card(1).contains(QStringLiteral("replication")), qPrintable(card(1)));
    QVERIFY2(card(0).contains(QStringLiteral("Persistence shared with the peer over TLS")), qPrintable(card(0)));
    QVERIFY2(card(1).contains(QStringLiteral("in clear text")), qPrintable(card(1)));
    // Someone knocks on the replication port of the master.
    s.mutable_vrrp_filter()->set_dropped_replication(4);
    master_->setStatus(s);
    QTRY_VERIFY2_WITH_TIMEOUT(
        card(0).contains(QStringLiteral("Stick-table replication from others dropped: 4")),
        qPrintable(card(0)), 10000);
    // Without the filter: no counter line at all.
    backup_->setStatus(sampleStatus(QStringLiteral("b"), v1::VRRP_ROLE_BACKUP, {QStringLiteral("cas1")}));
    QTRY_VERIFY2_WITH_TIMEOUT(!card(1).contains(QStringLiteral("VRRP from others")), qPrintable(card(1)),
                              10000);
    QVERIFY2(!card(1).contains(QStringLiteral("Persistence shared")), qPrintable(card(1)));
  }

  void aPlannedHandoverMovesTheAddressAndTheCardsFollow() {
    PairView view;
    view.setSession(session_.get());
    auto* first = view.findChild<QPushButton*>(QStringLiteral("handover-0"));
    auto* second = view.findChild<QPushButton*>(QStringLiteral("handover-1"));
    QVERIFY(first && second);
    QTRY_VERIFY_WITH_TIMEOUT(!first->isHidden() && first->text() == QStringLiteral("Hand over") &&
                                 !second->isHidden() && second->text() == QStringLiteral("Take over"),
                             10000);
    QSignalSpy said(&view, &PairView::message);

    // The peer does not take over: the admin reads the agent's reason, and
    // nothing moved.
    master_->failNextHandover(QStringLiteral("The peer did not take the address within 2 s; this node holds it again."));
    QVERIFY(view.handOver(0));
    QVERIFY2(!first->isEnabled(), "no second handover while one runs");
    QTRY_COMPARE_WITH_TIMEOUT(said.count(), 1, 10000);
    QVERIFY2(said.at(0).at(0).toString().contains(QStringLiteral("did not take the address")), qPrintable(said.at(0).at(0).toString()));
    QCOMPARE(master_->status().vrrp_role(), v1::VRRP_ROLE_MASTER);
    QCOMPARE(backup_->status().vrrp_role(), v1::VRRP_ROLE_BACKUP);

    // The holder hands the address over; both cards follow the new roles.
    QTRY_VERIFY_WITH_TIMEOUT(first->isEnabled(), 10000);
    QVERIFY(view.handOver(0));
    QTRY_COMPARE_WITH_TIMEOUT(said.count(), 2, 10000);
    QVERIFY2(said.at(1).at(0).toString().contains(QStringLiteral("handed the virtual address")), qPrintable(said.at(1).at(0).toString()));
    QCOMPARE(master_->handovers(), 1);
    QCOMPARE(backup_->status().vrrp_role(), v1::VRRP_ROLE_MASTER);
    QTRY_VERIFY_WITH_TIMEOUT(first->text() == QStringLiteral("Take over") && second->text() == QStringLiteral("Hand over"), 10000);
    // The configured master, now backup, says when it takes the address back.
    const QDateTime due = QDateTime::currentDateTime().addSecs(15);
    master_->setFailbackDue(due.toMSecsSinceEpoch());
    session_->refreshPairStatus(0);
    const QString dueText = QStringLiteral("back at %1").arg(due.toString(QStringLiteral("HH:mm:ss")));
    const auto cardsText = [&view] {
      QString all;
      for (QLabel* l : view.findChildren<QLabel*>()) all += l->text();
      return all;
    };
    QTRY_VERIFY2_WITH_TIMEOUT(cardsText().contains(dueText), qPrintable(cardsText()), 10000);
    master_->setFailbackDue(0);

    // The configured master takes it back from its own card.
    QVERIFY(view.handOver(0));
    QTRY_COMPARE_WITH_TIMEOUT(said.count(), 3, 10000);
    QVERIFY2(said.at(2).at(0).toString().contains(QStringLiteral("took the virtual address")), qPrintable(said.at(2).at(0).toString()));
    QCOMPARE(master_->handovers(), 2);
    QCOMPARE(backup_->handovers(), 0);  // the console asked one node each time
    QCOMPARE(master_->status().vrrp_role(), v1::VRRP_ROLE_MASTER);
    QTRY_VERIFY_WITH_TIMEOUT(first->text() == QStringLiteral("Hand over") && second->text() == QStringLiteral("Take over"), 10000);
  }

  void olderAgentsKeepTheConsolesOrchestration() {
    startPair(false);
    if (QTest::currentTestFailed()) return;
    QCOMPARE(session_->pairOperator(), -1);
    ConfigEditor editor;
    editor.setSession(session_.get());
    QVERIFY(editor.staged()->setValue(QStringLiteral("http.timeout_seconds"), QStringLiteral("91")));
    QVERIFY(editor.staged()->validateArea(QStringLiteral("http")).isEmpty());
    QSignalSpy finished(&editor, &ConfigEditor::applyFinished);
    PairApply* op = editor.startApply(editor.planApply(true));
    QVERIFY(op);
    QCOMPARE(op->mode(), PairApply::Mode::Orchestrate);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 15000);
    QVERIFY(finished.at(0).at(0).toBool());
    QCOMPARE(master_->puts(), 1);
    QCOMPARE(backup_->puts(), 1);
    // Without the agents' pair operations there is no handover to offer.
    PairView view;
    view.setSession(session_.get());
    for (QPushButton* b : view.findChildren<QPushButton*>(QRegularExpression(QStringLiteral("^handover-")))) {
      QVERIFY2(b->isHidden(), qPrintable(b->objectName()));
    }
    QCOMPARE(view.handOver(0), false);
  }
};

QTEST_MAIN(TstConsolePairApi)
#include "tst_console_pair_api.moc"
