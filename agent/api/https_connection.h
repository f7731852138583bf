#pragma once
// One TLS connection: handshake, then HTTP/1.1 requests one after the other
// (read head, maybe "100 Continue", read body, dispatch, write; one write in
// flight), each step under a deadline. Parser limits answer 431 (head too
// large) or 413 (body too large) and close; malformed HTTP gets 400 and
// close; a client too slow to send a request (slowloris) is cut off. A
// WebSocket upgrade of /api/v1/events becomes an EventStream.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "api/api_http.h"
#include "api/api_server_state.h"

namespace exlb::agent {

class HttpsConnection : public Closable, public std::enable_shared_from_this<HttpsConnection> {
 public:
  HttpsConnection(boost::beast::tcp_stream stream, boost::beast::flat_buffer buffer,
                  std::shared_ptr<ApiServerState> state, std::unique_ptr<AdmissionSlot> slot,
                  std::string peer);
  ~HttpsConnection() override;

  void run();
  void close() override;

 private:
  void onHandshake(boost::system::error_code ec, std::size_t used);
  void doReadHeader();
  void onReadHeader(boost::system::error_code ec);
  void doReadBody();
  void onReadBody(boost::system::error_code ec);
  // The firmware upload: its body goes to a private file, not to memory.
  void doReadUpload();
  void onReadUpload(boost::system::error_code ec);
  void dispatch();
  void upgradeToEvents(HttpRequest request);
  void write(HttpResponse response, bool closeAfter);
  void onWrite(boost::system::error_code ec, bool close);
  void respondToReadError(boost::system::error_code ec);
  void doShutdown();

  // The management identity when the connection was accepted (a later
  // certificate swap leaves this connection as it is).
  std::shared_ptr<boost::asio::ssl::context> tls_;
  boost::beast::ssl_stream<boost::beast::tcp_stream> stream_;
  boost::beast::flat_buffer buffer_;
  std::shared_ptr<ApiServerState> state_;
  std::unique_ptr<AdmissionSlot> slot_;
  std::string peer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::request_parser<http::file_body>> upload_;
  std::filesystem::path uploadPath_;
  std::shared_ptr<HttpResponse> response_;   // kept alive while it is written
  std::uint64_t uploadSeq_ = 0;
  bool first_request_ = true;
  bool closing_ = false;
};

}  // namespace exlb::agent
