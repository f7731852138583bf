#include "api/tls_detector.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/detect_ssl.hpp>

#include "api/api_server_state.h"
#include "api/https_connection.h"

namespace exlb::agent {

namespace beast = boost::beast;
namespace net = boost::asio;

TlsDetector::TlsDetector(net::ip::tcp::socket socket, std::shared_ptr<ApiServerState> state,
                         std::unique_ptr<AdmissionSlot> slot, std::string peer)
    : stream_(std::move(socket)), state_(std::move(state)), slot_(std::move(slot)),
      peer_(std::move(peer)) {}

TlsDetector::~TlsDetector() = default;

void TlsDetector::run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->stream_.expires_after(self->state_->options().handshake_timeout);
    beast::async_detect_ssl(self->stream_, self->buffer_,
                            [self](boost::system::error_code ec, bool isTls) {
                              self->onDetect(ec, isTls);
                            });
  });
}

void TlsDetector::onDetect(boost::system::error_code ec, bool isTls) {
  if (ec || state_->stopping()) return;  // timeout or gone: the socket closes with us
  if (!isTls) {
    refusePlainHttp();
    return;
  }
  std::make_shared<HttpsConnection>(std::move(stream_), std::move(buffer_), state_,
                                    std::move(slot_), peer_)
      ->run();
}

void TlsDetector::refusePlainHttp() {
  boost::system::error_code ec;
  const auto local = stream_.socket().local_endpoint(ec);
  const std::string body = "This port speaks HTTPS only: use https://<appliance>:" +
                           std::to_string(ec ? state_->options().port : local.port()) + "/\n";
  reply_ = "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n"
           "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  net::async_write(stream_, net::buffer(reply_),
                   [self = shared_from_this()](boost::system::error_code, std::size_t) {
                     boost::system::error_code ignored;
                     self->stream_.socket().shutdown(net::ip::tcp::socket::shutdown_both, ignored);
                     self->stream_.close();
                   });
}

}  // namespace exlb::agent
