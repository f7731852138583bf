#include "setup/network_handoff.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <sys/stat.h>

#include <utility>

#include "config/atomic_file.h"

namespace exlb::agent {
namespace {

// Both files hold a few hundred bytes; anything much larger is not ours.
constexpr std::size_t kMaxNetworkFileBytes = 64 * 1024;

// The file's modification time in ms since the epoch; 0 when it has none.
std::int64_t modifiedUnixMs(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
}

// Nanoseconds, to order the request and its answer even within one millisecond.
std::int64_t modifiedUnixNs(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return 0;
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

}  // namespace

std::string networkJson(const v1::NetworkConfig& network) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string json;
  (void)google::protobuf::util::MessageToJsonString(network, &json, options);
  return json;
}

std::optional<v1::NetworkConfig> readFirstbootNetwork(const std::filesystem::path& systemRoot,
                                                      std::string& error) {
  const auto path = systemRoot / kFirstbootNetworkPath;
  std::string text;
  switch (readRegularFile(path, kMaxNetworkFileBytes, text, error)) {
    case ReadStatus::Missing:
      error.clear();
      return std::nullopt;
    case ReadStatus::Refused:
      return std::nullopt;
    case ReadStatus::Ok:
      break;
  }
  v1::NetworkConfig network;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(text, &network, options);
  if (!status.ok()) {
    error = path.string() + " is not a network configuration: " + std::string(status.message());
    return std::nullopt;
  }
  return network;
}

v1::NetworkApplyResult readNetworkApplyResult(const std::filesystem::path& dataDir) {
  v1::NetworkApplyResult result;
  const auto request = dataDir / kNetworkRequestName;
  const auto answer = dataDir / kNetworkResultName;
  result.set_requested_unix_ms(modifiedUnixMs(request));
  if (result.requested_unix_ms() == 0) return result;  // never requested
  if (modifiedUnixNs(answer) < modifiedUnixNs(request)) {
    result.set_state(v1::NETWORK_APPLY_STATE_PENDING);
    return result;
  }
  result.set_answered_unix_ms(modifiedUnixMs(answer));
  result.set_state(v1::NETWORK_APPLY_STATE_FAILED);
  std::string text, error;
  if (readRegularFile(answer, kMaxNetworkFileBytes, text, error) != ReadStatus::Ok) {
    result.set_message(error);
    return result;
  }
  google::protobuf::Struct body;
  const auto parsed = google::protobuf::util::JsonStringToMessage(text, &body);
  const auto& fields = body.fields();
  const auto ok = fields.find("ok");
  const auto message = fields.find("message");
  if (!parsed.ok() || ok == fields.end() || !ok->second.has_bool_value() ||
      message == fields.end() || !message->second.has_string_value()) {
    result.set_message(answer.string() + " is not an answer of exlb-network-apply");
    return result;
  }
  if (ok->second.bool_value()) result.set_state(v1::NETWORK_APPLY_STATE_APPLIED);
  result.set_message(message->second.string_value());
  return result;
}

NetworkRequest::NetworkRequest(std::filesystem::path dataDir) : dataDir_(std::move(dataDir)) {}

bool NetworkRequest::start(const v1::NetworkConfig& running, std::string& error) {
  current_ = networkJson(running);
  std::string earlier;
  switch (readRegularFile(dataDir_ / kNetworkRequestName, kMaxNetworkFileBytes, earlier, error)) {
    case ReadStatus::Missing:
      error.clear();
      return false;
    case ReadStatus::Refused:
      // A planted or oversized file: replace it with the truth (the atomic
      // write renames over it, never through it).
      error.clear();
      return write(current_, error);
    case ReadStatus::Ok:
      break;
  }
  if (earlier == current_) return false;
  return write(current_, error);
}

bool NetworkRequest::update(const v1::NetworkConfig& running, std::string& error) {
  std::string json = networkJson(running);
  if (json == current_) return false;
  if (!write(json, error)) return false;
  current_ = std::move(json);
  return true;
}

bool NetworkRequest::write(const std::string& json, std::string& error) {
  return writeFileAtomically(dataDir_, kNetworkRequestName, json, error);
}

}  // namespace exlb::agent
