#pragma once
// One connection to one agent node: its HTTPS API (QNetworkAccessManager)
// and its event stream (QWebSocket). It pins the agent's self-signed
// certificate (trust on first use), logs in, follows the factory-password
// rule, logs in again when the session expires, and reconnects with backoff
// when the agent goes away, reporting the gap. It emits; models own what it
// says. Nothing here ever blocks the thread it lives on.

#include <QByteArray>
#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSslCertificate>
#include <QTimer>
#include <functional>
#include <memory>

#include "exlb/v1/config.pb.h"
#include "exlb/v1/status.pb.h"
#include "net/agent_endpoint.h"
#include "net/certificate_info.h"

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QWebSocket;
class QSslError;
class QSslConfiguration;

namespace exlb::console {

class TrustStore;

// A problem the agent reported at one field (HTTP 422).
struct FieldProblem {
  QString path;       // "cas_servers[1].address"
  QString message;
  bool warning = false;
};

// What one HTTP exchange with the agent came to.
struct AgentReply {
  int httpStatus = 0;     // 0 when no answer arrived
  QByteArray body;
  QByteArray contentType;
  QByteArray etag;
  QString error;          // transport or decoding problem, a sentence

  bool ok() const { return error.isEmpty() && httpStatus >= 200 && httpStatus < 300; }
  // The agent's own sentence from an error body ({"message": ...}), or `error`.
  QString explanation() const;
  // The field violations of an error body (empty when none or undecodable).
  QList<FieldProblem> fieldProblems() const;
};

class AgentConnection final : public QObject {
  Q_OBJECT

 public:
  enum class State {
    Idle,                 // not started, or stopped
    Connecting,           // TLS + login in progress
    UntrustedCertificate, // first contact: waiting for the admin to trust
    CertificateMismatch,  // the pinned certificate changed: blocked
    NeedCredentials,      // no password, or the agent refused it
    MustChangePassword,   // factory password: change it before anything else
    Online,               // logged in, event stream open
    Reconnecting,         // the agent went away; retrying with backoff
  };
  Q_ENUM(State)

  using ReplyHandler = std::function<void(const AgentReply&)>;

  AgentConnection(AgentEndpoint endpoint, TrustStore* trust, QObject* parent = nullptr);
  ~AgentConnection() override;

  const AgentEndpoint& endpoint() const { return endpoint_; }
  State state() const { return state_; }
  QString lastError() const { return lastError_; }
  CertificateInfo presentedCertificate() const { return presented_; }
  QString user() const { return user_; }
  bool hasPassword() const { return !password_.isEmpty(); }

  void setCredentials(const QString& user, const QString& password);
  // Connects (or reconnects) now.
  void start();
  void stop();
  // The admin looked at presentedCertificate() and trusts it: pin it and go on.
  void trustPresentedCertificate();
  // Changes the admin password (required in MustChangePassword).
  void changePassword(const QString& newPassword, ReplyHandler done);

  // An API call under /api/v1/ with the session token; a 401 on an expired
  // session logs in again once and repeats the call.
  void call(const QByteArray& verb, const QString& path, const QByteArray& jsonBody,
            ReplyHandler done, const QByteArray& ifMatch = {});

  // An upload under /api/v1/ with its progress: the body is `body`, or the
  // file `filePath` streamed from disk (a firmware bundle is never held whole
  // in memory). An expired session logs in again once and sends it again.
  using ProgressHandler = std::function<void(qint64 sent, qint64 total)>;
  struct Upload {
    QByteArray body;
    QString filePath;
    QByteArray contentType = "application/json";
  };
  void upload(const QString& path, const Upload& what, ProgressHandler progress, ReplyHandler done);

  // Typed helpers over call().
  using ConfigHandler =
      std::function<void(bool ok, const v1::ApplianceConfig&, const QByteArray& etag, const QString& error)>;
  void fetchRunning(ConfigHandler done);
  void putRunning(const v1::ApplianceConfig& config, const QByteArray& ifMatch, ReplyHandler done);
  // Reads GET status and emits statusReceived; `done` (optional) says whether
  // a status arrived and was decoded.
  void fetchStatus(std::function<void(bool ok)> done = {});

  // Retry delays (tests shorten them).
  void setBackoff(int firstMs, int maxMs);

 signals:
  void stateChanged(exlb::console::AgentConnection::State state);
  void certificateNeedsTrust(const exlb::console::CertificateInfo& presented);
  void certificateMismatch(const exlb::console::CertificateInfo& pinned,
                           const exlb::console::CertificateInfo& presented);
  void passwordChangeRequired();
  void credentialsRefused(const QString& message);
  void statusReceived(const exlb::v1::NodeStatus& status);
  void eventReceived(const exlb::v1::Event& event);
  // The event stream was down from `from` to `to`: charts show the hole.
  void gapClosed(const QDateTime& from, const QDateTime& to);

 private:
  enum class Verdict { Trusted, Unknown, Mismatch };

  QNetworkReply* send(const QByteArray& verb, const QString& path, const QByteArray& body,
                      const QByteArray& ifMatch, ReplyHandler done);
  QNetworkRequest request(const QString& path, const QByteArray& contentType, const QByteArray& ifMatch) const;
  void watch(QNetworkReply* reply, ReplyHandler done);
  void sendUpload(const QString& path, const Upload& what, ProgressHandler progress, ReplyHandler done);
  void onReplyFinished(QNetworkReply* reply, ReplyHandler done);
  Verdict judge(const QSslCertificate& presented);
  void onSslErrors(QNetworkReply* reply, const QList<QSslError>& errors);
  void login(std::function<void(bool)> then);
  void onLoggedIn();
  void openEvents();
  void onEventText(const QString& text);
  void onEventBinary(const QByteArray& data);
  void onEventsClosed();
  void scheduleReconnect();
  void handleEvent(const v1::Event& event);
  void setState(State state);
  void refuseCertificate(Verdict verdict, const QSslCertificate& presented);
  QSslConfiguration tlsConfiguration() const;

  AgentEndpoint endpoint_;
  QPointer<TrustStore> trust_;
  QNetworkAccessManager* nam_ = nullptr;
  QWebSocket* events_ = nullptr;
  QTimer retryTimer_;
  State state_ = State::Idle;
  QString user_;
  QString password_;
  QByteArray token_;
  QString lastError_;
  CertificateInfo presented_;
  int backoffFirstMs_ = 500;
  int backoffMaxMs_ = 30000;
  int backoffMs_ = 500;
  QDateTime gapStart_;
  quint64 generation_ = 0;  // bumps on stop(): late callbacks of an old run are dropped
};

}  // namespace exlb::console
