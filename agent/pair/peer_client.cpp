#include "pair/peer_client.h"

#include <openssl/ssl.h>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace exlb::agent {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// One exchange: connect, handshake, write, read, then close (no shutdown
// wait: the answer is complete by then).
class Exchange : public std::enable_shared_from_this<Exchange> {
 public:
  Exchange(net::io_context& io, net::ssl::context& tls, std::function<void(ChannelAnswer)> done)
      : stream_(io, tls), done_(std::move(done)) {}

  void start(const tcp::endpoint& to, const std::string& op, std::string body,
             std::chrono::milliseconds timeout) {
    request_ = http::request<http::string_body>(http::verb::post, "/pair/v1/" + op, 11);
    request_.set(http::field::host, "exlb-pair");
    request_.set(http::field::content_type, "application/x-protobuf");
    request_.body() = std::move(body);
    request_.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(timeout);
    beast::get_lowest_layer(stream_).async_connect(
        to, [self = shared_from_this()](boost::system::error_code ec) { self->onConnect(ec); });
  }

 private:
  void onConnect(boost::system::error_code ec) {
    if (ec) return finish("cannot connect: " + ec.message());
    stream_.async_handshake(net::ssl::stream_base::client,
                            [self = shared_from_this()](boost::system::error_code hec) {
                              self->onHandshake(hec);
                            });
  }

  void onHandshake(boost::system::error_code ec) {
    if (ec) {
      const long verify = SSL_get_verify_result(stream_.native_handle());
      if (ec.category() == net::error::get_ssl_category() && verify != X509_V_OK)
        return finish("the peer's certificate is not the pinned one (high_availability."
                      "peer_certificate_sha256)");
      return finish("TLS handshake failed: " + ec.message() +
                    " (does the peer pin this node's certificate?)");
    }
    http::async_write(stream_, request_,
                      [self = shared_from_this()](boost::system::error_code wec, std::size_t) {
                        if (wec) return self->finish("cannot send: " + wec.message());
                        self->parser_.body_limit(4 * 1024 * 1024);
                        http::async_read(self->stream_, self->buffer_, self->parser_,
                                         [self](boost::system::error_code rec, std::size_t) {
                                           self->onRead(rec);
                                         });
                      });
  }

  void onRead(boost::system::error_code ec) {
    if (ec) return finish("no answer: " + ec.message());
    ChannelAnswer answer;
    answer.reached = true;
    answer.status = parser_.get().result_int();
    answer.body = std::move(parser_.get().body());
    complete(std::move(answer));
  }

  void finish(std::string error) {
    ChannelAnswer answer;
    answer.error = std::move(error);
    complete(std::move(answer));
  }

  void complete(ChannelAnswer answer) {
    boost::system::error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
    if (auto done = std::move(done_)) done(std::move(answer));
  }

  beast::ssl_stream<beast::tcp_stream> stream_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response_parser<http::string_body> parser_;
  std::function<void(ChannelAnswer)> done_;
};

}  // namespace

PeerClient::PeerClient(net::io_context& io, net::ssl::context& tls) : io_(io), tls_(tls) {}

void PeerClient::post(const std::string& address, std::uint16_t port, const std::string& op,
                      std::string body, std::chrono::milliseconds timeout,
                      std::function<void(ChannelAnswer)> done) {
  boost::system::error_code ec;
  const auto ip = net::ip::make_address(address, ec);
  if (ec) {
    net::post(io_, [done = std::move(done), address] {
      ChannelAnswer a;
      a.error = "'" + address + "' is not an IP address";
      done(std::move(a));
    });
    return;
  }
  std::make_shared<Exchange>(io_, tls_, std::move(done))
      ->start(tcp::endpoint(ip, port), op, std::move(body), timeout);
}

}  // namespace exlb::agent
