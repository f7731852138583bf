// The address book: entries that make sense, kept across runs, exported and
// imported as JSON without passwords, and a well-behaved list model.
#include <QAbstractItemModelTester>
#include <QTemporaryDir>
#include <QtTest>

#include "model/cluster_book.h"
#include "model/credential_store.h"

using namespace exlb::console;

namespace {
Cluster pair(const QString& name) {
  Cluster c;
  c.name = name;
  c.kind = Cluster::Kind::Pair;
  c.nodes = {{QStringLiteral("192.168.0.200"), 4444}, {QStringLiteral("192.168.0.201"), 4444}};
  return c;
}
}  // namespace

class TstClusterBook final : public QObject {
  Q_OBJECT

 private slots:
  void addEditRemoveSurviveARestart() {
    QTemporaryDir dir;
    const QString file = dir.filePath(QStringLiteral("console.ini"));
    QString id;
    {
      ClusterBook book(file);
      QAbstractItemModelTester tester(&book, QAbstractItemModelTester::FailureReportingMode::QtTest);
      QCOMPARE(book.add(pair(QStringLiteral("Paris"))), QString());
      QCOMPARE(book.add(pair(QStringLiteral("Lyon"))), QString());
      id = book.clusters().first().id;
      Cluster renamed = book.clusters().first();
      renamed.name = QStringLiteral("Paris DC1");
      QCOMPARE(book.update(renamed), QString());
      book.remove(book.clusters().last().id);
    }
    ClusterBook again(file);
    QCOMPARE(again.rowCount(), 1);
    QCOMPARE(again.clusters().first().id, id);
    QCOMPARE(again.data(again.index(0)).toString(), QStringLiteral("Paris DC1"));
  }

  void refusesEntriesThatCannotWork() {
    QTemporaryDir dir;
    ClusterBook book(dir.filePath(QStringLiteral("c.ini")));
    Cluster c = pair(QStringLiteral("Paris"));
    c.nodes.removeLast();
    QVERIFY(!book.add(c).isEmpty());
    c = pair(QStringLiteral("Paris"));
    c.nodes[1] = c.nodes[0];
    QVERIFY(!book.add(c).isEmpty());
    c = pair(QStringLiteral("Paris"));
    c.nodes[0].host = QStringLiteral("bad host; rm -rf");
    QVERIFY(!book.add(c).isEmpty());
    QCOMPARE(book.add(pair(QStringLiteral("Paris"))), QString());
    QVERIFY2(!book.add(pair(QStringLiteral("paris"))).isEmpty(), "names are unique, whatever the case");
    QCOMPARE(book.rowCount(), 1);
  }

  void exportThenImportRoundTripsWithoutPasswords() {
    QTemporaryDir dir;
    ClusterBook book(dir.filePath(QStringLiteral("a.ini")));
    book.add(pair(QStringLiteral("Paris")));
    Cluster solo;
    solo.name = QStringLiteral("Lab");
    solo.nodes = {{QStringLiteral("127.0.0.1"), 14444}};
    book.add(solo);
    const QByteArray json = book.exportJson();
    QVERIFY(!json.contains("password"));
    ClusterBook other(dir.filePath(QStringLiteral("b.ini")));
    QStringList problems;
    QCOMPARE(other.importJson(json, &problems), 2);
    QVERIFY(problems.isEmpty());
    QCOMPARE(other.clusters()[1].nodes[0].port, quint16(14444));
    QCOMPARE(other.importJson(json, &problems), 0);
    QCOMPARE(problems.size(), 2);
  }

  void importRefusesGarbage() {
    QTemporaryDir dir;
    ClusterBook book(dir.filePath(QStringLiteral("a.ini")));
    QStringList problems;
    QCOMPARE(book.importJson("not json at all", &problems), 0);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(book.importJson(QByteArray(5 * 1024 * 1024, '{'), &problems), 0);
    QCOMPARE(book.importJson(R"({"clusters":[{"name":"x","kind":"pair","nodes":[{"host":"a","port":99999}]}]})", &problems), 0);
  }

  void memoryCredentialsAreNotPersistent() {
    MemoryCredentialStore store;
    store.write(QStringLiteral("k"), QStringLiteral("secret"));
    QString read;
    store.read(QStringLiteral("k"), [&read](const QString& p) { read = p; });
    QCOMPARE(read, QStringLiteral("secret"));
    QVERIFY(!store.persistent());
  }
};

QTEST_GUILESS_MAIN(TstClusterBook)
#include "tst_cluster_book.moc"
