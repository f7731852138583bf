#include "setup/network_handoff.h"

#include <google/protobuf/util/json_util.h>

#include <utility>

#include "config/atomic_file.h"

namespace exlb::agent {
namespace {

// Both files hold a few hundred bytes; anything much larger is not ours.
constexpr std::size_t kMaxNetworkFileBytes = 64 * 1024;

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
