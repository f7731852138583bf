#pragma once
// Accepts TCP connections for the API and hands each one, once admitted
// (connection limits, in total and per client address), to a TlsDetector.
// A connection over a limit is closed at once: cut, never queued.

#include <cstdint>
#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>

namespace exlb::agent {

class ApiServerState;

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  explicit Listener(std::shared_ptr<ApiServerState> state);

  bool open(const std::string& address, std::uint16_t port, std::string& error);
  std::uint16_t port() const { return port_; }
  void run();
  void stop();

 private:
  void doAccept();
  void onAccept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);

  std::shared_ptr<ApiServerState> state_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer backoff_;
  std::uint16_t port_ = 0;
};

}  // namespace exlb::agent
