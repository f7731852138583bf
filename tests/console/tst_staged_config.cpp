// Staged edits: validate/cancel per area as in the guide, problems at the
// field the admin sees as they type, undo/redo, and what an apply would send.
#include <QtTest>

#include "exlb/common/defaults.h"
#include "model/staged_config.h"

using namespace exlb;
using namespace exlb::console;

class TstStagedConfig final : public QObject {
  Q_OBJECT

 private slots:
  void problemAppearsAtTheFieldAsYouType() {
    StagedConfig s;
    s.setBase(defaultConfig(), "\"v1\"");
    s.setValue(QStringLiteral("cas_servers[1].address"), QStringLiteral("10.0.0."));
    const QList<StagedProblem> problems = s.problemsAt(QStringLiteral("cas_servers[1].address"));
    QVERIFY2(!problems.isEmpty(), "a half-typed address is a problem at its own row");
    s.setValue(QStringLiteral("cas_servers[1].address"), QStringLiteral("10.0.0.16"));
    QVERIFY(s.problemsAt(QStringLiteral("cas_servers[1].address")).isEmpty());
  }

  void onlyValidatedAreasAreApplied() {
    StagedConfig s;
    s.setBase(defaultConfig(), "\"v1\"");
    s.setValue(QStringLiteral("cas_servers[0].address"), QStringLiteral("10.0.0.15"));
    s.setValue(QStringLiteral("rpc.timeout_seconds"), QStringLiteral("90"));
    QVERIFY(s.pendingChanges().isEmpty());
    QVERIFY(s.validateArea(QStringLiteral("cas_servers")).isEmpty());
    QVERIFY(s.isValidated(QStringLiteral("cas_servers")));
    const QList<FieldChange> pending = s.pendingChanges();
    // The new server's address, and its state: in rotation.
    QCOMPARE(pending.size(), 2);
    QCOMPARE(pending[0].path, QStringLiteral("cas_servers[0].address"));
    QCOMPARE(pending[1].after, QStringLiteral("SERVER_ADMIN_STATE_READY"));
    QCOMPARE(s.toApply().rpc().timeout_seconds(), defaultConfig().rpc().timeout_seconds());
  }

  void validateRefusesAnAreaWithErrors() {
    StagedConfig s;
    s.setBase(defaultConfig(), "\"v1\"");
    s.setValue(QStringLiteral("cas_servers[0].address"), QStringLiteral("not an address"));
    QVERIFY(!s.validateArea(QStringLiteral("cas_servers")).isEmpty());
    QVERIFY(!s.isValidated(QStringLiteral("cas_servers")));
  }

  void cancelPutsTheAreaBackAndIsUndoable() {
    StagedConfig s;
    s.setBase(defaultConfig(), "\"v1\"");
    s.setValue(QStringLiteral("http.host_name"), QStringLiteral("owa.example.org"));
    s.cancelArea(QStringLiteral("http"));
    QCOMPARE(s.value(QStringLiteral("http.host_name")), QString::fromStdString(defaultConfig().http().host_name()));
    s.undoStack()->undo();
    QCOMPARE(s.value(QStringLiteral("http.host_name")), QStringLiteral("owa.example.org"));
  }

  void typingInOneFieldIsOneUndoStep() {
    StagedConfig s;
    s.setBase(defaultConfig(), "\"v1\"");
    for (const char* step : {"1", "10", "10.", "10.0.0.1"}) s.setValue(QStringLiteral("cas_servers[0].address"), QString::fromLatin1(step));
    QCOMPARE(s.undoStack()->count(), 1);
    s.undoStack()->undo();
    QCOMPARE(s.value(QStringLiteral("cas_servers[0].address")), QString());
    s.undoStack()->redo();
    QCOMPARE(s.value(QStringLiteral("cas_servers[0].address")), QStringLiteral("10.0.0.1"));
  }

  void editingAValidatedAreaAsksForValidationAgain() {
    StagedConfig s;
    s.setBase(defaultConfig(), "\"v1\"");
    s.setValue(QStringLiteral("rpc.timeout_seconds"), QStringLiteral("90"));
    QVERIFY(s.validateArea(QStringLiteral("rpc")).isEmpty());
    s.setValue(QStringLiteral("rpc.timeout_seconds"), QStringLiteral("91"));
    QVERIFY(!s.isValidated(QStringLiteral("rpc")));
  }

  void aNewBaseKeepsTheAdminsTyping() {
    StagedConfig s;
    s.setBase(defaultConfig(), "\"v1\"");
    s.setValue(QStringLiteral("http.host_name"), QStringLiteral("owa.example.org"));
    v1::ApplianceConfig newer = defaultConfig();
    newer.mutable_rpc()->set_timeout_seconds(30);
    s.setBase(newer, "\"v2\"");
    QCOMPARE(s.baseEtag(), QByteArray("\"v2\""));
    QCOMPARE(s.value(QStringLiteral("http.host_name")), QStringLiteral("owa.example.org"));
  }
};

QTEST_GUILESS_MAIN(TstStagedConfig)
#include "tst_staged_config.moc"
