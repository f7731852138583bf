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
// sets `error` to one line naming what is wrong: the field's path for an
// unknown or mistyped field ("network.vlan_id: "abc" is not a valid value
// here; expected a whole number ..."), or the parser's complaint for text
// that is not JSON. Empty or blank text is an error too.
bool configFromJson(std::string_view text, v1::ApplianceConfig& out, std::string& error);

}  // namespace exlb
