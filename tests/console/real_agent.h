#pragma once
// Real exlb-agent processes and mock Exchange CAS servers as children of a
// console test: every address on loopback (a 127.A.B.0/24 of the test's own,
// derived from its pid, so tests running in parallel never meet), every
// folder under the test's temporary dir, every process stopped by the test.
// BackDoor is "another administrator": its own connection, used to change a
// node behind the console's back and to read what a node really runs.

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <memory>
#include <optional>

#include "exlb/v1/config.pb.h"
#include "net/agent_connection.h"

namespace exlb::console {
class TrustStore;
}

namespace exlb::console::test {

// 127.A.B.host for this test process.
QString loopbackAddress(int host);

// The exlb-agent binary this build made, and whether it knows a flag.
QString agentBinary();
bool agentSupports(const QString& flag);

// One mock Exchange server (tests/mocks/mock_exchange.py) serving HTTP.
class MockCas final {
 public:
  ~MockCas();
  bool start(const QString& name, const QString& address, quint16 httpPort, const QString& logFile);
  void kill();
  bool running() const { return proc_ && proc_->state() != QProcess::NotRunning; }

 private:
  std::unique_ptr<QProcess> proc_;
};

// One exlb-agent daemon with its own data, run and system-root folders.
class RealAgent final {
 public:
  RealAgent(const QString& workdir, const QString& address);
  ~RealAgent();

  // Starts it with `config` as the running configuration (--config), the API
  // on address:port (0: any free port); waits until the API and the data
  // plane are up. On failure the reason is in error().
  bool start(const v1::ApplianceConfig& config, quint16 port = 0);
  // SIGTERM, and waits until it exited.
  void stop();
  bool running() const { return proc_ && proc_->state() != QProcess::NotRunning; }

  QString address() const { return address_; }
  quint16 port() const { return port_; }
  AgentEndpoint endpoint() const { return {address_, port_}; }
  QString dataDir() const { return workdir_ + QStringLiteral("/data"); }
  QString error() const { return error_; }
  // The agent's output so far (its log), for failure messages.
  QByteArray output() const { return output_; }

 private:
  QString workdir_;
  QString address_;
  quint16 port_ = 0;
  std::unique_ptr<QProcess> proc_;
  QByteArray output_;
  QString error_;
};

// Another administrator with a connection of its own: trusts whatever
// certificate it sees (it is the test, not the console) and logs in.
class BackDoor final {
 public:
  BackDoor(const QString& trustFile, const AgentEndpoint& endpoint, const QString& password);
  ~BackDoor();
  bool connect(int timeoutMs = 20000);

  // The node's running configuration and its etag (empty on failure).
  std::optional<v1::ApplianceConfig> running(QByteArray* etag = nullptr);
  AgentReply put(const v1::ApplianceConfig& config, const QByteArray& etag);
  AgentReply call(const QByteArray& verb, const QString& path, const QByteArray& body = {});
  // Reads, lets `edit` change it, writes back; true when the agent applied it.
  template <typename Edit>
  bool change(Edit edit) {
    QByteArray etag;
    auto config = running(&etag);
    if (!config) return false;
    edit(*config);
    return put(*config, etag).ok();
  }

 private:
  std::unique_ptr<TrustStore> trust_;
  std::unique_ptr<AgentConnection> connection_;
};

}  // namespace exlb::console::test
