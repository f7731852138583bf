#include "pair/peer_channel_server.h"

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "log/log.h"

namespace exlb::agent {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

constexpr std::chrono::seconds kStepTimeout{10};
// How long the handler may take: a pair apply waits for a reload and probe.
constexpr std::chrono::seconds kHandlerTimeout{90};

}  // namespace

struct PeerChannelServer::Shared {
  net::ssl::context& tls;
  ChannelHandler handler;
  std::size_t open = 0;
  bool stopped = false;
};

namespace {

class ChannelConnection : public std::enable_shared_from_this<ChannelConnection> {
 public:
  ChannelConnection(tcp::socket socket, std::shared_ptr<PeerChannelServer::Shared> shared,
                    std::string peer)
      : stream_(beast::tcp_stream(std::move(socket)), shared->tls),
        shared_(std::move(shared)),
        peer_(std::move(peer)) {
    ++shared_->open;
  }
  ~ChannelConnection() { --shared_->open; }

  void run() {
    beast::get_lowest_layer(stream_).expires_after(kStepTimeout);
    stream_.async_handshake(net::ssl::stream_base::server,
                            [self = shared_from_this()](boost::system::error_code ec) {
                              self->onHandshake(ec);
                            });
  }

 private:
  void onHandshake(boost::system::error_code ec) {
    if (ec) {
      // Someone without the pinned key (or a port scanner): nothing to answer.
      moduleLogger("pair")->info("pair channel: handshake from {} refused: {}", peer_,
                                 ec.message());
      return;
    }
    parser_.body_limit(PeerChannelServer::kMaxBodyBytes);
    beast::get_lowest_layer(stream_).expires_after(kStepTimeout);
    http::async_read(stream_, buffer_, parser_,
                     [self = shared_from_this()](boost::system::error_code rec, std::size_t) {
                       self->onRead(rec);
                     });
  }

  void onRead(boost::system::error_code ec) {
    if (ec) return;
    auto& request = parser_.get();
    const std::string target(request.target());
    const std::string prefix = "/pair/v1/";
    if (request.method() != http::verb::post || target.rfind(prefix, 0) != 0) {
      return write(404, "no such pair operation");
    }
    beast::get_lowest_layer(stream_).expires_after(kHandlerTimeout);
    ChannelRequest r{target.substr(prefix.size()), std::move(request.body()), peer_};
    // The answer may come much later (a pair apply waits for a reload and its
    // probe): the reply keeps the connection alive until then.
    shared_->handler(std::move(r), [self = shared_from_this()](unsigned status, std::string body) {
      self->write(status, std::move(body));
    });
  }

  void write(unsigned status, std::string body) {
    if (answered_) return;
    answered_ = true;
    response_ = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(status), 11);
    response_->set(http::field::content_type, "application/x-protobuf");
    response_->keep_alive(false);
    response_->body() = std::move(body);
    response_->prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(kStepTimeout);
    http::async_write(stream_, *response_,
                      [self = shared_from_this()](boost::system::error_code wec, std::size_t) {
                        if (wec) return;
                        beast::get_lowest_layer(self->stream_).expires_after(kStepTimeout);
                        self->stream_.async_shutdown([self](boost::system::error_code) {});
                      });
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  http::request_parser<http::string_body> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  std::shared_ptr<PeerChannelServer::Shared> shared_;
  std::string peer_;
  bool answered_ = false;
};

}  // namespace

PeerChannelServer::PeerChannelServer(net::io_context& io, net::ssl::context& tls,
                                     ChannelHandler handler)
    : io_(io), shared_(std::make_shared<Shared>(Shared{tls, std::move(handler)})), acceptor_(io) {}

PeerChannelServer::~PeerChannelServer() { stop(); }

bool PeerChannelServer::open(const std::string& address, std::uint16_t port, std::string& error) {
  boost::system::error_code ec;
  const auto ip = net::ip::make_address(address, ec);
  if (ec) {
    error = "'" + address + "' is not an IP address to listen on";
    return false;
  }
  const tcp::endpoint endpoint{ip, port};
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "cannot listen for the pair channel on " + address + ":" + std::to_string(port) +
            ": " + ec.message();
    return false;
  }
  port_ = acceptor_.local_endpoint().port();
  doAccept();
  return true;
}

std::uint16_t PeerChannelServer::port() const { return port_; }

void PeerChannelServer::stop() {
  shared_->stopped = true;
  boost::system::error_code ignored;
  acceptor_.close(ignored);
}

void PeerChannelServer::doAccept() {
  acceptor_.async_accept([this, shared = shared_](boost::system::error_code ec, tcp::socket socket) {
    if (shared->stopped || ec == net::error::operation_aborted) return;
    if (!ec) {
      boost::system::error_code peerEc;
      const auto peer = socket.remote_endpoint(peerEc);
      if (shared->open >= kMaxConnections) {
        socket.close(peerEc);
      } else {
        std::make_shared<ChannelConnection>(std::move(socket), shared,
                                            peerEc ? "unknown" : peer.address().to_string())
            ->run();
      }
    }
    doAccept();
  });
}

}  // namespace exlb::agent
