#include "pair/config_split.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "pair/pair_identity.h"

namespace exlb::agent {

namespace {

void copyNodeSpecific(const v1::ApplianceConfig& from, v1::ApplianceConfig& into) {
  *into.mutable_network() = from.network();
  auto* ha = into.mutable_high_availability();
  ha->set_role(from.high_availability().role());
  ha->set_peer_address(from.high_availability().peer_address());
  ha->set_peer_certificate_sha256(from.high_availability().peer_certificate_sha256());
  ha->set_peer_port(from.high_availability().peer_port());
  into.mutable_management()->set_certificate(from.management().certificate());
}

// Deterministic: the same message gives the same bytes (protobuf otherwise
// leaves the order of map entries and unknown fields open).
std::string deterministicBytes(const google::protobuf::Message& message) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream out(&stream);
    out.SetSerializationDeterministic(true);
    message.SerializeToCodedStream(&out);
  }
  return bytes;
}

std::string sha256Hex(const std::string& bytes) {
  return certificateSha256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

}  // namespace

v1::ApplianceConfig sharedPart(const v1::ApplianceConfig& config) {
  v1::ApplianceConfig out = config;
  copyNodeSpecific(v1::ApplianceConfig(), out);
  out.clear_network();
  return out;
}

v1::ApplianceConfig mergeShared(const v1::ApplianceConfig& shared, const v1::ApplianceConfig& node) {
  v1::ApplianceConfig out = shared;
  copyNodeSpecific(node, out);
  return out;
}

std::string configFingerprint(const v1::ApplianceConfig& config) {
  return sha256Hex(deterministicBytes(sharedPart(config)));
}

std::string sharedAreasThatDiffer(const v1::ApplianceConfig& a, const v1::ApplianceConfig& b) {
  const v1::ApplianceConfig sa = sharedPart(a), sb = sharedPart(b);
  const auto* d = v1::ApplianceConfig::descriptor();
  const auto* r = v1::ApplianceConfig::GetReflection();
  std::string out;
  for (int i = 0; i < d->field_count(); ++i) {
    v1::ApplianceConfig ta, tb;
    const auto* f = d->field(i);
    // Compare the two reduced to this one field.
    ta = sa;
    tb = sb;
    for (int k = 0; k < d->field_count(); ++k) {
      if (k == i) continue;
      r->ClearField(&ta, d->field(k));
      r->ClearField(&tb, d->field(k));
    }
    if (deterministicBytes(ta) != deterministicBytes(tb)) out += (out.empty() ? "" : ",") + f->name();
  }
  return out;
}

}  // namespace exlb::agent
