#pragma once
// A small stand-in for exlb-agent's management API, for the console's tests:
// HTTPS with a generated self-signed certificate, the /api/v1 routes the
// console uses (JSON bodies of api.proto), and the event WebSocket on the
// same port. It keeps a configuration with an etag, a status it can change on
// command, an admin account with the factory-password rule, and can misbehave
// on purpose (oversized or garbage answers, expired sessions, going away).
//
// The real agent replaces it in tst_console_agent_e2e once exlb-agent serves
// its API from main().

#include <QHash>
#include <QList>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>
#include <memory>

#include "exlb/v1/config.pb.h"
#include "exlb/v1/services.pb.h"
#include "exlb/v1/status.pb.h"

class QSslServer;
class QSslSocket;
class QWebSocket;
class QWebSocketServer;

namespace exlb::console::test {

// A self-signed ECDSA certificate made with the openssl tool into `dir`.
struct Identity {
  QSslCertificate certificate;
  QSslKey key;
  static Identity generate(const QString& dir, const QString& commonName);
};

class FakeAgent final : public QObject {
  Q_OBJECT

 public:
  enum class Misbehave { None, HugeStatus, GarbageStatus, GarbageEvents };

  FakeAgent(Identity identity, QObject* parent = nullptr);
  ~FakeAgent() override;

  bool listen(quint16 port = 0);  // 127.0.0.1
  void close();                    // stop listening and drop every connection
  quint16 port() const { return port_; }

  void setIdentity(Identity identity) { identity_ = std::move(identity); }
  void setPassword(const QString& password, bool mustChange);
  QString password() const { return password_; }
  bool mustChangePassword() const { return mustChange_; }
  void expireSessions() { tokens_.clear(); }
  void setMisbehave(Misbehave m) { misbehave_ = m; }

  v1::ApplianceConfig config() const { return config_; }
  QString etag() const { return QStringLiteral("\"v%1\"").arg(generation_); }
  // A change made "behind the console's back" (another admin, another tool).
  void replaceConfig(const v1::ApplianceConfig& config);
  // Refuse the next PUT with 422 on this path.
  void refuseNextPut(const QString& path, const QString& message) { refusePath_ = path; refuseMessage_ = message; }

  v1::NodeStatus status() const { return status_; }
  void setStatus(const v1::NodeStatus& status);  // publishes it on the event stream
  int logins() const { return logins_; }
  int puts() const { return puts_; }
  QStringList serverActions() const { return serverActions_; }
  // The Services tab (system, vrrp, haproxy, tls) and what was asked of it.
  QStringList serviceActions() const { return serviceActions_; }
  v1::ServiceInfo service(const QString& name) const;
  // Uploads: certificates are PEM here (anything else is refused), licenses
  // must start with "EXLB-LICENSE", firmware bundles are counted in bytes.
  QStringList certificateIds() const { return certificateIds_; }
  qint64 firmwareBytes() const { return firmwareBytes_; }
  // The pair API (pair.md's contract): with a peer, this agent answers
  // pair/status and runs pair/config/running and pair/sync on both itself.
  void setPeer(FakeAgent* peer) { peer_ = peer; }
  int pairPuts() const { return pairPuts_; }
  int pairSyncs() const { return pairSyncs_; }
  // POST ha/handover: swaps the two nodes' VRRP roles, or fails the next one
  // as an agent whose peer did not take over (503 handover-failed).
  int handovers() const { return handovers_; }
  void failNextHandover(const QString& message) { handoverFailure_ = message; }
  // pair/status's failback_due_unix_ms (0: none due).
  void setFailbackDue(qint64 unixMs) { failbackDueUnixMs_ = unixMs; }

 signals:
  void eventClientsChanged(int count);

 private:
  struct Request {
    QByteArray method;
    QString path;
    QHash<QByteArray, QByteArray> headers;
    QByteArray body;
  };
  void onConnection();
  void onReadyRead(QSslSocket* socket);
  void handle(QSslSocket* socket, const Request& request);
  void reply(QSslSocket* socket, int status, const QByteArray& body, const QByteArray& extraHeaders = {});
  void error(QSslSocket* socket, int status, const QString& code, const QString& message, const QString& field = {});
  bool authorized(const Request& request) const;
  void publish(const v1::Event& event);
  void publishStatus();
  bool handleServices(QSslSocket* socket, const Request& request, const QString& path);
  bool handleUploads(QSslSocket* socket, const Request& request, const QString& path);
  bool handlePair(QSslSocket* socket, const Request& request, const QString& path);
  void handleHandover(QSslSocket* socket, const Request& request);

  Identity identity_;
  std::unique_ptr<QSslServer> server_;
  std::unique_ptr<QWebSocketServer> events_;
  QList<QWebSocket*> clients_;
  QList<QSslSocket*> sockets_;
  QHash<QSslSocket*, QByteArray> buffers_;
  quint16 port_ = 0;
  QString password_ = QStringLiteral("admin");
  bool mustChange_ = true;
  QStringList tokens_;
  v1::ApplianceConfig config_;
  quint64 generation_ = 1;
  v1::NodeStatus status_;
  quint64 sequence_ = 0;
  Misbehave misbehave_ = Misbehave::None;
  QString refusePath_;
  QString refuseMessage_;
  int logins_ = 0;
  int puts_ = 0;
  QStringList serverActions_;
  QList<v1::ServiceInfo> services_;
  QStringList serviceActions_;
  QStringList certificateIds_;
  qint64 firmwareBytes_ = 0;
  FakeAgent* peer_ = nullptr;
  int pairPuts_ = 0;
  int pairSyncs_ = 0;
  quint64 pairGeneration_ = 1;
  int handovers_ = 0;
  QString handoverFailure_;
  qint64 failbackDueUnixMs_ = 0;
};

// A plausible status: HAProxy running, the http services with `servers` up.
v1::NodeStatus sampleStatus(const QString& hostname, v1::VrrpRole role, const QStringList& servers,
                            quint64 sessions = 3);

}  // namespace exlb::console::test
