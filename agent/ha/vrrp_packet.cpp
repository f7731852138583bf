#include "ha/vrrp_packet.h"

namespace exlb::agent {

namespace {

constexpr int kVrrpProtocol = 112;

}  // namespace

std::optional<VrrpAdvert> parseVrrpPacket(const std::uint8_t* data, std::size_t size) {
  if (size < 20 || (data[0] >> 4) != 4) return std::nullopt;
  const std::size_t headerLength = static_cast<std::size_t>(data[0] & 0x0f) * 4;
  if (headerLength < 20 || size < headerLength + 8 || data[9] != kVrrpProtocol) return std::nullopt;
  const std::uint8_t* vrrp = data + headerLength;
  VrrpAdvert a;
  a.version = vrrp[0] >> 4;
  const int type = vrrp[0] & 0x0f;
  if ((a.version != 2 && a.version != 3) || type != 1) return std::nullopt;
  a.routerId = vrrp[1];
  a.priority = vrrp[2];
  a.source = (std::uint32_t{data[12]} << 24) | (std::uint32_t{data[13]} << 16) |
             (std::uint32_t{data[14]} << 8) | std::uint32_t{data[15]};
  return a;
}

}  // namespace exlb::agent
