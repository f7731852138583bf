// Field paths over the configuration: the one name a page, a problem and a
// pending change share.
#include <QtTest>

#include "exlb/common/defaults.h"
#include "model/config_fields.h"

using namespace exlb;
using namespace exlb::console;

class TstConfigFields final : public QObject {
  Q_OBJECT

 private slots:
  void readsAndWritesNestedFields() {
    v1::ApplianceConfig c = defaultConfig();
    QCOMPARE(fieldText(c, QStringLiteral("http.virtual_https_port")), QStringLiteral("443"));
    QCOMPARE(fieldText(c, QStringLiteral("http.mode")), QStringLiteral("HTTP_MODE_SSL_OFFLOAD"));
    QVERIFY(setFieldText(c, QStringLiteral("http.applications.activesync"), QStringLiteral("TOGGLE_DISABLED")));
    QCOMPARE(c.http().applications().activesync(), v1::TOGGLE_DISABLED);
    QVERIFY(setFieldText(c, QStringLiteral("cas_servers[2].address"), QStringLiteral("10.0.0.17")));
    QCOMPARE(c.cas_servers_size(), 3);
    QCOMPARE(fieldText(c, QStringLiteral("cas_servers[2].address")), QStringLiteral("10.0.0.17"));
  }

  void refusesBadPathsAndValuesWithoutChangingAnything() {
    v1::ApplianceConfig c = defaultConfig();
    const v1::ApplianceConfig before = c;
    QString error;
    QVERIFY(!setFieldText(c, QStringLiteral("http.nope"), QStringLiteral("1"), &error));
    QVERIFY(!error.isEmpty());
    QVERIFY(!setFieldText(c, QStringLiteral("http.mode"), QStringLiteral("HTTP_MODE_TURBO"), &error));
    QVERIFY(!setFieldText(c, QStringLiteral("http.virtual_https_port"), QStringLiteral("-1"), &error));
    QVERIFY(!setFieldText(c, QStringLiteral("cas_servers[9999].address"), QStringLiteral("x"), &error));
    QVERIFY(diffConfigs(before, c).isEmpty());
  }

  void diffListsEveryChangedLeaf() {
    const v1::ApplianceConfig a = defaultConfig();
    v1::ApplianceConfig b = a;
    b.mutable_rpc()->set_client_access_port(59600);
    auto* cas = b.add_cas_servers();
    cas->set_address("10.0.0.15");
    const QList<FieldChange> changes = diffConfigs(a, b);
    QVERIFY(changes.contains(FieldChange{QStringLiteral("rpc.client_access_port"), QStringLiteral("60000"), QStringLiteral("59600")}));
    QVERIFY(changes.contains(FieldChange{QStringLiteral("cas_servers[0].address"), QString(), QStringLiteral("10.0.0.15")}));
  }

  void driftIgnoresWhatBelongsToOneNode() {
    v1::ApplianceConfig master = defaultConfig();
    master.mutable_high_availability()->set_role(v1::HA_ROLE_MASTER);
    v1::ApplianceConfig backup = master;
    backup.mutable_high_availability()->set_role(v1::HA_ROLE_BACKUP);
    backup.mutable_network()->set_address("192.168.0.201");
    QVERIFY(diffConfigs(master, backup, nodeSpecificPrefixes()).isEmpty());
    backup.mutable_http()->set_timeout_seconds(60);
    QCOMPARE(diffConfigs(master, backup, nodeSpecificPrefixes()).size(), 1);
  }

  void sharedAreasKeepTheTargetsIdentity() {
    v1::ApplianceConfig backup = defaultConfig();
    backup.mutable_high_availability()->set_role(v1::HA_ROLE_BACKUP);
    backup.mutable_network()->set_address("192.168.0.201");
    v1::ApplianceConfig edited = defaultConfig();
    edited.mutable_high_availability()->set_role(v1::HA_ROLE_MASTER);
    edited.mutable_high_availability()->set_cluster_id(17);
    edited.mutable_network()->set_address("192.168.0.200");
    edited.add_cas_servers()->set_address("10.0.0.15");
    const v1::ApplianceConfig out = withSharedAreas(backup, edited, configAreas());
    QCOMPARE(out.high_availability().role(), v1::HA_ROLE_BACKUP);
    QCOMPARE(out.high_availability().cluster_id(), 17u);
    QCOMPARE(out.network().address(), std::string("192.168.0.201"));
    QCOMPARE(out.cas_servers_size(), 1);
  }

  void blankServerRowsAreDroppedAndProblemsMapBackToRows() {
    v1::ApplianceConfig c = defaultConfig();
    setFieldText(c, QStringLiteral("cas_servers[0].address"), QStringLiteral("10.0.0.15"));
    setFieldText(c, QStringLiteral("cas_servers[2].address"), QStringLiteral("10.0.0.999"));
    const Compacted compact = compactServers(c);
    QCOMPARE(compact.config.cas_servers_size(), 2);
    QCOMPARE(rowPath(compact, QStringLiteral("cas_servers[1].address")), QStringLiteral("cas_servers[2].address"));
  }

  void enumChoicesOmitUnspecified() {
    QCOMPARE(enumChoices(QStringLiteral("http.mode")),
             (QStringList{QStringLiteral("HTTP_MODE_DISABLED"), QStringLiteral("HTTP_MODE_SSL_OFFLOAD"), QStringLiteral("HTTP_MODE_SSL_FORWARD")}));
    QVERIFY(enumChoices(QStringLiteral("http.host_name")).isEmpty());
  }
};

QTEST_GUILESS_MAIN(TstConfigFields)
#include "tst_config_fields.moc"
