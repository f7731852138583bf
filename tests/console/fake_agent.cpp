#include "fake_agent.h"

#include <QFile>
#include <QProcess>
#include <QSslConfiguration>
#include <QSslServer>
#include <QSslSocket>
#include <QUuid>
#include <QWebSocket>
#include <QWebSocketServer>

#include "exlb/common/defaults.h"
#include "exlb/common/validation.h"
#include "exlb/v1/api.pb.h"
#include "net/wire.h"

namespace exlb::console::test {

Identity Identity::generate(const QString& dir, const QString& commonName) {
  const QString stem = dir + QLatin1Char('/') + QUuid::createUuid().toString(QUuid::Id128);
  QProcess openssl;
  openssl.start(QStringLiteral("openssl"),
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                 QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                 QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                 QStringLiteral("/CN=%1/O=exlb test").arg(commonName), QStringLiteral("-keyout"), stem + QStringLiteral(".key"),
                 QStringLiteral("-out"), stem + QStringLiteral(".crt")});
  openssl.waitForFinished(30000);
  Identity id;
  QFile cert(stem + QStringLiteral(".crt"));
  QFile key(stem + QStringLiteral(".key"));
  if (cert.open(QIODevice::ReadOnly)) id.certificate = QSslCertificate(cert.readAll(), QSsl::Pem);
  if (key.open(QIODevice::ReadOnly)) id.key = QSslKey(key.readAll(), QSsl::Ec, QSsl::Pem);
  return id;
}

FakeAgent::FakeAgent(Identity identity, QObject* parent)
    : QObject(parent),
      identity_(std::move(identity)),
      events_(std::make_unique<QWebSocketServer>(QStringLiteral("fake-agent"), QWebSocketServer::NonSecureMode)) {
  config_ = defaultConfig();
  status_ = sampleStatus(QStringLiteral("exlb"), v1::VRRP_ROLE_DISABLED, {});
  connect(events_.get(), &QWebSocketServer::newConnection, this, [this] {
    while (QWebSocket* ws = events_->nextPendingConnection()) {
      clients_.append(ws);
      connect(ws, &QWebSocket::disconnected, this, [this, ws] {
        clients_.removeAll(ws);
        ws->deleteLater();
        emit eventClientsChanged(static_cast<int>(clients_.size()));
      });
      emit eventClientsChanged(static_cast<int>(clients_.size()));
      v1::Event e;
      *e.mutable_status() = status_;
      e.set_sequence(++sequence_);
      ws->sendTextMessage(QString::fromUtf8(encodeJsonMessage(e)));
    }
  });
}

FakeAgent::~FakeAgent() { close(); }

bool FakeAgent::listen(quint16 port) {
  server_ = std::make_unique<QSslServer>();
  QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
  tls.setLocalCertificate(identity_.certificate);
  tls.setPrivateKey(identity_.key);
  tls.setPeerVerifyMode(QSslSocket::VerifyNone);
  server_->setSslConfiguration(tls);
  connect(server_.get(), &QSslServer::pendingConnectionAvailable, this, &FakeAgent::onConnection);
  if (!server_->listen(QHostAddress::LocalHost, port)) return false;
  port_ = server_->serverPort();
  return true;
}

void FakeAgent::close() {
  if (server_) server_->close();
  server_.reset();
  const auto clients = clients_;
  clients_.clear();
  for (QWebSocket* ws : clients) ws->abort();
  const auto sockets = sockets_;
  sockets_.clear();
  for (QSslSocket* s : sockets) s->abort();
}

void FakeAgent::setPassword(const QString& password, bool mustChange) {
  password_ = password;
  mustChange_ = mustChange;
}

void FakeAgent::replaceConfig(const v1::ApplianceConfig& config) {
  const QString previous = etag();
  config_ = config;
  ++generation_;
  status_.set_running_etag(etag().toStdString());
  v1::Event e;
  e.mutable_config_changed()->set_which("running");
  e.mutable_config_changed()->set_etag(etag().toStdString());
  e.mutable_config_changed()->set_previous_etag(previous.toStdString());
  publish(e);
}

void FakeAgent::setStatus(const v1::NodeStatus& status) {
  status_ = status;
  status_.set_running_etag(etag().toStdString());
  publishStatus();
}

void FakeAgent::publishStatus() {
  v1::Event e;
  *e.mutable_status() = status_;
  publish(e);
}

void FakeAgent::publish(const v1::Event& event) {
  v1::Event e = event;
  e.set_sequence(++sequence_);
  const QString text = misbehave_ == Misbehave::GarbageEvents ? QStringLiteral("{\"status\": [[[[") : QString::fromUtf8(encodeJsonMessage(e));
  for (QWebSocket* ws : std::as_const(clients_)) ws->sendTextMessage(text);
}

