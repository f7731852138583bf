// One connection to one agent: trust on first use, a changed certificate
// refused before any password is sent, the factory password, expired
// sessions, an agent that goes away and comes back, and hostile answers.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

#include "fake_agent.h"
#include "net/agent_connection.h"
#include "net/trust_store.h"

using namespace exlb;
using namespace exlb::console;
using namespace exlb::console::test;
using State = AgentConnection::State;

class TstAgentConnection final : public QObject {
  Q_OBJECT

 private:
  QTemporaryDir dir_;
  Identity first_;
  Identity second_;

  std::unique_ptr<AgentConnection> connect(FakeAgent& agent, TrustStore& trust) {
    auto c = std::make_unique<AgentConnection>(AgentEndpoint{QStringLiteral("127.0.0.1"), agent.port()}, &trust);
    c->setBackoff(50, 200);
    return c;
  }

  // Trusted, factory password changed, online.
  std::unique_ptr<AgentConnection> online(FakeAgent& agent, TrustStore& trust) {
    trust.pin(AgentEndpoint{QStringLiteral("127.0.0.1"), agent.port()}.key(), first_.certificate);
    agent.setPassword(QStringLiteral("s3cret-pass"), false);
    auto c = connect(agent, trust);
    c->setCredentials(QStringLiteral("admin"), QStringLiteral("s3cret-pass"));
    c->start();
    if (!QTest::qWaitFor([&] { return c->state() == State::Online; }, 10000)) return nullptr;
    return c;
  }

 private slots:
  void initTestCase() {
    QVERIFY(dir_.isValid());
    first_ = Identity::generate(dir_.path(), QStringLiteral("exlb-a"));
    second_ = Identity::generate(dir_.path(), QStringLiteral("exlb-b"));
    QVERIFY(!first_.certificate.isNull() && !first_.key.isNull());
    QVERIFY(!second_.certificate.isNull());
  }

  void firstContactShowsTheCertificateThenForcesThePasswordChange() {
    FakeAgent agent(first_);
    QVERIFY(agent.listen());
    TrustStore trust(dir_.filePath(QStringLiteral("first.ini")));
    auto c = connect(agent, trust);
    QSignalSpy needsTrust(c.get(), &AgentConnection::certificateNeedsTrust);
    QSignalSpy mustChange(c.get(), &AgentConnection::passwordChangeRequired);
    QSignalSpy status(c.get(), &AgentConnection::statusReceived);
    c->setCredentials(QStringLiteral("admin"), QStringLiteral("admin"));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(needsTrust.count(), 1, 10000);
    QCOMPARE(c->state(), State::UntrustedCertificate);
    QCOMPARE(c->presentedCertificate().sha256, first_.certificate.digest(QCryptographicHash::Sha256));
    QVERIFY(c->presentedCertificate().subjectText().contains(QStringLiteral("CN=exlb-a")));
    QCOMPARE(agent.logins(), 0);  // no password before trust

    c->trustPresentedCertificate();
    QTRY_COMPARE_WITH_TIMEOUT(mustChange.count(), 1, 10000);
    QCOMPARE(c->state(), State::MustChangePassword);
    bool changed = false;
    c->changePassword(QStringLiteral("n3w-password"), [&changed](const AgentReply& r) { changed = r.ok(); });
    QTRY_VERIFY_WITH_TIMEOUT(changed, 10000);
    QCOMPARE(agent.password(), QStringLiteral("n3w-password"));
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Online, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(status.count() >= 1, 10000);
  }

