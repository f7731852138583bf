// The fake agent's pair routes (pair.md's contract): pair/status, and pair
// changes it makes on its peer and itself (the peer keeps its own identity).
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
  if (!path.startsWith(QLatin1String("/api/v1/pair/")) || !peer_) return false;  // no peer: 404 like an older agent
  if (path == QLatin1String("/api/v1/pair/status") && r.method == "GET") {
    // JSON as the agent's printer writes it (proto field names; 64-bit as strings).
    const QJsonObject s{{QStringLiteral("paired"), true},
                        {QStringLiteral("peer_reachable"), peer_->server_ != nullptr},
                        {QStringLiteral("local_role"), QString::fromStdString(v1::VrrpRole_Name(status_.vrrp_role()))},
                        {QStringLiteral("peer_role"), QString::fromStdString(v1::VrrpRole_Name(peer_->status_.vrrp_role()))},
                        {QStringLiteral("drift"), !diffConfigs(config_, peer_->config_, nodeSpecificPrefixes()).isEmpty()},
                        {QStringLiteral("local_generation"), QString::number(pairGeneration_)},
                        {QStringLiteral("peer_generation"), QString::number(peer_->pairGeneration_)}};
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

}  // namespace exlb::console::test
