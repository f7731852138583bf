// The overview, pair and pending-changes models: worst problem first,
// health per server per node, drift, and well-behaved models throughout.
#include <QAbstractItemModelTester>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QtTest>

#include "exlb/common/defaults.h"
#include "fake_agent.h"
#include "model/cluster_book.h"
#include "model/cluster_health.h"
#include "model/credential_store.h"
#include "model/fleet.h"
#include "model/overview_model.h"
#include "model/pair_model.h"
#include "model/pending_changes_model.h"
#include "net/trust_store.h"

using namespace exlb;
using namespace exlb::console;
using exlb::console::test::sampleStatus;

namespace {
NodeView onlineNode(const QString& host, v1::VrrpRole role, const QStringList& servers) {
  NodeView v;
  v.endpoint = {host, 4444};
  v.state = AgentConnection::State::Online;
  v.hasStatus = true;
  v.status = sampleStatus(host, role, servers);
  v.hasConfig = true;
  v.running = defaultConfig();
  return v;
}
}  // namespace

class TstConsoleModels final : public QObject {
  Q_OBJECT

 private slots:
  void healthyPairHasNoFinding() {
    const ClusterHealth h = summarizeCluster({onlineNode(QStringLiteral("a"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")}),
                                              onlineNode(QStringLiteral("b"), v1::VRRP_ROLE_BACKUP, {QStringLiteral("cas1")})},
                                             true);
    QCOMPARE(h.level, ClusterHealth::Ok);
    QCOMPARE(h.nodesUp, 2);
    QCOMPARE(h.roles, (QStringList{QStringLiteral("master"), QStringLiteral("backup")}));
    QCOMPARE(h.servicesUp, 4);
  }

  void splitBrainIsTheWorstProblemOfAReachablePair() {
    NodeView a = onlineNode(QStringLiteral("a"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")});
    NodeView b = onlineNode(QStringLiteral("b"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")});
    b.status.mutable_services(0)->mutable_servers(0)->set_health(v1::SERVER_HEALTH_DOWN);
    b.running.mutable_http()->set_timeout_seconds(99);
    const ClusterHealth h = summarizeCluster({a, b}, true);
    QVERIFY(h.splitBrain);
    QCOMPARE(h.level, ClusterHealth::Critical);
    QVERIFY(h.worst.contains(QStringLiteral("split brain")));
    QCOMPARE(h.serversDown, 1);
    QCOMPARE(h.driftFields, 1);
  }

  void unreachableNodeIsCritical() {
    NodeView a = onlineNode(QStringLiteral("a"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")});
    NodeView b = a;
    b.endpoint.host = QStringLiteral("b");
    b.state = AgentConnection::State::Reconnecting;
    const ClusterHealth h = summarizeCluster({a, b}, true);
    QCOMPARE(h.nodesUp, 1);
    QCOMPARE(h.level, ClusterHealth::Critical);
    QVERIFY(h.worst.contains(QStringLiteral("b unreachable")));
  }

  void overviewSortsTheWorstFirstAndPassesTheModelTester() {
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("c.ini"));
    ClusterBook book(ini);
    TrustStore trust(ini);
    MemoryCredentialStore credentials;
    Fleet fleet(&book, &trust, &credentials);
    OverviewModel model(&fleet);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(OverviewModel::SortRole);
    proxy.sort(OverviewModel::Health, Qt::DescendingOrder);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    for (const char* name : {"Calm", "Broken"}) {
      Cluster c;
      c.name = QString::fromLatin1(name);
      c.nodes = {{QStringLiteral("127.0.0.1"), static_cast<quint16>(name[0] == 'C' ? 1 : 2)}};
      QCOMPARE(book.add(c), QString());
    }
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(OverviewModel::ColumnCount));
    // Both are unreachable (never started): same level; now make "Calm" healthy.
    ClusterSession* calm = fleet.session(book.clusters()[0].id);
    QVERIFY(calm);
    QMetaObject::invokeMethod(calm->connection(0), [&] {
      emit calm->connection(0)->stateChanged(AgentConnection::State::Online);
      emit calm->connection(0)->statusReceived(sampleStatus(QStringLiteral("calm"), v1::VRRP_ROLE_DISABLED, {QStringLiteral("cas1")}));
    });
    QCOMPARE(proxy.index(0, OverviewModel::Name).data().toString(), QStringLiteral("Broken"));
    QCOMPARE(proxy.index(1, OverviewModel::Health).data().toString(), QStringLiteral("healthy"));
    book.remove(book.clusters()[1].id);
    QCOMPARE(model.rowCount(), 1);
  }

  void pairModelShowsEveryServerPerNode() {
    QTemporaryDir dir;
    const QString ini = dir.filePath(QStringLiteral("c.ini"));
    ClusterBook book(ini);
    TrustStore trust(ini);
    MemoryCredentialStore credentials;
    Fleet fleet(&book, &trust, &credentials);
    Cluster c;
    c.name = QStringLiteral("Pair");
    c.kind = Cluster::Kind::Pair;
    c.nodes = {{QStringLiteral("127.0.0.1"), 1}, {QStringLiteral("127.0.0.2"), 1}};
    QCOMPARE(book.add(c), QString());
    ClusterSession* s = fleet.session(book.clusters()[0].id);
    PairModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSession(s);
    QCOMPARE(model.rowCount(), 0);
    emit s->connection(0)->statusReceived(sampleStatus(QStringLiteral("a"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1"), QStringLiteral("cas2")}));
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(model.columnCount(), 6);
    QCOMPARE(model.index(0, 4).data().toString(), QStringLiteral("–"));  // node b has said nothing yet
    v1::NodeStatus b = sampleStatus(QStringLiteral("b"), v1::VRRP_ROLE_BACKUP, {QStringLiteral("cas1"), QStringLiteral("cas2")});
    b.mutable_services(0)->mutable_servers(1)->set_health(v1::SERVER_HEALTH_DOWN);
    emit s->connection(1)->statusReceived(b);
    QCOMPARE(model.rowCount(), 8);
    QCOMPARE(model.index(1, 1).data().toString(), QStringLiteral("cas2"));
    QCOMPARE(model.index(1, 2).data().toString(), QStringLiteral("up"));
    QCOMPARE(model.index(1, 4).data().toString(), QStringLiteral("down"));
    QCOMPARE(model.index(1, 4).data(PairModel::HealthRole).toInt(), int(v1::SERVER_HEALTH_DOWN));
    model.setSession(nullptr);
    QCOMPARE(model.rowCount(), 0);
  }

  void pendingChangesModelListsEachField() {
    PendingChangesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setEntries({{QStringLiteral("a"), {QStringLiteral("rpc.timeout_seconds"), QStringLiteral("25"), QStringLiteral("90")}},
                      {QStringLiteral("b"), {QStringLiteral("cas_servers[0].address"), QString(), QStringLiteral("10.0.0.15")}}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, PendingChangesModel::Current).data().toString(), QStringLiteral("(empty)"));
    QCOMPARE(model.index(0, PendingChangesModel::New).data().toString(), QStringLiteral("90"));
  }

  void historyKeepsAnHourAndBoundsWhatAnAgentCanGrow() {
    SessionHistory h;
    const qint64 t0 = 1'000'000'000;
    v1::NodeStatus s = sampleStatus(QStringLiteral("a"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")});
    for (int i = 0; i < 4000; ++i) h.record(s, t0 + i * 1000LL);
    QVERIFY(h.samples(QStringLiteral("owa")).size() <= SessionHistory::kMaxSamples);
    QVERIFY(h.samples(QStringLiteral("owa")).first().timeMs >= t0 + 3999 * 1000LL - SessionHistory::kWindowMs);
    for (int i = 0; i < 200; ++i) s.add_services()->set_name(QStringLiteral("svc%1").arg(i).toStdString());
    h.record(s, t0 + 5'000'000);
    QVERIFY(h.services().size() <= 64);
    h.recordGap(t0 + 4'900'000, t0 + 4'950'000);
    QCOMPARE(h.gaps().size(), 1);
  }
};

QTEST_MAIN(TstConsoleModels)
#include "tst_console_models.moc"
