#include "net/agent_connection.h"

#include <QFile>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslConfiguration>
#include <QSslError>
#include <QWebSocket>

#include "net/trust_store.h"
#include "net/wire.h"
#include "exlb/v1/api.pb.h"

Q_LOGGING_CATEGORY(lcConnection, "exlb.net.connection")

namespace exlb::console {

namespace {

constexpr int kTransferTimeoutMs = 15000;
constexpr char kVerdictProperty[] = "exlbVerdict";
constexpr char kTooLargeProperty[] = "exlbTooLarge";

}  // namespace

QString AgentReply::explanation() const {
  v1::Error problem;
  if (!body.isEmpty() && decodeMessage(body, contentType, problem, nullptr) && !problem.message().empty()) {
    return QString::fromStdString(problem.message()).left(500);
  }
  if (!error.isEmpty()) return error;
  return httpStatus ? QStringLiteral("HTTP %1").arg(httpStatus) : QStringLiteral("no answer");
}

QList<FieldProblem> AgentReply::fieldProblems() const {
  QList<FieldProblem> problems;
  v1::Error problem;
  if (body.isEmpty() || !decodeMessage(body, contentType, problem, nullptr)) return problems;
  for (const auto& v : problem.field_violations()) {
    problems.append({QString::fromStdString(v.path()).left(200), QString::fromStdString(v.description()).left(500),
                     v.severity() == v1::VIOLATION_SEVERITY_WARNING});
  }
  return problems;
}

AgentConnection::AgentConnection(AgentEndpoint endpoint, TrustStore* trust, QObject* parent)
    : QObject(parent),
      endpoint_(std::move(endpoint)),
      trust_(trust),
      nam_(new QNetworkAccessManager(this)),
      events_(new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this)) {
  nam_->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
  events_->setMaxAllowedIncomingMessageSize(kMaxEventBytes);
  events_->setMaxAllowedIncomingFrameSize(kMaxEventBytes);
  retryTimer_.setSingleShot(true);
  connect(&retryTimer_, &QTimer::timeout, this, &AgentConnection::start);
  connect(events_, &QWebSocket::connected, this, [this] {
    // A retry scheduled while connecting must not log in again over a
    // stream that is now open.
    retryTimer_.stop();
    backoffMs_ = backoffFirstMs_;
    setState(State::Online);
    if (gapStart_.isValid()) {
      emit gapClosed(gapStart_, QDateTime::currentDateTimeUtc());
      gapStart_ = {};
    }
  });
  connect(events_, &QWebSocket::disconnected, this, &AgentConnection::onEventsClosed);
  connect(events_, &QWebSocket::textMessageReceived, this, &AgentConnection::onEventText);
  connect(events_, &QWebSocket::binaryMessageReceived, this, &AgentConnection::onEventBinary);
  connect(events_, &QWebSocket::sslErrors, this, [this](const QList<QSslError>& errors) {
    QSslCertificate presented = events_->sslConfiguration().peerCertificate();
    for (const QSslError& e : errors) {
      if (presented.isNull()) presented = e.certificate();
    }
    const Verdict verdict = judge(presented);
    if (verdict == Verdict::Trusted) {
      events_->ignoreSslErrors();
    } else {
      refuseCertificate(verdict, presented);
    }
  });
}

AgentConnection::~AgentConnection() {
  // Closing the socket would emit into a half-destroyed object.
  events_->disconnect(this);
}

void AgentConnection::setCredentials(const QString& user, const QString& password) {
  user_ = user;
  password_ = password;
  token_.clear();
}

void AgentConnection::setBackoff(int firstMs, int maxMs) {
  backoffFirstMs_ = firstMs;
  backoffMaxMs_ = maxMs;
  backoffMs_ = firstMs;
}

void AgentConnection::setState(State state) {
  if (state_ == state) return;
  state_ = state;
  qCInfo(lcConnection) << endpoint_.key() << "state" << state;
  emit stateChanged(state);
}

void AgentConnection::start() {
  retryTimer_.stop();
  if (state_ == State::CertificateMismatch) return;  // only a deliberate re-trust goes on
  if (password_.isEmpty()) {
    setState(State::NeedCredentials);
    return;
  }
  if (state_ != State::Reconnecting) setState(State::Connecting);
  const quint64 generation = generation_;
  login([this, generation](bool ok) {
    if (ok && generation == generation_) onLoggedIn();
  });
}

void AgentConnection::stop() {
  ++generation_;
  retryTimer_.stop();
  events_->abort();
  token_.clear();
  gapStart_ = {};
  setState(State::Idle);
}

void AgentConnection::trustPresentedCertificate() {
  if (presented_.isNull() || !trust_) return;
  trust_->pin(endpoint_.key(), presented_.certificate);
  nam_->clearConnectionCache();
  ++generation_;
  setState(State::Connecting);
  start();
}

