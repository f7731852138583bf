#include "real_agent.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

#include "exlb/common/config_json.h"
#include "net/trust_store.h"
#include "net/wire.h"

namespace exlb::console::test {

namespace {

constexpr int kStartMs = 90000;  // Argon2 for the factory account + HAProxy's first start, on a busy machine
constexpr int kStopMs = 30000;

// Reads what a child wrote so far into `into` (and its log file when given).
void drain(QProcess& proc, QByteArray& into) {
  const QByteArray chunk = proc.readAll();
  into += chunk;
}

}  // namespace

QString loopbackAddress(int host) {
  const qint64 pid = QCoreApplication::applicationPid();
  return QStringLiteral("127.%1.%2.%3").arg(100 + pid % 100).arg((pid / 100) % 250 + 1).arg(host);
}

// EXLB_AGENT_BINARY in the environment points the tests at another build's agent.
QString agentBinary() { return qEnvironmentVariable("EXLB_AGENT_BINARY", QStringLiteral(EXLB_AGENT_BINARY)); }

bool agentSupports(const QString& flag) {
  static QByteArray help;
  if (help.isEmpty()) {
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(agentBinary(), {QStringLiteral("--help")});
    if (p.waitForFinished(10000)) help = p.readAll();
  }
  return help.contains(flag.toUtf8());
}

// ---- MockCas ----------------------------------------------------------------

MockCas::~MockCas() { kill(); }

bool MockCas::start(const QString& name, const QString& address, quint16 httpPort, const QString& logFile) {
  proc_ = std::make_unique<QProcess>();
  proc_->setStandardErrorFile(logFile);
  proc_->start(QStringLiteral("python3"),
               {QStringLiteral(EXLB_SOURCE_DIR "/tests/mocks/mock_exchange.py"), QStringLiteral("--name"), name,
                QStringLiteral("--address"), address, QStringLiteral("--exchange"), QStringLiteral("2013"),
                QStringLiteral("--http"), QString::number(httpPort), QStringLiteral("--control"), QStringLiteral("0")});
  QByteArray out;
  const bool ready = QTest::qWaitFor([&] {
    drain(*proc_, out);
    return out.contains("READY") || proc_->state() == QProcess::NotRunning;
  }, 20000);
  return ready && out.contains("READY");
}

void MockCas::kill() {
  if (!running()) return;
  proc_->kill();  // a dead CAS: no goodbye
  proc_->waitForFinished(5000);
}

// ---- RealAgent --------------------------------------------------------------

RealAgent::RealAgent(const QString& workdir, const QString& address) : workdir_(workdir), address_(address) {
  QDir().mkpath(workdir_);
}

RealAgent::~RealAgent() { stop(); }

bool RealAgent::start(const v1::ApplianceConfig& config, quint16 port) {
  stop();
  const QString configFile = workdir_ + QStringLiteral("/config.json");
  QFile f(configFile);
  if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
      f.write(QByteArray::fromStdString(configToJson(config))) < 0) {
    error_ = QStringLiteral("cannot write %1").arg(configFile);
    return false;
  }
  f.close();
  QStringList args{QStringLiteral("--data-dir"), dataDir(),
                   QStringLiteral("--run-dir"), workdir_ + QStringLiteral("/run"),
                   QStringLiteral("--system-root"), workdir_ + QStringLiteral("/root"),
                   QStringLiteral("--config"), configFile,
                   QStringLiteral("--listen"), QStringLiteral("%1:%2").arg(address_).arg(port),
                   QStringLiteral("--log-level"), QStringLiteral("info")};
  // No VRRP on the test machine's loopback: the pair's roles come from the
  // configuration, keepalived is never started.
  if (agentSupports(QStringLiteral("--no-keepalived"))) args << QStringLiteral("--no-keepalived");
  // The pair channel listens on the node's own loopback address.
  if (agentSupports(QStringLiteral("--peer-listen"))) {
    args << QStringLiteral("--peer-listen") << QStringLiteral("%1:4445").arg(address_);
  }
  proc_ = std::make_unique<QProcess>();
  proc_->setProcessChannelMode(QProcess::MergedChannels);
  output_.clear();
  // Its log goes to <workdir>/agent.log as it comes (kept when the test's
  // folder is kept: EXLB_KEEP_TEST_DIR=1).
  auto log = std::make_shared<QFile>(workdir_ + QStringLiteral("/agent.log"));
  (void)log->open(QIODevice::WriteOnly | QIODevice::Append);
  QObject::connect(proc_.get(), &QProcess::readyRead, proc_.get(), [this, log] {
    const qsizetype before = output_.size();
    drain(*proc_, output_);
    log->write(output_.mid(before));
    log->flush();
  });
  proc_->start(agentBinary(), args);

