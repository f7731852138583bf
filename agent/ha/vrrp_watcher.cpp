#include "ha/vrrp_watcher.h"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "exlb/common/ipv4.h"
#include "log/log.h"

namespace exlb::agent {

namespace {

constexpr auto kLogEvery = std::chrono::minutes(1);

// Classic BPF run by the kernel on every IPv4 packet of the interface: keep
// protocol 112 only, so a busy load balancer's traffic never reaches us.
// (SOCK_DGRAM packet socket: offset 0 is the IP header.)
sock_filter kOnlyVrrp[] = {
    {BPF_LD | BPF_B | BPF_ABS, 0, 0, 9},     // the IP header's protocol byte
    {BPF_JMP | BPF_JEQ | BPF_K, 0, 1, 112},  // VRRP?
    {BPF_RET | BPF_K, 0, 0, 0xffff},         // yes: the whole packet
    {BPF_RET | BPF_K, 0, 0, 0},              // no: nothing
};

}  // namespace

VrrpWatcher::VrrpWatcher(boost::asio::io_context& io) : io_(io), log_(moduleLogger("ha")) {}

VrrpWatcher::~VrrpWatcher() { stop(); }

bool VrrpWatcher::start(const std::string& interface, const std::string& ownAddress,
                        const std::string& peerAddress, int routerId, std::string& error) {
  stop();
  const auto own = parseIpv4(ownAddress);
  if (!own) {
    error = "no own address";
    return false;
  }
  const unsigned index = ::if_nametoindex(interface.c_str());
  if (index == 0) {
    error = "no interface " + interface;
    return false;
  }
  own_ = *own;
  peer_ = parseIpv4(peerAddress).value_or(0);
  routerId_ = routerId;
  // A packet socket sees what arrives on the interface before netfilter:
  // the VRRP filter (vrrp_filter.h) drops a rogue's adverts on the input
  // hook, and this watcher must still see them to report the speaker.
  const int fd = ::socket(AF_PACKET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, htons(ETH_P_IP));
  if (fd < 0) {
    error = std::string("cannot open a packet socket: ") + std::strerror(errno);
    return false;
  }
  sock_fprog program{static_cast<unsigned short>(std::size(kOnlyVrrp)), kOnlyVrrp};
  sockaddr_ll where{};
  where.sll_family = AF_PACKET;
  where.sll_protocol = htons(ETH_P_IP);
  where.sll_ifindex = static_cast<int>(index);
  if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &program, sizeof program) != 0 ||
      ::bind(fd, reinterpret_cast<sockaddr*>(&where), sizeof where) != 0) {
    error = std::string("cannot listen for VRRP on ") + interface + ": " + std::strerror(errno);
    ::close(fd);
    return false;
  }
  // Our own adverts are of no interest (and keepalived sends ten a second).
  int one = 1;
  ::setsockopt(fd, SOL_PACKET, PACKET_IGNORE_OUTGOING, &one, sizeof one);
  // Multicast adverts (224.0.0.18, MAC 01:00:5e:00:00:12) pass a real NIC's
  // filter only while the group is joined (keepalived does not in unicast mode).
  packet_mreq join{};
  join.mr_ifindex = static_cast<int>(index);
  join.mr_type = PACKET_MR_MULTICAST;
  join.mr_alen = 6;
  const unsigned char group[6] = {0x01, 0x00, 0x5e, 0x00, 0x00, 0x12};
  std::memcpy(join.mr_address, group, sizeof group);
  if (::setsockopt(fd, SOL_PACKET, PACKET_ADD_MEMBERSHIP, &join, sizeof join) != 0)
    log_->warn("cannot join 224.0.0.18 on {}: {}", interface, std::strerror(errno));
  socket_ = std::make_unique<boost::asio::posix::stream_descriptor>(io_, fd);
  wait();
  return true;
}

void VrrpWatcher::stop() {
  if (socket_) {
    boost::system::error_code ignored;
    socket_->close(ignored);
    socket_.reset();
  }
  if (!foreign_.empty()) {
    foreign_.clear();
    if (changed_) changed_();
  }
}

void VrrpWatcher::wait() {
  if (!socket_) return;
  // The socket object is owned by this watcher; a closed socket completes
  // the wait with operation_aborted, checked before touching `this`.
  socket_->async_wait(boost::asio::posix::stream_descriptor::wait_read,
                      [this](const boost::system::error_code& ec) {
                        if (ec) return;
                        receive();
                        wait();
                      });
}

void VrrpWatcher::receive() {
  std::uint8_t buffer[1500];
  for (int i = 0; i < 64 && socket_; ++i) {
    const ssize_t n = ::recv(socket_->native_handle(), buffer, sizeof buffer, 0);
    if (n <= 0) return;
    if (auto advert = parseVrrpPacket(buffer, static_cast<std::size_t>(n))) seen(*advert);
  }
}

void VrrpWatcher::seen(const VrrpAdvert& advert) {
  if (advert.routerId != routerId_ || advert.source == own_ ||
      (peer_ != 0 && advert.source == peer_))
    return;
  const auto now = std::chrono::steady_clock::now();
  lastForeign_ = now;
  const std::string source = formatIpv4(advert.source);
  auto& logged = lastLogged_[advert.source];
  if (logged == std::chrono::steady_clock::time_point{} || now - logged > kLogEvery) {
    logged = now;
    log_->error("another VRRP speaker, {}, advertises our cluster identifier {} (VRRPv{}, "
                "priority {}): the cluster identifier must be unique on the LAN",
                source, advert.routerId, advert.version, advert.priority);
  }
  if (foreign_ != source) {
    foreign_ = source;
    if (changed_) changed_();
  }
}

void VrrpWatcher::expire(std::chrono::steady_clock::duration forgetAfter) {
  if (foreign_.empty() || std::chrono::steady_clock::now() - lastForeign_ < forgetAfter) return;
  log_->info("the other VRRP speaker {} has been silent for a while", foreign_);
  foreign_.clear();
  if (changed_) changed_();
}

}  // namespace exlb::agent