QSslConfiguration AgentConnection::tlsConfiguration() const {
  // The pinned certificate is the only trust anchor for this endpoint: any
  // other certificate, even one a public CA signed, fails verification and
  // reaches judge() through sslErrors.
  QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
  const QSslCertificate pinned = trust_ ? trust_->pinned(endpoint_.key()) : QSslCertificate();
  tls.setCaCertificates(pinned.isNull() ? QList<QSslCertificate>{} : QList{pinned});
  tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
  tls.setProtocol(QSsl::TlsV1_2OrLater);
  return tls;
}

AgentConnection::Verdict AgentConnection::judge(const QSslCertificate& presented) {
  const QSslCertificate pinned = trust_ ? trust_->pinned(endpoint_.key()) : QSslCertificate();
  if (pinned.isNull()) return Verdict::Unknown;
  return (!presented.isNull() && presented == pinned) ? Verdict::Trusted : Verdict::Mismatch;
}

void AgentConnection::refuseCertificate(Verdict verdict, const QSslCertificate& presented) {
  const CertificateInfo info = CertificateInfo::of(presented);
  const bool again = (presented_.sha256 == info.sha256) &&
                     (state_ == State::UntrustedCertificate || state_ == State::CertificateMismatch);
  presented_ = info;
  retryTimer_.stop();
  ++generation_;
  events_->abort();
  token_.clear();
  if (verdict == Verdict::Unknown) {
    lastError_ = tr("The agent's certificate is not trusted yet.");
    setState(State::UntrustedCertificate);
    if (!again) emit certificateNeedsTrust(presented_);
  } else {
    lastError_ = tr("The agent presented a different certificate than the one you trusted.");
    setState(State::CertificateMismatch);
    if (!again) {
      emit certificateMismatch(CertificateInfo::of(trust_ ? trust_->pinned(endpoint_.key())
                                                          : QSslCertificate()),
                               presented_);
    }
  }
}

void AgentConnection::onSslErrors(QNetworkReply* reply, const QList<QSslError>& errors) {
  QSslCertificate presented = reply->sslConfiguration().peerCertificate();
  for (const QSslError& e : errors) {
    if (presented.isNull()) presented = e.certificate();
  }
  const Verdict verdict = judge(presented);
  if (verdict == Verdict::Trusted) {
    reply->ignoreSslErrors(errors);
    return;
  }
  reply->setProperty(kVerdictProperty, static_cast<int>(verdict));
  reply->setProperty("exlbPresented", presented.toPem());
}

QNetworkRequest AgentConnection::request(const QString& path, const QByteArray& contentType,
                                         const QByteArray& ifMatch) const {
  QNetworkRequest r(endpoint_.url(QStringLiteral("https"), QStringLiteral("/api/v1/") + path));
  r.setSslConfiguration(tlsConfiguration());
  r.setTransferTimeout(kTransferTimeoutMs);
  r.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
  r.setRawHeader("Accept", "application/json");
  if (!contentType.isEmpty()) r.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
  if (!token_.isEmpty()) r.setRawHeader("Authorization", "Bearer " + token_);
  if (!ifMatch.isEmpty()) r.setRawHeader("If-Match", ifMatch);
  return r;
}

QNetworkReply* AgentConnection::send(const QByteArray& verb, const QString& path,
                                     const QByteArray& body, const QByteArray& ifMatch,
                                     ReplyHandler done) {
  QNetworkReply* reply = nam_->sendCustomRequest(
      request(path, body.isEmpty() ? QByteArray() : QByteArray("application/json"), ifMatch), verb, body);
  watch(reply, std::move(done));
  return reply;
}

// Pins, limits and finishes every reply the same way.
void AgentConnection::watch(QNetworkReply* reply, ReplyHandler done) {
  connect(reply, &QNetworkReply::sslErrors, this,
          [this, reply](const QList<QSslError>& errors) { onSslErrors(reply, errors); });
  // A certificate a public CA vouches for still has to be the pinned one.
  connect(reply, &QNetworkReply::encrypted, this, [this, reply] {
    const QSslCertificate presented = reply->sslConfiguration().peerCertificate();
    const Verdict verdict = judge(presented);
    if (verdict != Verdict::Trusted) {
      reply->setProperty(kVerdictProperty, static_cast<int>(verdict));
      reply->setProperty("exlbPresented", presented.toPem());
      reply->abort();
    }
  });
  connect(reply, &QNetworkReply::readyRead, this, [reply] {
    if (reply->bytesAvailable() > kMaxResponseBytes) {
      reply->setProperty(kTooLargeProperty, true);
      reply->abort();
    }
  });
  connect(reply, &QNetworkReply::finished, this,
          [this, reply, done = std::move(done)] { onReplyFinished(reply, done); });
}

