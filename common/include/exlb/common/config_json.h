#pragma once
// The configuration's text form: protobuf's JSON mapping, every field printed
// (so a saved file is a complete, readable document), parsed strictly (an
// unknown or mistyped field is an error that names it).

#include <string>
#include <string_view>

#include "exlb/v1/config.pb.h"

namespace exlb {

// Pretty-printed JSON with every field, enum values by name.
std::string configToJson(const v1::ApplianceConfig& config);

// Parses `text` into `out`. On failure returns false, leaves `out` cleared and
// sets `error` to a sentence naming what is wrong (from protobuf's parser,
// which names the offending field or position).
bool configFromJson(std::string_view text, v1::ApplianceConfig& out, std::string& error);

}  // namespace exlb
