// The fake agent's pair routes (pair.md's contract): pair/status, pair
// changes it makes on its peer and itself (the peer keeps its own identity),
// and the planned handover (ha-pair.md: POST ha/handover).
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslSocket>

#include "exlb/common/validation.h"
#include "exlb/v1/api.pb.h"
#include "fake_agent.h"
#include "model/config_fields.h"
#include "net/wire.h"

namespace exlb::console::test {

bool FakeAgent::handlePair(QSslSocket* socket, const Request& r, const QString& path) {
  if (path == QLatin1String("/api/v1/ha/handover") && r.method == "POST" && peer_) {
    handleHandover(socket, r);
    return true;
  }
  if (!path.startsWith(QLatin1String("/api/v1/pair/")) || !peer_) return false;  // no peer: 404 like an older agent
  if (path == QLatin1String("/api/v1/pair/status") && r.method == "GET") {
    // JSON as the agent's printer writes it (proto field names; 64-bit as strings).
    const QJsonObject s{{QStringLiteral("paired"), true},
                        {QStringLiteral("peer_reachable"), peer_->server_ != nullptr},
                        {QStringLiteral("local_role"), QString::fromStdString(v1::VrrpRole_Name(status_.vrrp_role()))},
                        {QStringLiteral("peer_role"), QString::fromStdString(v1::VrrpRole_Name(peer_->status_.vrrp_role()))},
                        {QStringLiteral("drift"), !diffConfigs(config_, peer_->config_, nodeSpecificPrefixes()).isEmpty()},
                        {QStringLiteral("local_generation"), QString::number(pairGeneration_)},
                        {QStringLiteral("peer_generation"), QString::number(peer_->pairGeneration_)},
                        {QStringLiteral("failback_due_unix_ms"), QString::number(failbackDueUnixMs_)}};
    reply(socket, 200, QJsonDocument(s).toJson(QJsonDocument::Compact));
    return true;
  }
  v1::ApplianceConfig mine = config_;
  if (path == QLatin1String("/api/v1/pair/config/running") && r.method == "PUT") {
    ++pairPuts_;
    v1::ReplaceConfigRequest put;
    if (!decodeJsonMessage(r.body, put, nullptr)) {
      error(socket, 400, QStringLiteral("invalid-body"), QStringLiteral("Not a ReplaceConfigRequest."));
      return true;
    }
    const QByteArray ifMatch = r.headers.value("if-match");
    if (ifMatch != "*" && ifMatch != etag().toUtf8()) {
      error(socket, 409, QStringLiteral("etag-mismatch"), QStringLiteral("The configuration changed meanwhile."));
      return true;
    }
    // Validated on both before either changes; a refusal leaves both as they were.
    for (FakeAgent* node : {this, peer_}) {
      if (node->refusePath_.isEmpty()) continue;
      const QString field = node->refusePath_;
      node->refusePath_.clear();
      error(socket, 422, QStringLiteral("invalid-config"),
            (node == peer_ ? QStringLiteral("peer: ") : QString()) + node->refuseMessage_, field);
      return true;
    }
    if (hasErrors(validateConfig(put.config()))) {
      error(socket, 422, QStringLiteral("invalid-config"), QStringLiteral("The configuration has errors."));
      return true;
    }
    mine = put.config();
  } else if (path == QLatin1String("/api/v1/pair/sync") && r.method == "POST") {
    ++pairSyncs_;
  } else {
    return false;
  }
  peer_->replaceConfig(withSharedAreas(peer_->config_, mine, configAreas()));  // the backup first
  if (path.endsWith(QLatin1String("running"))) replaceConfig(mine);
  peer_->pairGeneration_ = ++pairGeneration_;
  const QJsonObject answer{{QStringLiteral("etag"), etag()},
                           {QStringLiteral("generation"), QString::number(pairGeneration_)},
                           {QStringLiteral("local"), QJsonObject{{QStringLiteral("ok"), true}}},
                           {QStringLiteral("peer"), QJsonObject{{QStringLiteral("ok"), true}}}};
  reply(socket, 200, QJsonDocument(answer).toJson(QJsonDocument::Compact), "ETag: " + etag().toUtf8() + "\r\n");
  return true;
}

void FakeAgent::handleHandover(QSslSocket* socket, const Request& r) {
  QJsonParseError parse{};
  const QJsonDocument body = QJsonDocument::fromJson(r.body, &parse);
  if (parse.error != QJsonParseError::NoError || !body.isObject()) {
    error(socket, 400, QStringLiteral("invalid-body"), QStringLiteral("Not a HandoverRequest."));
    return;
  }
  const bool take = body.object().value(QStringLiteral("take")).toBool();
  FakeAgent* giver = take ? peer_ : this;
  FakeAgent* taker = take ? this : peer_;
  if (giver->status_.vrrp_role() != v1::VRRP_ROLE_MASTER || taker->status_.vrrp_role() != v1::VRRP_ROLE_BACKUP) {
    error(socket, 409, QStringLiteral("not-possible"), QStringLiteral("The giver must hold the address and the taker be a healthy backup."));
    return;
  }
  if (!handoverFailure_.isEmpty()) {
    error(socket, 503, QStringLiteral("handover-failed"), handoverFailure_);
    handoverFailure_.clear();
    return;
  }
  ++handovers_;
  v1::NodeStatus gave = giver->status_;
  gave.set_vrrp_role(v1::VRRP_ROLE_BACKUP);
  v1::NodeStatus took = taker->status_;
  took.set_vrrp_role(v1::VRRP_ROLE_MASTER);
  giver->setStatus(gave);
  taker->setStatus(took);
  const QJsonObject answer{{QStringLiteral("message"), QStringLiteral("The virtual address moved.")},
                           {QStringLiteral("holder"), take ? QStringLiteral("local") : QStringLiteral("peer")},
                           {QStringLiteral("took_ms"), QStringLiteral("42")},
                           {QStringLiteral("local_role"), QString::fromStdString(v1::VrrpRole_Name(status_.vrrp_role()))},
                           {QStringLiteral("peer_role"), QString::fromStdString(v1::VrrpRole_Name(peer_->status_.vrrp_role()))}};
  reply(socket, 200, QJsonDocument(answer).toJson(QJsonDocument::Compact));
}

}  // namespace exlb::console::test
