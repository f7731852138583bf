#include "net/pair_wire.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "net/wire.h"

namespace exlb::console {

namespace {

// protobuf's JSON printer writes proto field names or lowerCamelCase; 64-bit
// integers come as strings.
QJsonValue field(const QJsonObject& o, const char* protoName, const char* camelName) {
  const QJsonValue v = o.value(QLatin1String(protoName));
  return v.isUndefined() ? o.value(QLatin1String(camelName)) : v;
}

quint64 toUInt64(const QJsonValue& v) {
  if (v.isString()) return v.toString().left(20).toULongLong();
  const double d = v.toDouble();
  return d > 0 && d < 1.8e19 ? static_cast<quint64>(d) : 0;
}

bool object(const QByteArray& json, QJsonObject* out) {
  if (json.size() > kMaxResponseBytes) return false;
  QJsonParseError error{};
  const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
  if (error.error != QJsonParseError::NoError || !doc.isObject()) return false;
  *out = doc.object();
  return true;
}

}  // namespace

bool decodePairInfo(const QByteArray& json, PairInfo* out) {
  QJsonObject o;
  if (!object(json, &o)) return false;
  out->paired = field(o, "paired", "paired").toBool();
  out->peerReachable = field(o, "peer_reachable", "peerReachable").toBool();
  out->drift = field(o, "drift", "drift").toBool();
  out->localGeneration = toUInt64(field(o, "local_generation", "localGeneration"));
  out->peerGeneration = toUInt64(field(o, "peer_generation", "peerGeneration"));
  out->peerError = field(o, "peer_error", "peerError").toString().left(300);
  out->handoverInProgress = field(o, "handover_in_progress", "handoverInProgress").toBool();
  out->failbackDueUnixMs = static_cast<qint64>(toUInt64(field(o, "failback_due_unix_ms", "failbackDueUnixMs")));
  return true;
}

bool decodePairChange(const QByteArray& json, PairChangeInfo* out) {
  QJsonObject o;
  if (!object(json, &o)) return false;
  out->generation = toUInt64(field(o, "generation", "generation"));
  out->peerPending = field(o, "peer", "peer").toObject().value(QLatin1String("pending")).toBool();
  return true;
}

bool decodeHandover(const QByteArray& json, HandoverInfo* out) {
  QJsonObject o;
  if (!object(json, &o)) return false;
  out->message = field(o, "message", "message").toString().left(300);
  out->localHolds = field(o, "holder", "holder").toString() == QLatin1String("local");
  out->tookMs = static_cast<qint64>(toUInt64(field(o, "took_ms", "tookMs")));
  return true;
}

}  // namespace exlb::console
