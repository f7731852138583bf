#include "exlb/common/config_json.h"

#include <google/protobuf/util/json_util.h>

namespace exlb {

std::string configToJson(const v1::ApplianceConfig& config) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  std::string out;
  // Printing a well-formed message cannot fail; the status is ignored on
  // purpose.
  (void)google::protobuf::util::MessageToJsonString(config, &out, options);
  return out;
}

bool configFromJson(std::string_view text, v1::ApplianceConfig& out, std::string& error) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  out.Clear();
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), &out, options);
  if (!status.ok()) {
    out.Clear();
    error = std::string(status.message());
    return false;
  }
  return true;
}

}  // namespace exlb
