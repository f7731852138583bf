#pragma once
// The pair channel's server side (--peer-listen, 0.0.0.0:4445 by default):
// mutual TLS pinned to the peer's certificate (channel_tls.h), then ONE
// request per connection (POST /pair/v1/<op>, protobuf body), handed to the
// handler, whose answer is written back before the connection closes. Every
// step has a deadline; at most kMaxConnections at once (more are cut).

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

namespace exlb::agent {

struct ChannelRequest {
  std::string op;            // the last path segment: "state", "change", "save"
  std::string body;          // binary protobuf
  std::string peerAddress;   // as the socket saw it
};
// status 200 with a protobuf body, else an error status (the body still a
// protobuf answer where the op has one).
using ChannelReply = std::function<void(unsigned status, std::string body)>;
using ChannelHandler = std::function<void(ChannelRequest, ChannelReply)>;

class PeerChannelServer {
 public:
  static constexpr std::size_t kMaxConnections = 16;
  static constexpr std::size_t kMaxBodyBytes = 4 * 1024 * 1024;

  PeerChannelServer(boost::asio::io_context& io, boost::asio::ssl::context& tls,
                    ChannelHandler handler);
  ~PeerChannelServer();

  bool open(const std::string& address, std::uint16_t port, std::string& error);
  std::uint16_t port() const;
  void stop();

  struct Shared;  // what the connections share with the server

 private:
  void doAccept();

  boost::asio::io_context& io_;
  std::shared_ptr<Shared> shared_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
};

}  // namespace exlb::agent
