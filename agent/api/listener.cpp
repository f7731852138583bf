#include "api/listener.h"

#include <boost/asio/strand.hpp>

#include "api/api_server_state.h"
#include "api/tls_detector.h"
#include "log/log.h"

namespace exlb::agent {

namespace net = boost::asio;
using tcp = net::ip::tcp;

Listener::Listener(std::shared_ptr<ApiServerState> state)
    : state_(std::move(state)), acceptor_(net::make_strand(state_->io())),
      backoff_(acceptor_.get_executor()) {}

bool Listener::open(const std::string& address, std::uint16_t port, std::string& error) {
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
    error = "cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message();
    return false;
  }
  port_ = acceptor_.local_endpoint().port();
  moduleLogger("api")->info("management API listening on https://{}:{}/", address, port_);
  return true;
}

void Listener::run() { doAccept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->backoff_.cancel();
    self->acceptor_.close(ignored);
  });
}

void Listener::doAccept() {
  acceptor_.async_accept(net::make_strand(state_->io()),
                         [self = shared_from_this()](boost::system::error_code ec,
                                                     tcp::socket socket) {
                           self->onAccept(ec, std::move(socket));
                         });
}

void Listener::onAccept(boost::system::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    // Out of file descriptors or similar: wait a little instead of spinning.
    moduleLogger("api")->warn("accept failed: {}", ec.message());
    backoff_.expires_after(std::chrono::milliseconds(100));
    backoff_.async_wait([self = shared_from_this()](boost::system::error_code waitEc) {
      if (!waitEc) self->doAccept();
    });
    return;
  }
  boost::system::error_code peerEc;
  const auto peer = socket.remote_endpoint(peerEc);
  const std::string address = peerEc ? std::string("unknown") : peer.address().to_string();
  if (auto slot = state_->admitConnection(address)) {
    std::make_shared<TlsDetector>(std::move(socket), state_, std::move(slot), address)->run();
  } else {
    // debug, not warn: a flood of connections must not become a flood of log lines.
    moduleLogger("api")->debug("connection from {} refused: connection limit reached", address);
    socket.close(peerEc);
  }
  doAccept();
}

}  // namespace exlb::agent
