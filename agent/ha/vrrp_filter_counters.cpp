#include "ha/vrrp_filter_counters.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <cmath>
#include <cstdint>

#include "ha/vrrp_filter.h"

namespace exlb::agent {

namespace {

using google::protobuf::Value;

const Value* field(const Value& object, const char* name) {
  if (!object.has_struct_value()) return nullptr;
  const auto& fields = object.struct_value().fields();
  const auto it = fields.find(name);
  return it == fields.end() ? nullptr : &it->second;
}

// A packet count: a whole number >= 0 (JSON numbers arrive as doubles; a
// count stays exact up to 2^53, far beyond what a node ever receives).
std::optional<std::uint64_t> countOf(const Value* v) {
  if (!v || !v->has_number_value()) return std::nullopt;
  const double d = v->number_value();
  if (!(d >= 0) || d > 9007199254740992.0 || std::floor(d) != d) return std::nullopt;
  return static_cast<std::uint64_t>(d);
}

}  // namespace

std::optional<v1::VrrpFilterCounters> parseVrrpFilterCounters(const std::string& nftJson) {
  Value root;
  if (!google::protobuf::util::JsonStringToMessage(nftJson, &root).ok()) return std::nullopt;
  const Value* list = field(root, "nftables");
  if (!list || !list->has_list_value()) return std::nullopt;
  std::optional<std::uint64_t> peer, dropped, replication;
  for (const Value& item : list->list_value().values()) {
    const Value* counter = field(item, "counter");
    if (!counter) continue;
    const Value* table = field(*counter, "table");
    const Value* family = field(*counter, "family");
    const Value* name = field(*counter, "name");
    if (!table || table->string_value() != kVrrpFilterTable || !family ||
        family->string_value() != "ip" || !name)
      continue;
    if (name->string_value() == "peer_adverts") peer = countOf(field(*counter, "packets"));
    if (name->string_value() == "dropped_adverts") dropped = countOf(field(*counter, "packets"));
    if (name->string_value() == "dropped_replication")
      replication = countOf(field(*counter, "packets"));
  }
  if (!peer || !dropped || !replication) return std::nullopt;
  v1::VrrpFilterCounters c;
  c.set_peer_adverts(*peer);
  c.set_dropped_adverts(*dropped);
  c.set_dropped_replication(*replication);
  return c;
}

}  // namespace exlb::agent
