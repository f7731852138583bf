// exlb-console-bench: the console's real window connected to N agents while
// they stream events, measuring how long the GUI thread ever stalls and how
// much memory the console holds. Driven by bench/console/console_bench.py,
// which starts the agents and makes them change; run alone it measures
// whatever agents it is given.
//
//   exlb-console-bench --password P --seconds S [--trust-all] HOST:PORT...
//
// Prints one JSON line: agents, online, events, max_stall_ms, p99/p999 of the
// probe's lateness, rss_kb and hwm_kb (Linux /proc/self/status).
//
// The stall probe is a 5 ms precise QTimer on the GUI thread: every tick
// records how late it fired. A late tick means the event loop was busy
// (decoding events, updating models, painting) for that long.
#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "model/cluster_book.h"
#include "model/credential_store.h"
#include "model/fleet.h"
#include "net/trust_store.h"
#include "ui/console_app.h"
#include "ui/main_window.h"

using namespace exlb::console;

namespace {

constexpr int kProbeMs = 5;

// The certificate an endpoint presents (setup, before any measurement): the
// benchmark trusts its own agents without dialogs.
QSslCertificate presentedCertificate(const AgentEndpoint& e) {
  QSslSocket socket;
  socket.setPeerVerifyMode(QSslSocket::VerifyNone);
  socket.connectToHostEncrypted(e.host, e.port);
  if (!socket.waitForEncrypted(20000)) return QSslCertificate();
  return socket.peerCertificate();
}

qint64 procStatusKb(const char* key) {
  QFile f(QStringLiteral("/proc/self/status"));
  if (!f.open(QIODevice::ReadOnly)) return -1;
  for (const QByteArray& line : f.readAll().split('\n')) {
    if (line.startsWith(key)) return line.mid(static_cast<int>(qstrlen(key))).trimmed().split(' ').value(0).toLongLong();
  }
  return -1;
}

class StallProbe final : public QObject {
 public:
  StallProbe() {
    timer_.setTimerType(Qt::PreciseTimer);
    timer_.setInterval(kProbeMs);
    connect(&timer_, &QTimer::timeout, this, [this] {
      const qint64 now = clock_.nsecsElapsed();
      if (last_ >= 0) late_.push_back(static_cast<double>(now - last_) / 1e6 - kProbeMs);
      last_ = now;
    });
  }
  void start() {
    late_.clear();
    last_ = -1;
    clock_.start();
    timer_.start();
  }
  void stop() { timer_.stop(); }
  double quantile(double q) {
    if (late_.empty()) return 0;
    std::vector<double> v = late_;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
  }
  double max() const { return late_.empty() ? 0 : *std::max_element(late_.begin(), late_.end()); }
  std::size_t ticks() const { return late_.size(); }

 private:
  QTimer timer_;
  QElapsedTimer clock_;
  qint64 last_ = -1;
  std::vector<double> late_;
};

}  // namespace

int main(int argc, char** argv) {
  QApplication app(argc, argv);
  QCommandLineParser cli;
  cli.setApplicationDescription(QStringLiteral("The console against N agents: GUI stalls and memory"));
  cli.addHelpOption();
  cli.addOption({QStringLiteral("password"), QStringLiteral("admin password of every agent"), QStringLiteral("P")});
  cli.addOption({QStringLiteral("seconds"), QStringLiteral("measurement length"), QStringLiteral("S"), QStringLiteral("20")});
  cli.addOption({QStringLiteral("connect-timeout"), QStringLiteral("seconds to get every agent online"), QStringLiteral("S"), QStringLiteral("180")});
  cli.addPositionalArgument(QStringLiteral("endpoints"), QStringLiteral("HOST:PORT of each agent"));
  cli.process(app);

  QList<AgentEndpoint> endpoints;
  for (const QString& arg : cli.positionalArguments()) {
    const qsizetype colon = arg.lastIndexOf(QLatin1Char(':'));
    endpoints.append({arg.left(colon), static_cast<quint16>(arg.mid(colon + 1).toUInt())});
  }
  if (endpoints.isEmpty()) cli.showHelp(2);

  QTemporaryDir dir;
  ConsoleApp console(dir.filePath(QStringLiteral("console.ini")), new MemoryCredentialStore);
  for (const AgentEndpoint& e : endpoints) console.trust()->pin(e.key(), presentedCertificate(e));
  MainWindow window(&console);
  window.resize(1400, 900);
  window.show();

  qint64 events = 0;
  QObject::connect(console.fleet(), &Fleet::eventReceived, &app, [&events] { ++events; });
  int n = 0;
  for (const AgentEndpoint& e : endpoints) {
    Cluster c;
    c.name = QStringLiteral("site-%1").arg(++n, 3, 10, QLatin1Char('0'));
    c.kind = Cluster::Kind::Standalone;
    c.nodes = {e};
    console.book()->add(c);
    ClusterSession* s = console.fleet()->session(console.book()->clusters().last().id);
    s->setPassword(cli.value(QStringLiteral("password")));
    s->start();
  }
  const auto onlineCount = [&console] {
    int online = 0;
    for (const QString& id : console.fleet()->ids()) {
      for (const NodeView& v : console.fleet()->session(id)->nodes()) online += v.online() && v.hasStatus ? 1 : 0;
    }
    return online;
  };

  QElapsedTimer connecting;
  connecting.start();
  const qint64 connectLimitMs = cli.value(QStringLiteral("connect-timeout")).toLongLong() * 1000;
  while (onlineCount() < endpoints.size() && connecting.elapsed() < connectLimitMs) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
  }
  const qint64 connectMs = connecting.elapsed();
  // Let the connection burst settle before measuring the steady state.
  QElapsedTimer settle;
  settle.start();
  while (settle.elapsed() < 2000) QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

  StallProbe probe;
  const qint64 eventsBefore = events;
  probe.start();
  QTimer::singleShot(cli.value(QStringLiteral("seconds")).toInt() * 1000, &app, &QCoreApplication::quit);
  // Switch tabs now and then so painting the overview and the heat map with
  // live data is part of what is measured.
  QTimer tabs;
  QObject::connect(&tabs, &QTimer::timeout, &window, [&window] {
    window.tabs()->setCurrentIndex((window.tabs()->currentIndex() + 1) % 2);
  });
  tabs.start(1000);
  app.exec();
  probe.stop();

  QJsonObject out{{QStringLiteral("agents"), static_cast<int>(endpoints.size())},
                  {QStringLiteral("online"), onlineCount()},
                  {QStringLiteral("connect_ms"), connectMs},
                  {QStringLiteral("seconds"), cli.value(QStringLiteral("seconds")).toInt()},
                  {QStringLiteral("events"), events - eventsBefore},
                  {QStringLiteral("probe_ticks"), static_cast<qint64>(probe.ticks())},
                  {QStringLiteral("max_stall_ms"), probe.max()},
                  {QStringLiteral("p99_late_ms"), probe.quantile(0.99)},
                  {QStringLiteral("p999_late_ms"), probe.quantile(0.999)},
                  {QStringLiteral("rss_kb"), procStatusKb("VmRSS:")},
                  {QStringLiteral("hwm_kb"), procStatusKb("VmHWM:")}};
  std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
  return onlineCount() == endpoints.size() ? 0 : 1;
}
