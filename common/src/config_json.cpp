#include "exlb/common/config_json.h"

#include <cstdio>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

namespace exlb {

namespace {

// Control and non-ASCII bytes as \xNN, so an error stays one readable line
// whatever bytes the file held.
std::string printable(std::string_view text) {
  std::string out;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += ch;
    }
  }
  return out;
}

std::string expectedFor(std::string_view type) {
  if (type == "TYPE_UINT32") return "a whole number from 0 to 4294967295";
  if (type == "TYPE_STRING") return "a string in double quotes";
  constexpr std::string_view kEnumPrefix = "type.googleapis.com/";
  if (type.starts_with(kEnumPrefix)) {
    const std::string name(type.substr(kEnumPrefix.size()));
    if (const auto* e =
            google::protobuf::DescriptorPool::generated_pool()->FindEnumTypeByName(name)) {
      std::string names;
      for (int i = 1; i < e->value_count(); ++i) {
        names += names.empty() ? "" : ", ";
        names += e->value(i)->name();
      }
      return "one of " + names;
    }
  }
  return "a value of type " + std::string(type);
}

// Protobuf's parser names the field but in its own words, sometimes over
// several lines; say it as a sentence on one line.
//   "(network) vlanid: Cannot find field."            -> "network.vlanid: unknown field ..."
//   "(network.vlan_id): invalid value "x" for type T"  -> "network.vlan_id: "x" is not ..."
std::string describeParseError(std::string_view raw) {
  const std::string_view firstLine = raw.substr(0, raw.find('\n'));
  constexpr std::string_view kUnknown = ": Cannot find field.";
  if (firstLine.ends_with(kUnknown)) {
    std::string_view head = firstLine.substr(0, firstLine.size() - kUnknown.size());
    std::string path;
    if (head.starts_with("(")) {
      const auto close = head.find(") ");
      if (close != std::string_view::npos) {
        path = std::string(head.substr(1, close - 1)) + ".";
        head = head.substr(close + 2);
      }
    }
    return printable(path + std::string(head)) +
           ": unknown field; check its spelling against the schema (field names use "
           "snake_case, like virtual_https_port).";
  }
  constexpr std::string_view kInvalid = "): invalid value ";
  constexpr std::string_view kForType = " for type ";
  const auto invalid = firstLine.find(kInvalid);
  const auto forType = firstLine.rfind(kForType);
  if (firstLine.starts_with("(") && invalid != std::string_view::npos &&
      forType != std::string_view::npos && forType > invalid) {
    const auto path = firstLine.substr(1, invalid - 1);
    const auto start = invalid + kInvalid.size();
    const auto value = firstLine.substr(start, forType - start);
    const auto type = firstLine.substr(forType + kForType.size());
    return printable(path) + ": " + printable(value) + " is not a valid value here; expected " +
           expectedFor(type) + ".";
  }
  return "not a valid configuration: " + printable(firstLine);
}

bool isBlank(std::string_view text) {
  for (const char c : text) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

}  // namespace

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
  out.Clear();
  if (isBlank(text)) {
    error = "the configuration is empty; expected a JSON object like the output of "
            "exlb-agent --print-default-config.";
    return false;
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(text.data(), text.size()), &out, options);
  if (!status.ok()) {
    out.Clear();
    error = describeParseError(std::string_view(status.message().data(), status.message().size()));
    return false;
  }
  return true;
}

}  // namespace exlb
