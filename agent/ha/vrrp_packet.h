#pragma once
// A VRRP advertisement as it arrives on a raw IPv4 socket. Pure: no I/O.

#include <cstddef>
#include <cstdint>
#include <optional>

namespace exlb::agent {

struct VrrpAdvert {
  std::uint32_t source = 0;  // host order
  int version = 0;           // 2 or 3
  int routerId = 0;
  int priority = 0;
};

// A received IPv4 datagram (IP header included, as a raw socket delivers it)
// -> the advertisement it carries, or nothing for anything else (short,
// not protocol 112, not an advertisement, unknown VRRP version).
std::optional<VrrpAdvert> parseVrrpPacket(const std::uint8_t* data, std::size_t size);

}  // namespace exlb::agent