void AgentConnection::upload(const QString& path, const Upload& what, ProgressHandler progress, ReplyHandler done) {
  const quint64 generation = generation_;
  sendUpload(path, what, progress, [this, path, what, progress, done, generation](const AgentReply& reply) {
    const bool expired = reply.httpStatus == 401 && !password_.isEmpty() && generation == generation_ &&
                         state_ == State::Online;
    if (!expired) {
      if (done) done(reply);
      return;
    }
    token_.clear();
    login([this, path, what, progress, done, reply](bool ok) {
      if (!ok) {
        if (done) done(reply);
        return;
      }
      sendUpload(path, what, progress, done);
    });
  });
}

void AgentConnection::sendUpload(const QString& path, const Upload& what, ProgressHandler progress, ReplyHandler done) {
  QNetworkReply* reply = nullptr;
  if (what.filePath.isEmpty()) {
    reply = nam_->post(request(path, what.contentType, {}), what.body);
  } else {
    auto* file = new QFile(what.filePath);
    if (!file->open(QIODevice::ReadOnly)) {
      AgentReply failed;
      failed.error = tr("Cannot read %1: %2").arg(what.filePath, file->errorString());
      delete file;
      if (done) done(failed);
      return;
    }
    QNetworkRequest r = request(path, what.contentType, {});
    r.setHeader(QNetworkRequest::ContentLengthHeader, file->size());
    // A large upload may take long on a slow link: the timeout is for silence only.
    reply = nam_->post(r, file);
    file->setParent(reply);
  }
  if (progress) {
    connect(reply, &QNetworkReply::uploadProgress, this, [progress](qint64 sent, qint64 total) { progress(sent, total); });
  }
  watch(reply, std::move(done));
}

void AgentConnection::onReplyFinished(QNetworkReply* reply, ReplyHandler done) {
  reply->deleteLater();
  AgentReply result;
  result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
  result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
  result.etag = reply->rawHeader("ETag");
  const QVariant verdict = reply->property(kVerdictProperty);
  if (verdict.isValid()) {
    const QList<QSslCertificate> certs =
        QSslCertificate::fromData(reply->property("exlbPresented").toByteArray(), QSsl::Pem);
    refuseCertificate(static_cast<Verdict>(verdict.toInt()), certs.value(0));
    result.httpStatus = 0;
    result.error = lastError_;
  } else if (reply->property(kTooLargeProperty).toBool()) {
    result.error = tr("The agent's answer was larger than %1 bytes; ignored.").arg(kMaxResponseBytes);
  } else {
    result.body = reply->read(kMaxResponseBytes);
    if (reply->error() != QNetworkReply::NoError && result.httpStatus == 0) {
      result.error = reply->errorString();
    }
  }
  if (done) done(result);
}

void AgentConnection::call(const QByteArray& verb, const QString& path, const QByteArray& jsonBody,
                           ReplyHandler done, const QByteArray& ifMatch) {
  const quint64 generation = generation_;
  send(verb, path, jsonBody, ifMatch,
       [this, verb, path, jsonBody, ifMatch, done, generation](const AgentReply& reply) {
         const bool expired = reply.httpStatus == 401 && !password_.isEmpty() &&
                              generation == generation_ && state_ == State::Online;
         if (!expired) {
           if (done) done(reply);
           return;
         }
         // The session expired (or the agent restarted): log in again, once.
         token_.clear();
         login([this, verb, path, jsonBody, ifMatch, done, reply](bool ok) {
           if (!ok) {
             if (done) done(reply);
             return;
           }
           send(verb, path, jsonBody, ifMatch, done);
         });
       });
}

void AgentConnection::login(std::function<void(bool)> then) {
  v1::LoginRequest credentials;
  credentials.set_username(user_.toStdString());
  credentials.set_password(password_.toStdString());
  token_.clear();
  const quint64 generation = generation_;
  send("POST", QStringLiteral("login"), encodeJsonMessage(credentials), {},
       [this, then = std::move(then), generation](const AgentReply& reply) {
         if (generation != generation_) return;  // stopped or re-trusted meanwhile
         if (state_ == State::UntrustedCertificate || state_ == State::CertificateMismatch) {
           then(false);
           return;
         }
         if (reply.httpStatus == 401 || reply.httpStatus == 403) {
           lastError_ = reply.explanation();
           setState(State::NeedCredentials);
           emit credentialsRefused(lastError_);
           then(false);
           return;
         }
         v1::LoginResponse session;
         QString error;
         if (!reply.ok() || !decodeMessage(reply.body, reply.contentType, session, &error) ||
             session.token().empty() || session.token().size() > 4096) {
           lastError_ = reply.ok() ? (error.isEmpty() ? tr("The agent answered the login without a session token.") : error)
                                   : reply.explanation();
           if (!gapStart_.isValid() && state_ == State::Online) gapStart_ = QDateTime::currentDateTimeUtc();
           scheduleReconnect();
           then(false);
           return;
         }
         token_ = QByteArray::fromStdString(session.token());
         if (session.must_change_password()) {
           lastError_ = tr("The factory password must be changed before first use.");
           setState(State::MustChangePassword);
           emit passwordChangeRequired();
           then(false);
           return;
         }
         then(true);
       });
}

