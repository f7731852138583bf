#include "ha/vrrp_watcher.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "exlb/common/ipv4.h"
#include "log/log.h"

namespace exlb::agent {

namespace {

constexpr int kVrrpProtocol = 112;
constexpr auto kLogEvery = std::chrono::minutes(1);

}  // namespace

VrrpWatcher::VrrpWatcher(boost::asio::io_context& io) : io_(io), log_(moduleLogger("ha")) {}

VrrpWatcher::~VrrpWatcher() { stop(); }

bool VrrpWatcher::start(const std::string& ownAddress, const std::string& peerAddress,
                        int routerId, std::string& error) {
  stop();
  const auto own = parseIpv4(ownAddress);
  if (!own) {
    error = "no own address";
    return false;
  }
  own_ = *own;
  peer_ = parseIpv4(peerAddress).value_or(0);
  routerId_ = routerId;
  const int fd = ::socket(AF_INET, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, kVrrpProtocol);
  if (fd < 0) {
    error = std::string("cannot open a raw VRRP socket: ") + std::strerror(errno);
    return false;
  }
  // Multicast adverts reach a raw socket only while someone on the host has
  // joined the group on that interface (keepalived does not in unicast mode).
  ip_mreq join{};
  join.imr_multiaddr.s_addr = htonl(0xE0000012);  // 224.0.0.18
  join.imr_interface.s_addr = htonl(own_);
  if (::setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &join, sizeof join) != 0)
    log_->warn("cannot join 224.0.0.18 on {}: {}", ownAddress, std::strerror(errno));
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
