#pragma once
// Configurations shared by the common/ tests. The guide's example addresses
// (10.0.0.x) appear here for validation only; no traffic is ever sent.

#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "exlb/common/defaults.h"
#include "exlb/v1/config.pb.h"

namespace exlb::test {

// The guide's worked example (4.1.1, 5.3): 10.0.0.17/16, gateway 10.0.1.1,
// two CAS servers. Valid with no problem at all.
inline v1::ApplianceConfig cleanConfig() {
  v1::ApplianceConfig c = defaultConfig();
  auto* n = c.mutable_network();
  n->set_address("10.0.0.17");
  n->set_netmask("255.255.0.0");
  n->set_gateway("10.0.1.1");
  for (const char* address : {"10.0.0.15", "10.0.0.16"}) {
    auto* s = c.add_cas_servers();
    s->set_address(address);
    s->set_admin_state(v1::SERVER_ADMIN_STATE_READY);
  }
  return c;
}

// Whether `path` ("cas_servers[1].address", "network.static_routes") names a
// field of `message`, with indices inside the repeated fields as they are.
inline bool pathNamesField(const google::protobuf::Message& message, const std::string& path) {
  const google::protobuf::Message* current = &message;
  std::size_t pos = 0;
  while (true) {
    if (current == nullptr) return false;  // a path through a scalar
    const std::size_t end = path.find_first_of(".[", pos);
    const std::string name = path.substr(pos, end == std::string::npos ? end : end - pos);
    const auto* f = current->GetDescriptor()->FindFieldByName(name);
    if (f == nullptr) return false;
    const auto* reflection = current->GetReflection();
    std::size_t next = end;
    const google::protobuf::Message* child = nullptr;
    if (next != std::string::npos && path[next] == '[') {
      if (!f->is_repeated()) return false;
      const std::size_t close = path.find(']', next);
      if (close == std::string::npos) return false;
      const int index = std::stoi(path.substr(next + 1, close - next - 1));
      if (index < 0 || index >= reflection->FieldSize(*current, f)) return false;
      if (f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE) {
        child = &reflection->GetRepeatedMessage(*current, f, index);
      }
      next = close + 1;
    } else if (f->type() == google::protobuf::FieldDescriptor::TYPE_MESSAGE && !f->is_repeated()) {
      child = &reflection->GetMessage(*current, f);
    }
    if (next == std::string::npos || next == path.size()) return true;
    if (path[next] != '.') return false;
    current = child;
    pos = next + 1;
  }
}

}  // namespace exlb::test
