// A node's operations against the fake agent (the routes of the svc and setup
// contracts): the Services tab (status lights, start/stop/restart/reload, the
// startup mode, a refused action, "stop" asking first), and uploads of a
// certificate, a license and a firmware bundle with progress and a clear
// outcome, refused ones saying that nothing changed.
#include <QAbstractItemModelTester>
#include <QFile>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

#include "fake_agent.h"
#include "model/services_model.h"
#include "net/agent_connection.h"
#include "net/trust_store.h"
#include "ui/services_panel.h"
#include "ui/uploads_panel.h"

using namespace exlb;
using namespace exlb::console;
using namespace exlb::console::test;

class TstConsoleOperations final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  Identity identity_;
  std::unique_ptr<FakeAgent> agent_;
  std::unique_ptr<TrustStore> trust_;
  std::unique_ptr<AgentConnection> connection_;

  QString writeFile(const QString& name, const QByteArray& content) {
    const QString path = dir_.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size()) return {};
    return path;
  }

  static int rowOf(ServicesModel* model, const QString& name) { return model->rowOf(name); }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    identity_ = Identity::generate(dir_.path(), QStringLiteral("exlb-ops"));
    agent_ = std::make_unique<FakeAgent>(identity_);
    QVERIFY(agent_->listen());
    agent_->setPassword(QStringLiteral("s3cret-pass"), false);
    trust_ = std::make_unique<TrustStore>(dir_.filePath(QStringLiteral("trust.ini")));
    const AgentEndpoint endpoint{QStringLiteral("127.0.0.1"), agent_->port()};
    trust_->pin(endpoint.key(), identity_.certificate);
    connection_ = std::make_unique<AgentConnection>(endpoint, trust_.get());
    connection_->setCredentials(QStringLiteral("admin"), QStringLiteral("s3cret-pass"));
    connection_->start();
    QTRY_COMPARE_WITH_TIMEOUT(connection_->state(), AgentConnection::State::Online, 15000);
  }

  void theServicesTabShowsEveryServiceWithItsStatus() {
    ServicesPanel panel;
    QAbstractItemModelTester tester(panel.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    panel.setConnection(connection_.get());
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 4, 10000);
    ServicesModel* m = panel.model();
    const int haproxy = rowOf(m, QStringLiteral("haproxy"));
    QVERIFY(haproxy >= 0);
    QCOMPARE(m->index(haproxy, ServicesModel::Status).data().toString(), QStringLiteral("OK"));
    QCOMPARE(m->index(haproxy, ServicesModel::Startup).data().toString(), QStringLiteral("auto"));
    QCOMPARE(m->index(rowOf(m, QStringLiteral("vrrp")), ServicesModel::Status).data().toString(), QStringLiteral("not used"));
    QCOMPARE(m->index(rowOf(m, QStringLiteral("tls")), ServicesModel::Service).data().toString(), QStringLiteral("stunnel"));
  }

  void actionsAndStartupChangeTheService() {
    ServicesPanel panel;
    panel.setConnection(connection_.get());
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 4, 10000);
    QSignalSpy finished(&panel, &ServicesPanel::actionFinished);
    panel.act(QStringLiteral("haproxy"), QStringLiteral("stop"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(finished.at(0).at(0).toBool());
    QVERIFY(agent_->serviceActions().contains(QStringLiteral("haproxy/stop")));
    const int haproxy = panel.model()->rowOf(QStringLiteral("haproxy"));
    QCOMPARE(panel.model()->index(haproxy, ServicesModel::Status).data().toString(), QStringLiteral("NOK"));

    panel.act(QStringLiteral("haproxy"), QStringLiteral("start"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->index(haproxy, ServicesModel::Status).data().toString(), QStringLiteral("OK"), 10000);

    // The agent refuses what a service cannot do; the console says so.
    panel.act(QStringLiteral("system"), QStringLiteral("stop"));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 10000);
    QVERIFY(!finished.at(2).at(0).toBool());
    QVERIFY2(finished.at(2).at(1).toString().contains(QStringLiteral("cannot stop")), qPrintable(finished.at(2).at(1).toString()));

    panel.setStartup(QStringLiteral("haproxy"), v1::STARTUP_MODE_MANUAL);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 4, 10000);
    QVERIFY(finished.at(3).at(0).toBool());
    QCOMPARE(panel.model()->index(haproxy, ServicesModel::Startup).data().toString(), QStringLiteral("manual"));
    QVERIFY(agent_->serviceActions().contains(QStringLiteral("haproxy/startup=STARTUP_MODE_MANUAL")));
  }

  void stoppingHaproxyAsksFirst() {
    ServicesPanel panel;
    panel.show();
    panel.setConnection(connection_.get());
    QTRY_COMPARE_WITH_TIMEOUT(panel.model()->rowCount(), 4, 10000);
    const int before = static_cast<int>(agent_->serviceActions().size());
    auto* table = panel.findChild<QTableView*>();
    table->selectRow(panel.model()->rowOf(QStringLiteral("haproxy")));
    QPushButton* stop = nullptr;
    for (QPushButton* b : panel.findChildren<QPushButton*>()) {
      if (b->property("exlbAction").toString() == QLatin1String("stop")) stop = b;
    }
    QVERIFY(stop && stop->isEnabled());
    stop->click();
    QMessageBox* box = nullptr;
    QTRY_VERIFY_WITH_TIMEOUT((box = panel.findChild<QMessageBox*>()) != nullptr && box->isVisible(), 5000);
    QVERIFY(box->text().contains(QStringLiteral("stops all traffic")));
    box->button(QMessageBox::No)->click();
    QCOMPARE(agent_->serviceActions().size(), before);  // nothing sent
    // A service without "stop" in its actions has the button disabled.
    table->selectRow(panel.model()->rowOf(QStringLiteral("vrrp")));
    QVERIFY(!stop->isEnabled());
  }

  void aCertificateUploadSaysWhatTheApplianceNowHas() {
    UploadsPanel panel;
    panel.setConnection(connection_.get());
    QSignalSpy finished(&panel, &UploadsPanel::finished);
    const QString pem = writeFile(QStringLiteral("mail.pem"), identity_.certificate.toPem() + identity_.key.toPem());
    QVERIFY(panel.uploadCertificate(QStringLiteral("mail"), pem, QString(), false));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(panel.outcome()));
    QVERIFY(panel.outcome().contains(QStringLiteral("mail.exlb.test")));
    QCOMPARE(panel.progressBar()->value(), 100);
    QVERIFY(agent_->certificateIds().contains(QStringLiteral("mail")));

    const QString garbage = writeFile(QStringLiteral("broken.pfx"), QByteArray(2000, '\x07'));
    QVERIFY(panel.uploadCertificate(QStringLiteral("broken"), garbage, QStringLiteral("pw"), false));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QVERIFY(!finished.at(1).at(0).toBool());
    QVERIFY(panel.outcome().contains(QStringLiteral("neither PKCS#12 nor PEM")));
    QVERIFY(panel.outcome().contains(QStringLiteral("Nothing was changed")));

    // Too large to be a certificate: refused before anything is sent.
    const QString huge = writeFile(QStringLiteral("huge.pem"), QByteArray(UploadsPanel::kMaxCertificateBytes + 1, 'A'));
    QVERIFY(!panel.uploadCertificate(QStringLiteral("huge"), huge, QString(), false));
    QVERIFY(!agent_->certificateIds().contains(QStringLiteral("huge")));
  }

  void aLicenseIsAcceptedOrRefusedWithItsReason() {
    UploadsPanel panel;
    panel.setConnection(connection_.get());
    QSignalSpy finished(&panel, &UploadsPanel::finished);
    QVERIFY(panel.uploadLicense(writeFile(QStringLiteral("good.lic"), "EXLB-LICENSE v1 ...\n")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 10000);
    QVERIFY(finished.at(0).at(0).toBool());
    QVERIFY(panel.outcome().contains(QStringLiteral("Contoso")));
    QVERIFY(panel.uploadLicense(writeFile(QStringLiteral("bad.lic"), "forged\n")));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 10000);
    QVERIFY(!finished.at(1).at(0).toBool());
    QVERIFY(panel.outcome().contains(QStringLiteral("signature")));
  }

  void aFirmwareBundleIsStreamedWithProgress() {
    UploadsPanel panel;
    panel.setConnection(connection_.get());
    QSignalSpy finished(&panel, &UploadsPanel::finished);
    QSignalSpy progress(panel.progressBar(), &QProgressBar::valueChanged);
    const QByteArray bundle = QByteArray("EXLBFW") + QByteArray(2 * 1024 * 1024, 'x');
    QVERIFY(panel.uploadFirmware(writeFile(QStringLiteral("exlb-1.2.bundle"), bundle), false));
    QVERIFY(panel.busy());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(finished.at(0).at(0).toBool(), qPrintable(panel.outcome()));
    QCOMPARE(agent_->firmwareBytes(), bundle.size());
    QVERIFY2(progress.count() >= 2, "the bar moves while the bundle is sent");
    QVERIFY(panel.outcome().contains(QStringLiteral("slot b")));
    QVERIFY(!panel.busy());

    QVERIFY(panel.uploadFirmware(writeFile(QStringLiteral("tampered.bundle"), QByteArray(4096, 'z')), false));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 30000);
    QVERIFY(!finished.at(1).at(0).toBool());
    QVERIFY(panel.outcome().contains(QStringLiteral("Nothing was changed")));
  }

  void anUploadWithoutAConnectedNodeSendsNothing() {
    UploadsPanel panel;
    QVERIFY(!panel.uploadLicense(writeFile(QStringLiteral("x.lic"), "EXLB-LICENSE\n")));
    QVERIFY(panel.outcome().contains(QStringLiteral("not connected")));
  }
};

QTEST_MAIN(TstConsoleOperations)
#include "tst_console_operations.moc"
