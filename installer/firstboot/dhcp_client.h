#pragma once
// The DHCP attempt of the first boot. exlb-firstboot does not speak DHCP
// itself: it runs an external client (an argument vector, never a shell
// line) and reads the lease it reports. On the appliance that is
// /usr/lib/exlb/exlb-dhcp-probe (busybox udhcpc); tests pass a stand-in.
//
// The client's contract: exit status 0 and, on standard output, lines
//   address=10.0.0.17
//   netmask=255.255.0.0
//   gateway=10.0.1.1        (optional)
// Anything else (non-zero status, a missing or malformed value, running past
// the time limit) means "no lease". The lease is used once, as a static
// address for this boot only: the guide's appliance performs no renew.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace exlb::firstboot {

struct DhcpLease {
  std::string address;
  std::string netmask;
  std::string gateway;  // empty: none offered
};

// Parses the client's standard output; nothing when it holds no valid lease.
std::optional<DhcpLease> parseLease(const std::string& output);

struct DhcpAttempt {
  std::optional<DhcpLease> lease;
  std::string failure;  // why there is no lease, for the console
};

// Runs argv[0] with argv (never through a shell), kills it after `limit`.
DhcpAttempt runDhcpClient(const std::vector<std::string>& argv, std::chrono::seconds limit);

}  // namespace exlb::firstboot
