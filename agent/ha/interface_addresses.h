#pragma once
// The few facts about this node's interfaces the HA engine needs, read from
// the kernel directly (getifaddrs, netlink) rather than by running `ip`:
// which interface holds an address, whether an address is configured here,
// and removing a stale virtual address that a dead keepalived left behind.
//
// Everything works in the calling thread's network namespace.

#include <optional>
#include <string>

namespace exlb::agent {

// The name of the (non-loopback) interface that holds `ipv4`, or nothing.
std::optional<std::string> interfaceHolding(const std::string& ipv4);

// Whether `ipv4` is configured on any interface of this namespace.
bool addressIsLocal(const std::string& ipv4);

// Removes `ipv4`/`prefix` from interface `ifname` (RTM_DELADDR). Returns false
// with `error` set when the kernel refuses; an address that is not there is
// not an error.
bool removeAddress(const std::string& ipv4, int prefix, const std::string& ifname,
                   std::string& error);

}  // namespace exlb::agent
