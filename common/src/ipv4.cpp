#include "exlb/common/ipv4.h"

#include <array>

namespace exlb {

std::optional<std::uint32_t> parseIpv4(std::string_view text) {
  std::uint32_t result = 0;
  int parts = 0;
  std::size_t pos = 0;
  while (parts < 4) {
    std::size_t end = pos;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9' && end - pos < 4) ++end;
    const std::size_t digits = end - pos;
    if (digits == 0 || digits > 3) return std::nullopt;
    if (digits > 1 && text[pos] == '0') return std::nullopt;  // leading zero: octal elsewhere
    unsigned value = 0;
    for (std::size_t i = pos; i < end; ++i) value = value * 10 + static_cast<unsigned>(text[i] - '0');
    if (value > 255) return std::nullopt;
    result = (result << 8) | value;
    ++parts;
    pos = end;
    if (parts < 4) {
      if (pos >= text.size() || text[pos] != '.') return std::nullopt;
      ++pos;
    }
  }
  if (pos != text.size()) return std::nullopt;
  return result;
}

std::string formatIpv4(std::uint32_t address) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    out += std::to_string((address >> shift) & 0xFFu);
    if (shift > 0) out += '.';
  }
  return out;
}

std::optional<int> netmaskPrefix(std::uint32_t mask) {
  // Contiguous: the inverted mask plus one is a power of two (or zero for /0).
  const std::uint32_t hostBits = ~mask;
  if ((hostBits & (hostBits + 1)) != 0) return std::nullopt;
  int prefix = 0;
  for (std::uint32_t m = mask; m != 0; m <<= 1) ++prefix;
  return prefix;
}

std::uint32_t prefixToNetmask(int prefix) {
  if (prefix <= 0) return 0;
  if (prefix >= 32) return 0xFFFFFFFFu;
  return ~((1u << (32 - prefix)) - 1u);
}

bool isUnusableHostAddress(std::uint32_t address) {
  const std::uint32_t first = address >> 24;
  return first == 0 || first >= 224;
}

}  // namespace exlb