  static const QRegularExpression ready(QStringLiteral("exlb-agent ready: api (\\S+):(\\d+)"));
  static const QRegularExpression dataPlane(QStringLiteral("(\\w+)\\s+\\[agent\\] data plane start: ([^\\n]*)"));
  QRegularExpressionMatch readyMatch;
  QRegularExpressionMatch planeMatch;
  const bool up = QTest::qWaitFor([&] {
    readyMatch = ready.match(QString::fromUtf8(output_));
    planeMatch = dataPlane.match(QString::fromUtf8(output_));
    return (readyMatch.hasMatch() && planeMatch.hasMatch()) || proc_->state() == QProcess::NotRunning;
  }, kStartMs);
  if (!up || !readyMatch.hasMatch() || !planeMatch.hasMatch()) {
    error_ = QStringLiteral("the agent did not start:\n") + QString::fromUtf8(output_.right(4000));
    return false;
  }
  if (planeMatch.captured(1) != QLatin1String("info")) {
    error_ = QStringLiteral("the agent's data plane did not start: ") + planeMatch.captured(2) + QLatin1Char('\n') +
             QString::fromUtf8(output_.right(4000));
    return false;
  }
  port_ = static_cast<quint16>(readyMatch.captured(2).toUInt());
  return true;
}

void RealAgent::stop() {
  if (!running()) return;
  proc_->terminate();
  if (!QTest::qWaitFor([this] { return proc_->state() == QProcess::NotRunning; }, kStopMs)) {
    proc_->kill();
    proc_->waitForFinished(5000);
  }
}

// ---- BackDoor ---------------------------------------------------------------

BackDoor::BackDoor(const QString& trustFile, const AgentEndpoint& endpoint, const QString& password)
    : trust_(std::make_unique<TrustStore>(trustFile)),
      connection_(std::make_unique<AgentConnection>(endpoint, trust_.get())) {
  connection_->setCredentials(QStringLiteral("admin"), password);
  QObject::connect(connection_.get(), &AgentConnection::certificateNeedsTrust, connection_.get(),
                   [c = connection_.get()] { c->trustPresentedCertificate(); });
  QObject::connect(connection_.get(), &AgentConnection::certificateMismatch, connection_.get(),
                   [c = connection_.get()] { c->trustPresentedCertificate(); });
}

BackDoor::~BackDoor() = default;

bool BackDoor::connect(int timeoutMs) {
  connection_->start();
  return QTest::qWaitFor([this] { return connection_->state() == AgentConnection::State::Online; }, timeoutMs);
}

// The answers land in shared state: a late answer after a timeout must not
// write into a finished stack frame.
std::optional<v1::ApplianceConfig> BackDoor::running(QByteArray* etag) {
  struct Answer {
    bool done = false;
    std::optional<v1::ApplianceConfig> config;
    QByteArray etag;
  };
  auto answer = std::make_shared<Answer>();
  connection_->fetchRunning([answer](bool ok, const v1::ApplianceConfig& config, const QByteArray& tag, const QString&) {
    if (ok) answer->config = config;
    answer->etag = tag;
    answer->done = true;
  });
  if (!QTest::qWaitFor([&] { return answer->done; }, 20000)) return std::nullopt;
  if (etag) *etag = answer->etag;
  return answer->config;
}

AgentReply BackDoor::put(const v1::ApplianceConfig& config, const QByteArray& etag) {
  auto answer = std::make_shared<std::optional<AgentReply>>();
  connection_->putRunning(config, etag, [answer](const AgentReply& r) { *answer = r; });
  if (!QTest::qWaitFor([&] { return answer->has_value(); }, 60000)) return AgentReply{0, {}, {}, {}, QStringLiteral("no answer")};
  return **answer;
}

AgentReply BackDoor::call(const QByteArray& verb, const QString& path, const QByteArray& body) {
  auto answer = std::make_shared<std::optional<AgentReply>>();
  connection_->call(verb, path, body, [answer](const AgentReply& r) { *answer = r; });
  if (!QTest::qWaitFor([&] { return answer->has_value(); }, 60000)) return AgentReply{0, {}, {}, {}, QStringLiteral("no answer")};
  return **answer;
}

}  // namespace exlb::console::test
