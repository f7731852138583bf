#pragma once
// Listens to the VRRP advertisements on this node's segment (a packet
// socket on the node's interface with a kernel filter keeping protocol 112,
// joined to 224.0.0.18's MAC; it sees them in front of netfilter, so also
// those the VRRP filter drops) and
// notices another speaker using our virtual router id: neither this node nor
// the configured peer. The guide wants the cluster identifier unique on the
// LAN; a clash is what makes pairs fight over addresses in the field.
//
// Needs CAP_NET_RAW (the agent's unit grants it). Observation only: nothing
// is ever sent.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "ha/vrrp_packet.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>

namespace spdlog {
class logger;
}

namespace exlb::agent {

class VrrpWatcher {
 public:
  explicit VrrpWatcher(boost::asio::io_context& io);
  ~VrrpWatcher();

  // Starts listening for `routerId` on `interface`, which holds `ownAddress`.
  // `peerAddress` may be empty. False with `error` when the socket cannot be
  // made (no CAP_NET_RAW): the rest of HA works without it.
  bool start(const std::string& interface, const std::string& ownAddress,
             const std::string& peerAddress, int routerId, std::string& error);
  void stop();

  // The source of the latest foreign advertisement seen within `forgetAfter`,
  // else "". Call expire() now and then to let a silent clash clear.
  std::string foreignSpeaker() const { return foreign_; }
  void expire(std::chrono::steady_clock::duration forgetAfter = std::chrono::seconds(10));
  void setListener(std::function<void()> changed) { changed_ = std::move(changed); }

 private:
  void wait();
  void receive();
  void seen(const VrrpAdvert& advert);

  boost::asio::io_context& io_;
  std::shared_ptr<spdlog::logger> log_;
  std::unique_ptr<boost::asio::posix::stream_descriptor> socket_;
  std::uint32_t own_ = 0;
  std::uint32_t peer_ = 0;
  int routerId_ = 0;
  std::string foreign_;
  std::chrono::steady_clock::time_point lastForeign_;
  // Last log line per source: one line a minute per speaker at most.
  std::map<std::uint32_t, std::chrono::steady_clock::time_point> lastLogged_;
  std::function<void()> changed_;
};

}  // namespace exlb::agent
