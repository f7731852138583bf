#include "setup/vendor_keys.h"

#include <string_view>

namespace exlb::agent {

namespace {
constexpr std::string_view kDevelopmentPublicKey =
    "f322593eb79e73fc52b3b6f97fd4a06b6379864d6add9e6ca6ba45f9ed6fc3df";
}  // namespace

const std::vector<Ed25519PublicKey>& builtinVendorKeys() {
  static const std::vector<Ed25519PublicKey> keys = [] {
    std::vector<Ed25519PublicKey> out;
    std::string_view list = EXLB_VENDOR_PUBLIC_KEYS;
    while (!list.empty()) {
      const auto comma = list.find(',');
      if (auto key = fromHex<32>(list.substr(0, comma))) out.push_back(*key);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    return out;
  }();
  return keys;
}

bool trustsDevelopmentKey() {
  const auto dev = fromHex<32>(kDevelopmentPublicKey);
  for (const auto& key : builtinVendorKeys())
    if (dev && key == *dev) return true;
  return false;
}

}  // namespace exlb::agent
