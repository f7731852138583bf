#include "exlb/common/config_diff.h"

#include <algorithm>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/json_util.h>

namespace exlb {

namespace {

namespace pb = google::protobuf;

std::string scalarText(const pb::Message& m, const pb::FieldDescriptor* f) {
  const auto* r = m.GetReflection();
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(r->GetUInt32(m, f));
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(r->GetInt32(m, f));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(r->GetUInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(r->GetInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(m, f) ? "true" : "false";
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const int number = r->GetEnumValue(m, f);
      const auto* value = f->enum_type()->FindValueByNumber(number);
      return value != nullptr ? value->name() : std::to_string(number);
    }
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return r->GetString(m, f);
    default:  // double/float: not in the schema; shown by protobuf's printer
      return r->GetMessage(m, f).ShortDebugString();
  }
}

std::string elementText(const pb::Message& element) {
  pb::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string out;
  // Printing a parsed message cannot fail; ignore the status on purpose.
  (void)pb::util::MessageToJsonString(element, &out, options);
  return out;
}

void diffMessages(const pb::Message& a, const pb::Message& b, const std::string& prefix,
                  std::vector<FieldChange>& out) {
  const auto* descriptor = a.GetDescriptor();
  const auto* ra = a.GetReflection();
  const auto* rb = b.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* f = descriptor->field(i);
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    const bool isMessage = f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE;
    if (f->is_repeated()) {
      const int sizeA = ra->FieldSize(a, f);
      const int sizeB = rb->FieldSize(b, f);
      for (int n = 0; n < std::max(sizeA, sizeB); ++n) {
        const std::string at = path + "[" + std::to_string(n) + "]";
        if (n >= sizeA) {
          out.push_back({FieldChange::Kind::Added, at, "",
                         isMessage ? elementText(rb->GetRepeatedMessage(b, f, n)) : "(added)"});
        } else if (n >= sizeB) {
          out.push_back({FieldChange::Kind::Removed, at,
                         isMessage ? elementText(ra->GetRepeatedMessage(a, f, n)) : "(removed)", ""});
        } else if (isMessage) {
          diffMessages(ra->GetRepeatedMessage(a, f, n), rb->GetRepeatedMessage(b, f, n), at, out);
        }
      }
      continue;
    }
    if (isMessage) {
      diffMessages(ra->GetMessage(a, f), rb->GetMessage(b, f), path, out);
      continue;
    }
    std::string before = scalarText(a, f);
    std::string after = scalarText(b, f);
    if (before != after) {
      out.push_back({FieldChange::Kind::Changed, path, std::move(before), std::move(after)});
    }
  }
}

}  // namespace

std::vector<FieldChange> diffConfigs(const v1::ApplianceConfig& before,
                                     const v1::ApplianceConfig& after) {
  std::vector<FieldChange> out;
  diffMessages(before, after, "", out);
  return out;
}

}  // namespace exlb
