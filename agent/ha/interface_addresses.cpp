#include "ha/interface_addresses.h"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "exlb/common/ipv4.h"

namespace exlb::agent {

namespace {

// Calls `visit(name, flags, address)` for every IPv4 address; stops when it
// returns true.
template <typename Visit>
bool forEachIpv4(Visit visit) {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return false;
  bool found = false;
  for (ifaddrs* i = list; i && !found; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET || !i->ifa_name) continue;
    in_addr a{};
    std::memcpy(&a, &reinterpret_cast<sockaddr_in*>(i->ifa_addr)->sin_addr, sizeof a);
    found = visit(std::string(i->ifa_name), i->ifa_flags, ntohl(a.s_addr));
  }
  ::freeifaddrs(list);
  return found;
}

// netlink's NLMSG_*/RTA_DATA macros use C casts; the same arithmetic here.
constexpr std::size_t kHeaderLength = NLMSG_ALIGN(sizeof(nlmsghdr));
constexpr std::size_t messageLength(std::size_t payload) { return kHeaderLength + payload; }

}  // namespace

std::optional<std::string> interfaceHolding(const std::string& ipv4) {
  const auto wanted = parseIpv4(ipv4);
  if (!wanted) return std::nullopt;
  std::optional<std::string> name;
  forEachIpv4([&](const std::string& ifname, unsigned flags, std::uint32_t address) {
    if (address != *wanted || (flags & IFF_LOOPBACK)) return false;
    // An alias label ("eth0:1") names its interface before the colon.
    name = ifname.substr(0, ifname.find(':'));
    return true;
  });
  return name;
}

bool addressIsLocal(const std::string& ipv4) {
  const auto wanted = parseIpv4(ipv4);
  if (!wanted) return false;
  return forEachIpv4([&](const std::string&, unsigned, std::uint32_t address) {
    return address == *wanted;
  });
}

bool removeAddress(const std::string& ipv4, int prefix, const std::string& ifname,
                   std::string& error) {
  const auto address = parseIpv4(ipv4);
  const unsigned index = ::if_nametoindex(ifname.c_str());
  if (!address || index == 0 || prefix < 0 || prefix > 32) {
    error = "no interface " + ifname + " or bad address " + ipv4;
    return false;
  }
  const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) {
    error = std::string("netlink: ") + std::strerror(errno);
    return false;
  }
  struct {
    nlmsghdr header;
    ifaddrmsg body;
    char attributes[64];
  } request{};
  request.header.nlmsg_type = RTM_DELADDR;
  request.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
  request.header.nlmsg_seq = 1;
  request.body.ifa_family = AF_INET;
  request.body.ifa_prefixlen = static_cast<unsigned char>(prefix);
  request.body.ifa_index = index;
  const std::uint32_t network = htonl(*address);
  std::size_t length = messageLength(sizeof(ifaddrmsg));
  for (unsigned short type : {static_cast<unsigned short>(IFA_LOCAL),
                              static_cast<unsigned short>(IFA_ADDRESS)}) {
    auto* attribute = reinterpret_cast<rtattr*>(reinterpret_cast<char*>(&request) + NLMSG_ALIGN(length));
    attribute->rta_type = type;
    attribute->rta_len = static_cast<unsigned short>(RTA_LENGTH(sizeof network));
    std::memcpy(reinterpret_cast<char*>(attribute) + RTA_LENGTH(0), &network, sizeof network);
    length = NLMSG_ALIGN(length) + RTA_ALIGN(attribute->rta_len);
  }
  request.header.nlmsg_len = static_cast<std::uint32_t>(length);
  sockaddr_nl kernel{};
  kernel.nl_family = AF_NETLINK;
  bool ok = ::sendto(fd, &request, length, 0, reinterpret_cast<sockaddr*>(&kernel), sizeof kernel) >= 0;
  if (!ok) error = std::string("netlink send: ") + std::strerror(errno);
  char reply[4096];
  const ssize_t n = ok ? ::recv(fd, reply, sizeof reply, 0) : -1;
  if (ok && n >= static_cast<ssize_t>(messageLength(sizeof(nlmsgerr)))) {
    const auto* h = reinterpret_cast<const nlmsghdr*>(reply);
    if (h->nlmsg_type == NLMSG_ERROR) {
      nlmsgerr answer{};
      std::memcpy(&answer, reply + kHeaderLength, sizeof answer);
      const int code = -answer.error;
      // EADDRNOTAVAIL: already gone, which is what was wanted.
      if (code != 0 && code != EADDRNOTAVAIL) {
        ok = false;
        error = std::string("cannot remove ") + ipv4 + " from " + ifname + ": " + std::strerror(code);
      }
    }
  } else if (ok) {
    ok = false;
    error = "no answer from netlink";
  }
  ::close(fd);
  return ok;
}

}  // namespace exlb::agent