void AgentConnection::changePassword(const QString& newPassword, ReplyHandler done) {
  v1::ChangePasswordRequest body;
  body.set_current_password(password_.toStdString());
  body.set_new_password(newPassword.toStdString());
  send("POST", QStringLiteral("password"), encodeJsonMessage(body), {},
       [this, newPassword, done = std::move(done)](const AgentReply& reply) {
         if (reply.ok()) {
           // The agent revoked every session of the account: log in afresh.
           password_ = newPassword;
           setState(State::Connecting);
           start();
         }
         if (done) done(reply);
       });
}

void AgentConnection::onLoggedIn() {
  fetchStatus();
  openEvents();
}

void AgentConnection::openEvents() {
  QNetworkRequest r(endpoint_.url(QStringLiteral("wss"), QStringLiteral("/api/v1/events")));
  r.setRawHeader("Authorization", "Bearer " + token_);
  events_->setSslConfiguration(tlsConfiguration());
  {
    // Dropping the previous stream is ours, not the agent going away.
    const QSignalBlocker quiet(events_);
    events_->abort();
  }
  events_->open(r);
}

void AgentConnection::onEventsClosed() {
  if (state_ != State::Online && state_ != State::Connecting && state_ != State::Reconnecting) return;
  if (state_ == State::Online) gapStart_ = QDateTime::currentDateTimeUtc();
  lastError_ = tr("The event stream closed: %1").arg(events_->errorString());
  qCInfo(lcConnection) << endpoint_.key() << "event stream closed:" << events_->closeCode() << events_->closeReason()
                       << events_->errorString();
  scheduleReconnect();
}

void AgentConnection::scheduleReconnect() {
  if (state_ == State::UntrustedCertificate || state_ == State::CertificateMismatch ||
      state_ == State::Idle || state_ == State::NeedCredentials) {
    return;
  }
  setState(State::Reconnecting);
  if (!retryTimer_.isActive()) {
    retryTimer_.start(backoffMs_);
    backoffMs_ = std::min(backoffMs_ * 2, backoffMaxMs_);
  }
}

void AgentConnection::onEventText(const QString& text) {
  v1::Event event;
  QString error;
  if (!decodeJsonMessage(text.toUtf8(), event, &error)) {
    qCWarning(lcConnection) << endpoint_.key() << "ignored an event:" << error;
    return;
  }
  handleEvent(event);
}

void AgentConnection::onEventBinary(const QByteArray& data) {
  v1::Event event;
  QString error;
  if (!decodeMessage(data, "application/x-protobuf", event, &error)) {
    qCWarning(lcConnection) << endpoint_.key() << "ignored an event:" << error;
    return;
  }
  handleEvent(event);
}

void AgentConnection::handleEvent(const v1::Event& event) {
  if (event.has_status()) emit statusReceived(event.status());
  emit eventReceived(event);
}

void AgentConnection::fetchStatus(std::function<void(bool)> done) {
  call("GET", QStringLiteral("status"), {}, [this, done = std::move(done)](const AgentReply& reply) {
    v1::NodeStatus status;
    QString error;
    const bool ok = reply.ok() && decodeMessage(reply.body, reply.contentType, status, &error);
    if (ok) {
      emit statusReceived(status);
    } else if (reply.ok()) {
      qCWarning(lcConnection) << endpoint_.key() << error;
    }
    if (done) done(ok);
  });
}

void AgentConnection::fetchRunning(ConfigHandler done) {
  call("GET", QStringLiteral("config/running"), {}, [done = std::move(done)](const AgentReply& reply) {
    v1::ConfigResponse answer;
    QString error = reply.ok() ? QString() : reply.explanation();
    const bool ok = reply.ok() && decodeMessage(reply.body, reply.contentType, answer, &error);
    QByteArray etag = reply.etag;
    if (etag.isEmpty()) etag = QByteArray::fromStdString(answer.etag()).left(200);
    done(ok, answer.config(), etag, error);
  });
}

void AgentConnection::putRunning(const v1::ApplianceConfig& config, const QByteArray& ifMatch,
                                 ReplyHandler done) {
  v1::ReplaceConfigRequest body;
  *body.mutable_config() = config;
  body.set_etag(ifMatch.toStdString());
  call("PUT", QStringLiteral("config/running"), encodeJsonMessage(body), std::move(done), ifMatch);
}

}  // namespace exlb::console
