#pragma once
// Decoding what an agent sends, defensively: a broken or malicious agent must
// not be able to crash the console or make it swallow unbounded memory. Every
// body is size-checked before parsing, parsed by protobuf's JSON parser (which
// has its own recursion limit), and unknown fields are ignored so a newer
// agent still talks to an older console.

#include <QByteArray>
#include <QString>

namespace google::protobuf {
class Message;
}

namespace exlb::console {

// Largest HTTP body the console reads (configurations and status are a few
// KiB; audit logs are paged).
inline constexpr qint64 kMaxResponseBytes = 8 * 1024 * 1024;
// Largest event-stream message (one NodeStatus snapshot).
inline constexpr qint64 kMaxEventBytes = 1024 * 1024;

// JSON (protobuf's mapping) or binary protobuf, chosen by `contentType`.
// Returns false and a sentence in `error` when the body is not a `out`.
bool decodeMessage(const QByteArray& body, const QByteArray& contentType,
                   google::protobuf::Message& out, QString* error);
bool decodeJsonMessage(const QByteArray& body, google::protobuf::Message& out, QString* error);

// Compact JSON with proto field names (what the agent's API takes).
QByteArray encodeJsonMessage(const google::protobuf::Message& message);

}  // namespace exlb::console
