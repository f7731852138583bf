#pragma once
// The live event stream (GET /api/v1/events, a WebSocket over the same TLS
// connection): first a status snapshot, then every Event the appliance
// publishes, each as one JSON text message (protobuf's JSON mapping). One
// write in flight behind a bounded queue: a client that cannot keep up is
// closed (policy error "too slow") rather than buffered without end. The
// client's own messages are read and ignored (pings are answered by Beast).

#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "api/api_http.h"
#include "api/api_request.h"
#include "api/api_server_state.h"

namespace exlb::agent {

class EventStream : public Closable, public std::enable_shared_from_this<EventStream> {
 public:
  static constexpr std::size_t kMaxQueued = 256;

  EventStream(boost::beast::ssl_stream<boost::beast::tcp_stream> stream,
              std::shared_ptr<ApiServerState> state, std::unique_ptr<AdmissionSlot> slot,
              Principal principal);
  ~EventStream() override;

  void run(HttpRequest upgrade);
  void close() override;

 private:
  void onAccept(boost::system::error_code ec);
  void push(std::string message);
  void doWrite();
  void onWrite(boost::system::error_code ec);
  void doRead();
  void finish();

  boost::beast::websocket::stream<boost::beast::ssl_stream<boost::beast::tcp_stream>> ws_;
  std::shared_ptr<ApiServerState> state_;
  std::unique_ptr<AdmissionSlot> slot_;
  Principal principal_;
  boost::beast::flat_buffer read_buffer_;
  std::deque<std::string> queue_;
  bool writing_ = false;
  bool closing_ = false;
  std::uint64_t subscription_ = 0;
  bool subscribed_ = false;
};

}  // namespace exlb::agent
