#include "net/wire.h"

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include <string>

namespace exlb::console {

bool decodeJsonMessage(const QByteArray& body, google::protobuf::Message& out, QString* error) {
  out.Clear();
  if (body.size() > kMaxResponseBytes) {
    if (error) *error = QStringLiteral("the agent's answer is too large (%1 bytes)").arg(body.size());
    return false;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  const auto status = google::protobuf::util::JsonStringToMessage(
      std::string(body.constData(), static_cast<size_t>(body.size())), &out, options);
  if (!status.ok()) {
    out.Clear();
    if (error) {
      *error = QStringLiteral("the agent's answer is not a valid %1: %2")
                   .arg(QString::fromStdString(out.GetTypeName()),
                        QString::fromStdString(std::string(status.message())).left(200));
    }
    return false;
  }
  return true;
}

bool decodeMessage(const QByteArray& body, const QByteArray& contentType,
                   google::protobuf::Message& out, QString* error) {
  if (!contentType.startsWith("application/x-protobuf") &&
      !contentType.startsWith("application/protobuf")) {
    return decodeJsonMessage(body, out, error);
  }
  out.Clear();
  if (body.size() > kMaxResponseBytes ||
      !out.ParseFromArray(body.constData(), static_cast<int>(body.size()))) {
    out.Clear();
    if (error) {
      *error = QStringLiteral("the agent's answer is not a valid %1")
                   .arg(QString::fromStdString(out.GetTypeName()));
    }
    return false;
  }
  return true;
}

QByteArray encodeJsonMessage(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string text;
  // Printing a message we built ourselves cannot fail.
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  return QByteArray::fromStdString(text);
}

}  // namespace exlb::console