  void aChangedCertificateIsRefusedBeforeAnyPassword() {
    FakeAgent agent(second_);  // the pin says first_
    QVERIFY(agent.listen());
    TrustStore trust(dir_.filePath(QStringLiteral("mismatch.ini")));
    const QString key = AgentEndpoint{QStringLiteral("127.0.0.1"), agent.port()}.key();
    trust.pin(key, first_.certificate);
    agent.setPassword(QStringLiteral("s3cret-pass"), false);
    auto c = connect(agent, trust);
    QSignalSpy mismatch(c.get(), &AgentConnection::certificateMismatch);
    c->setCredentials(QStringLiteral("admin"), QStringLiteral("s3cret-pass"));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(mismatch.count(), 1, 10000);
    QCOMPARE(c->state(), State::CertificateMismatch);
    QCOMPARE(agent.logins(), 0);
    const auto pinned = mismatch.at(0).at(0).value<CertificateInfo>();
    const auto presented = mismatch.at(0).at(1).value<CertificateInfo>();
    QCOMPARE(pinned.sha256, first_.certificate.digest(QCryptographicHash::Sha256));
    QCOMPARE(presented.sha256, second_.certificate.digest(QCryptographicHash::Sha256));
    // It stays blocked: a retry does not get through on its own (start()
    // refuses at once while the pin mismatches; no retry timer runs).
    c->start();
    QCOMPARE(c->state(), State::CertificateMismatch);
    QCOMPARE(agent.logins(), 0);
    // Only a deliberate re-trust goes on.
    c->trustPresentedCertificate();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Online, 10000);
    QCOMPARE(trust.pinned(key), second_.certificate);
  }

  void wrongPasswordAsksForCredentials() {
    FakeAgent agent(first_);
    QVERIFY(agent.listen());
    TrustStore trust(dir_.filePath(QStringLiteral("wrong.ini")));
    trust.pin(AgentEndpoint{QStringLiteral("127.0.0.1"), agent.port()}.key(), first_.certificate);
    agent.setPassword(QStringLiteral("right-one"), false);
    auto c = connect(agent, trust);
    QSignalSpy refused(c.get(), &AgentConnection::credentialsRefused);
    c->setCredentials(QStringLiteral("admin"), QStringLiteral("wrong-one"));
    c->start();
    QTRY_COMPARE_WITH_TIMEOUT(refused.count(), 1, 10000);
    QCOMPARE(c->state(), State::NeedCredentials);
  }

  void anExpiredSessionLogsInAgainOnce() {
    FakeAgent agent(first_);
    QVERIFY(agent.listen());
    TrustStore trust(dir_.filePath(QStringLiteral("expired.ini")));
    auto c = online(agent, trust);
    QVERIFY(c);
    const int logins = agent.logins();
    agent.expireSessions();
    AgentReply got;
    bool done = false;
    c->call("GET", QStringLiteral("status"), {}, [&](const AgentReply& r) {
      got = r;
      done = true;
    });
    QTRY_VERIFY_WITH_TIMEOUT(done, 10000);
    QVERIFY2(got.ok(), qPrintable(got.explanation()));
    QCOMPARE(agent.logins(), logins + 1);
  }

  void anAgentThatGoesAwayIsReconnectedAndTheGapReported() {
    FakeAgent agent(first_);
    QVERIFY(agent.listen());
    const quint16 port = agent.port();
    TrustStore trust(dir_.filePath(QStringLiteral("gap.ini")));
    auto c = online(agent, trust);
    QVERIFY(c);
    QSignalSpy gap(c.get(), &AgentConnection::gapClosed);
    agent.close();
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Reconnecting, 10000);
    // At least one retry found nobody listening before the agent comes back.
    QTRY_VERIFY_WITH_TIMEOUT(c->lastError().contains(QStringLiteral("refused"), Qt::CaseInsensitive), 10000);
    QCOMPARE(c->state(), State::Reconnecting);
    QVERIFY(agent.listen(port));
    QTRY_COMPARE_WITH_TIMEOUT(c->state(), State::Online, 15000);
    QCOMPARE(gap.count(), 1);
    QVERIFY(gap.at(0).at(0).toDateTime() < gap.at(0).at(1).toDateTime());
  }

  void hostileAnswersAreRefusedWithoutHarm() {
    FakeAgent agent(first_);
    QVERIFY(agent.listen());
    TrustStore trust(dir_.filePath(QStringLiteral("hostile.ini")));
    auto c = online(agent, trust);
    QVERIFY(c);
    QSignalSpy status(c.get(), &AgentConnection::statusReceived);
    for (auto m : {FakeAgent::Misbehave::HugeStatus, FakeAgent::Misbehave::GarbageStatus}) {
      agent.setMisbehave(m);
      std::optional<AgentReply> got;
      c->call("GET", QStringLiteral("status"), {}, [&got](const AgentReply& r) { got = r; });
      QTRY_VERIFY_WITH_TIMEOUT(got.has_value(), 15000);
      if (m == FakeAgent::Misbehave::HugeStatus) QVERIFY(!got->error.isEmpty());
      std::optional<bool> decoded;
      c->fetchStatus([&decoded](bool ok) { decoded = ok; });
      QTRY_VERIFY_WITH_TIMEOUT(decoded.has_value(), 15000);
      QVERIFY2(!*decoded, "a hostile status is not taken");
    }
    QCOMPARE(status.count(), 0);
    // Garbage events, then a good one: the stream keeps its order, so when
    // the good one arrives the garbage was seen and dropped.
    agent.setMisbehave(FakeAgent::Misbehave::GarbageEvents);
    agent.setStatus(sampleStatus(QStringLiteral("garbage"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")}));
    agent.setStatus(sampleStatus(QStringLiteral("garbage"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")}));
    agent.setMisbehave(FakeAgent::Misbehave::None);
    agent.setStatus(sampleStatus(QStringLiteral("good"), v1::VRRP_ROLE_MASTER, {QStringLiteral("cas1")}));
    QTRY_COMPARE_WITH_TIMEOUT(status.count(), 1, 10000);
    QCOMPARE(status.at(0).at(0).value<v1::NodeStatus>().hostname(), std::string("good"));
    QCOMPARE(c->state(), State::Online);
  }
};

QTEST_GUILESS_MAIN(TstAgentConnection)
#include "tst_agent_connection.moc"
