#pragma once
// The pair channel's client side: one POST /pair/v1/<op> per connection to
// the peer's ADDRESS:PORT over mutual TLS (channel_tls.h), the whole exchange
// under one deadline. The answer arrives once, on the io_context's thread.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

namespace exlb::agent {

struct ChannelAnswer {
  bool reached = false;      // a TLS session with the pinned peer answered
  std::string error;         // why not (connection refused, timeout, certificate refused...)
  unsigned status = 0;       // HTTP status of the answer
  std::string body;
};

class PeerClient {
 public:
  PeerClient(boost::asio::io_context& io, boost::asio::ssl::context& tls);

  void post(const std::string& address, std::uint16_t port, const std::string& op,
            std::string body, std::chrono::milliseconds timeout,
            std::function<void(ChannelAnswer)> done);

 private:
  boost::asio::io_context& io_;
  boost::asio::ssl::context& tls_;
};

}  // namespace exlb::agent