void FakeAgent::onConnection() {
  while (server_ && server_->hasPendingConnections()) {
    auto* socket = qobject_cast<QSslSocket*>(server_->nextPendingConnection());
    if (!socket) continue;
    sockets_.append(socket);
    connect(socket, &QSslSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QSslSocket::disconnected, this, [this, socket] {
      sockets_.removeAll(socket);
      buffers_.remove(socket);
      socket->deleteLater();
    });
    if (socket->bytesAvailable() > 0) onReadyRead(socket);
  }
}

void FakeAgent::onReadyRead(QSslSocket* socket) {
  for (;;) {
    const QByteArray peek = socket->peek(socket->bytesAvailable());
    const qsizetype headEnd = peek.indexOf("\r\n\r\n");
    if (headEnd < 0) return;
    Request r;
    const QList<QByteArray> lines = peek.left(headEnd).split('\n');
    const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
    r.method = first.value(0);
    r.path = QString::fromUtf8(first.value(1));
    for (qsizetype i = 1; i < lines.size(); ++i) {
      const qsizetype colon = lines[i].indexOf(':');
      if (colon > 0) r.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    if (r.headers.value("upgrade").toLower() == "websocket") {
      disconnect(socket, &QSslSocket::readyRead, this, nullptr);
      sockets_.removeAll(socket);
      if (!authorized(r)) {
        socket->write("HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        socket->disconnectFromHost();
        return;
      }
      events_->handleConnection(socket);
      QMetaObject::invokeMethod(socket, "readyRead", Qt::QueuedConnection);
      return;
    }
    const qsizetype length = r.headers.value("content-length").toLongLong();
    if (peek.size() < headEnd + 4 + length) return;
    socket->read(headEnd + 4);
    r.body = socket->read(length);
    handle(socket, r);
  }
}

bool FakeAgent::authorized(const Request& r) const {
  const QByteArray auth = r.headers.value("authorization");
  return auth.startsWith("Bearer ") && tokens_.contains(QString::fromUtf8(auth.mid(7)));
}

void FakeAgent::reply(QSslSocket* socket, int status, const QByteArray& body, const QByteArray& extraHeaders) {
  QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\nContent-Length: " +
                    QByteArray::number(body.size()) + "\r\n" + extraHeaders + "\r\n";
  socket->write(head + body);
}

void FakeAgent::error(QSslSocket* socket, int status, const QString& code, const QString& message, const QString& field) {
  v1::Error e;
  e.set_code(code.toStdString());
  e.set_message(message.toStdString());
  e.set_http_status(status);
  if (!field.isEmpty()) {
    auto* v = e.add_field_violations();
    v->set_path(field.toStdString());
    v->set_description(message.toStdString());
    v->set_severity(v1::VIOLATION_SEVERITY_ERROR);
  }
  reply(socket, status, encodeJsonMessage(e));
}

void FakeAgent::handle(QSslSocket* socket, const Request& r) {
  const QString path = r.path.section(QLatin1Char('?'), 0, 0);
  if (path == QLatin1String("/api/v1/login") && r.method == "POST") {
    v1::LoginRequest login;
    if (!decodeJsonMessage(r.body, login, nullptr) || QString::fromStdString(login.password()) != password_) {
      return error(socket, 401, QStringLiteral("bad-credentials"), QStringLiteral("Wrong user name or password."));
    }
    ++logins_;
    v1::LoginResponse answer;
    const QString token = QUuid::createUuid().toString(QUuid::Id128);
    tokens_.append(token);
    answer.set_token(token.toStdString());
    answer.set_must_change_password(mustChange_);
    answer.set_username(login.username());
    return reply(socket, 200, encodeJsonMessage(answer));
  }
  if (!authorized(r)) return error(socket, 401, QStringLiteral("unauthenticated"), QStringLiteral("Log in first."));
  if (path == QLatin1String("/api/v1/password") && r.method == "POST") {
    v1::ChangePasswordRequest change;
    if (!decodeJsonMessage(r.body, change, nullptr) || QString::fromStdString(change.current_password()) != password_) {
      return error(socket, 403, QStringLiteral("bad-credentials"), QStringLiteral("The current password is wrong."));
    }
    if (change.new_password().size() < 8) {
      return error(socket, 422, QStringLiteral("weak-password"), QStringLiteral("Too short."), QStringLiteral("new_password"));
    }
    password_ = QString::fromStdString(change.new_password());
    mustChange_ = false;
    tokens_.clear();
    v1::LoginResponse answer;
    const QString token = QUuid::createUuid().toString(QUuid::Id128);
    tokens_.append(token);
    answer.set_token(token.toStdString());
    return reply(socket, 200, encodeJsonMessage(answer));
  }
  if (mustChange_) return error(socket, 403, QStringLiteral("password-change-required"), QStringLiteral("Change the factory password first."));
  if (path == QLatin1String("/api/v1/status")) {
    if (misbehave_ == Misbehave::HugeStatus) return reply(socket, 200, QByteArray(kMaxResponseBytes + 4096, ' '));
    if (misbehave_ == Misbehave::GarbageStatus) return reply(socket, 200, QByteArray("{\"services\": 12, \"hostname\": [}"));
    return reply(socket, 200, encodeJsonMessage(status_));
  }
  if (path == QLatin1String("/api/v1/config/running") && r.method == "GET") {
    v1::ConfigResponse answer;
    *answer.mutable_config() = config_;
    answer.set_etag(etag().toStdString());
    return reply(socket, 200, encodeJsonMessage(answer), "ETag: " + etag().toUtf8() + "\r\n");
  }
  if (path == QLatin1String("/api/v1/config/running") && r.method == "PUT") {
    ++puts_;
    v1::ReplaceConfigRequest put;
    if (!decodeJsonMessage(r.body, put, nullptr)) return error(socket, 400, QStringLiteral("bad-body"), QStringLiteral("Not a ReplaceConfigRequest."));
    const QByteArray ifMatch = r.headers.value("if-match");
    if (ifMatch != "*" && ifMatch != etag().toUtf8()) {
      return error(socket, 409, QStringLiteral("etag-mismatch"), QStringLiteral("The configuration changed meanwhile."));
    }
    if (!refusePath_.isEmpty()) {
      const QString field = refusePath_;
      refusePath_.clear();
      return error(socket, 422, QStringLiteral("invalid-config"), refuseMessage_, field);
    }
    const auto problems = validateConfig(put.config());
    if (hasErrors(problems)) {
      return error(socket, 422, QStringLiteral("invalid-config"), QString::fromStdString(problems.front().message),
                   QString::fromStdString(problems.front().path));
    }
    replaceConfig(put.config());
    v1::ChangeResponse answer;
    answer.set_etag(etag().toStdString());
    answer.mutable_outcome()->set_result(v1::APPLY_RESULT_APPLIED);
    return reply(socket, 200, encodeJsonMessage(answer), "ETag: " + etag().toUtf8() + "\r\n");
  }
  if (path == QLatin1String("/api/v1/config/save") && r.method == "POST") {
    v1::ChangeResponse answer;
    answer.set_etag(etag().toStdString());
    return reply(socket, 200, encodeJsonMessage(answer));
  }
  if (path.startsWith(QLatin1String("/api/v1/servers/")) && r.method == "POST") {
    serverActions_ << path.mid(16);
    return reply(socket, 200, "{}");
  }
  if (handleServices(socket, r, path) || handleUploads(socket, r, path) || handlePair(socket, r, path)) return;
  if (path == QLatin1String("/api/v1/audit")) {
    v1::AuditLogResponse log;
    auto* e = log.add_entries();
    e->set_time("2026-11-24T03:00:00Z");
    e->set_user("admin");
    e->set_action("login");
    return reply(socket, 200, encodeJsonMessage(log));
  }
  error(socket, 404, QStringLiteral("not-found"), QStringLiteral("No such route."));
}

v1::NodeStatus sampleStatus(const QString& hostname, v1::VrrpRole role, const QStringList& servers, quint64 sessions) {
  v1::NodeStatus s;
  s.set_hostname(hostname.toStdString());
  s.set_agent_version("test");
  s.set_vrrp_role(role);
  s.set_uptime_seconds(60);
  auto* engine = s.add_engines();
  engine->set_name("haproxy");
  engine->set_state(v1::ENGINE_STATE_RUNNING);
  for (const char* service : {"owa", "ews", "activesync", "rpc-ca"}) {
    auto* svc = s.add_services();
    svc->set_name(service);
    svc->set_area(QByteArray(service).startsWith("rpc") ? "rpc" : "http");
    svc->set_enabled(true);
    svc->set_current_sessions(sessions * static_cast<quint64>(servers.size()));
    svc->set_session_rate(sessions);
    for (const QString& name : servers) {
      auto* server = svc->add_servers();
      server->set_name(name.toStdString());
      server->set_health(v1::SERVER_HEALTH_UP);
      server->set_current_sessions(sessions);
      server->set_last_check("L7OK/200");
    }
  }
  return s;
}

}  // namespace exlb::console::test
