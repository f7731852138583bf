#pragma once
// IPv4 addresses and subnets as the appliance's network screens use them:
// strict dotted-quad text (no octal, hex or shortened forms, which the C
// library would accept and silently reinterpret), contiguous netmasks.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exlb {

// "10.0.0.17" -> 0x0A000011. Refuses anything but four decimal parts 0..255
// without leading zeros ("010" is octal to inet_aton, so it is ambiguous).
std::optional<std::uint32_t> parseIpv4(std::string_view text);

std::string formatIpv4(std::uint32_t address);

// The prefix length of a netmask, or nothing when its ones are not
// contiguous (255.0.255.0).
std::optional<int> netmaskPrefix(std::uint32_t mask);

std::uint32_t prefixToNetmask(int prefix);

// An address with its netmask: the appliance's own subnet, or a route's.
struct Subnet {
  std::uint32_t address = 0;
  std::uint32_t mask = 0;

  std::uint32_t network() const { return address & mask; }
  std::uint32_t broadcast() const { return network() | ~mask; }
  bool contains(std::uint32_t other) const { return (other & mask) == network(); }
  // Network and broadcast addresses are not usable host addresses (except in
  // /31 and /32, which have none).
  bool isNetworkOrBroadcast(std::uint32_t other) const {
    return mask < 0xFFFFFFFEu && (other == network() || other == broadcast());
  }
};

// Addresses no host can own: 0.0.0.0/8, multicast 224/4, reserved 240/4
// (which includes the limited broadcast 255.255.255.255).
bool isUnusableHostAddress(std::uint32_t address);

}  // namespace exlb
