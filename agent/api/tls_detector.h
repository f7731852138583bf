#pragma once
// The first step of every connection: waits (bounded) for the first bytes
// and decides. A TLS ClientHello goes on to an HttpsConnection; anything else
// (plain HTTP to the HTTPS port) gets a fixed 400 naming the https:// form,
// never the API or the page, and is closed.

#include <memory>
#include <string>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>

namespace exlb::agent {

class ApiServerState;
class AdmissionSlot;

class TlsDetector : public std::enable_shared_from_this<TlsDetector> {
 public:
  TlsDetector(boost::asio::ip::tcp::socket socket, std::shared_ptr<ApiServerState> state,
              std::unique_ptr<AdmissionSlot> slot, std::string peer);
  ~TlsDetector();
  void run();

 private:
  void onDetect(boost::system::error_code ec, bool isTls);
  void refusePlainHttp();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ApiServerState> state_;
  std::unique_ptr<AdmissionSlot> slot_;
  std::string peer_;
  std::string reply_;
};

}  // namespace exlb::agent
