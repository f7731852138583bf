#include "api/https_connection.h"

#include <algorithm>

#include <boost/asio/dispatch.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "api/body_codec.h"
#include "api/event_stream.h"
#include "config/atomic_file.h"
#include "log/log.h"

namespace exlb::agent {

namespace beast = boost::beast;
namespace net = boost::asio;

namespace {

constexpr std::chrono::seconds kWriteTimeout{15};
constexpr std::chrono::seconds kShutdownTimeout{3};

// A minimal request to build error answers when the real one never parsed.
HttpRequest placeholderRequest() {
  HttpRequest request{http::verb::get, "/", 11};
  request.keep_alive(false);
  return request;
}

bool isPeerGone(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == net::ssl::error::stream_truncated ||
         ec == net::error::eof || ec == net::error::connection_reset ||
         ec == net::error::operation_aborted || ec == beast::error::timeout;
}

}  // namespace

HttpsConnection::HttpsConnection(beast::tcp_stream stream, beast::flat_buffer buffer,
                                 std::shared_ptr<ApiServerState> state,
                                 std::unique_ptr<AdmissionSlot> slot, std::string peer)
    : tls_(state->tls()), stream_(std::move(stream), *tls_), buffer_(std::move(buffer)),
      state_(std::move(state)), slot_(std::move(slot)), peer_(std::move(peer)) {}

HttpsConnection::~HttpsConnection() { state_->remove(this); }

void HttpsConnection::run() {
  state_->add(this, weak_from_this());
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    beast::get_lowest_layer(self->stream_).expires_after(self->state_->options().handshake_timeout);
    self->stream_.async_handshake(net::ssl::stream_base::server, self->buffer_.data(),
                                  [self](boost::system::error_code ec, std::size_t used) {
                                    self->onHandshake(ec, used);
                                  });
  });
}

void HttpsConnection::close() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->closing_ = true;
    beast::get_lowest_layer(self->stream_).cancel();
    beast::get_lowest_layer(self->stream_).close();
  });
}

void HttpsConnection::onHandshake(boost::system::error_code ec, std::size_t used) {
  if (ec) return;  // not TLS we accept (old version, no shared cipher) or too slow
  buffer_.consume(used);
  doReadHeader();
}

void HttpsConnection::doReadHeader() {
  if (closing_ || state_->stopping()) return;
  const auto& options = state_->options();
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(options.header_limit_bytes));
  // The head decides the limit (onReadHeader): the firmware upload may be
  // larger than any other body, and Beast checks Content-Length on the head.
  parser_->body_limit(std::max(options.body_limit_bytes, options.upload_limit_bytes));
  // The whole request must arrive within the deadline, however slowly it
  // trickles: that is what cuts slowloris clients off.
  beast::get_lowest_layer(stream_).expires_after(first_request_ ? options.request_timeout
                                                                : options.keep_alive_timeout);
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                            self->onReadHeader(ec);
                          });
}

void HttpsConnection::onReadHeader(boost::system::error_code ec) {
  if (ec) {
    respondToReadError(ec);
    return;
  }
  first_request_ = false;
  beast::get_lowest_layer(stream_).expires_after(state_->options().request_timeout);
  const auto& head = parser_->get();
  if (beast::websocket::is_upgrade(head)) {
    // An upgrade request carries no body we want.
    dispatch();
    return;
  }
  auto upload = state_->dispatcher().decideUpload(head);
  if (upload.refusal) {
    write(std::move(*upload.refusal), true);
    return;
  }
  const bool streamed = upload.streamed && !parser_->is_done();
  if (!streamed) {
    const auto limit = state_->options().body_limit_bytes;
    const auto length = parser_->content_length();
    if (length && *length > limit) {
      respondToReadError(http::error::body_limit);
      return;
    }
    parser_->body_limit(limit);  // chunked bodies are counted as they come
  }
  if (!parser_->is_done() && beast::iequals(head[http::field::expect], "100-continue")) {
    auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
    http::async_write(stream_, *cont,
                      [self = shared_from_this(), cont, streamed](boost::system::error_code wec, std::size_t) {
                        if (wec) return;
                        streamed ? self->doReadUpload() : self->doReadBody();
                      });
    return;
  }
  streamed ? doReadUpload() : doReadBody();
}

void HttpsConnection::doReadUpload() {
  const auto& options = state_->options();
  const std::filesystem::path dir = options.data_dir / "uploads";
  bool planted = false;
  std::string error;
  boost::system::error_code ec;
  if (ensurePrivateDir(dir, planted, error) && !planted) {
    uploadPath_ = dir / (std::string(kTempPrefix) + "stream" + std::string(kTempMarker) +
                         std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
                         std::to_string(++uploadSeq_));
    upload_.emplace(std::move(*parser_));
    upload_->body_limit(options.upload_limit_bytes);
    upload_->get().body().open(uploadPath_.c_str(), beast::file_mode::write_new, ec);
  }
  if (planted || !error.empty() || ec) {
    upload_.reset();
    write(errorResponse(placeholderRequest(), http::status::internal_server_error, "upload-failed",
                        "The upload cannot be stored on the appliance."),
          true);
    return;
  }
  // An upload of hundreds of megabytes takes longer than a request may.
  beast::get_lowest_layer(stream_).expires_after(options.upload_timeout);
  http::async_read(stream_, buffer_, *upload_,
                   [self = shared_from_this()](boost::system::error_code rec, std::size_t) {
                     self->onReadUpload(rec);
                   });
}

void HttpsConnection::onReadUpload(boost::system::error_code ec) {
  upload_->get().body().close();
  const std::filesystem::path file = uploadPath_;
  auto removeFile = [file] {
    std::error_code rm;
    std::filesystem::remove(file, rm);
  };
  if (ec) {
    removeFile();
    upload_.reset();
    if (ec == http::error::body_limit) {
      write(errorResponse(placeholderRequest(), http::status::payload_too_large, "body-too-large",
                          "The upload is larger than " +
                              std::to_string(state_->options().upload_limit_bytes) + " bytes."),
            true);
      return;
    }
    respondToReadError(ec);
    return;
  }
  HttpRequest request{http::request_header<>(upload_->get().base())};
  upload_.reset();
  const bool keepAlive = request.keep_alive();
  state_->dispatcher().handle(
      std::move(request), peer_,
      [self = shared_from_this(), keepAlive, removeFile](HttpResponse response) {
        removeFile();  // whatever the handler did with it
        net::dispatch(self->stream_.get_executor(),
                      [self, keepAlive, response = std::move(response)]() mutable {
                        self->write(std::move(response), !keepAlive);
                      });
      },
      file);
}

void HttpsConnection::doReadBody() {
  if (parser_->is_done()) {
    dispatch();
    return;
  }
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                     self->onReadBody(ec);
                   });
}

void HttpsConnection::onReadBody(boost::system::error_code ec) {
  if (ec) {
    respondToReadError(ec);
    return;
  }
  dispatch();
}

void HttpsConnection::respondToReadError(boost::system::error_code ec) {
  const auto& httpCategory = http::make_error_code(http::error::end_of_stream).category();
  if (isPeerGone(ec) || ec.category() != httpCategory || ec == http::error::partial_message) {
    return;  // nothing to answer to: the connection closes with this object
  }
  const HttpRequest request = placeholderRequest();
  if (ec == http::error::body_limit) {
    write(errorResponse(request, http::status::payload_too_large, "body-too-large",
                        "The request body is larger than " +
                            std::to_string(state_->options().body_limit_bytes) + " bytes."),
          true);
  } else if (ec == http::error::header_limit) {
    write(errorResponse(request, http::status::request_header_fields_too_large,
                        "headers-too-large", "The request's headers are too large."),
          true);
  } else {
    write(errorResponse(request, http::status::bad_request, "bad-request",
                        "The request is not valid HTTP/1.1: " + ec.message() + "."),
          true);
  }
}

void HttpsConnection::dispatch() {
  HttpRequest request = parser_->release();
  if (beast::websocket::is_upgrade(request)) {
    upgradeToEvents(std::move(request));
    return;
  }
  const bool keepAlive = request.keep_alive();
  state_->dispatcher().handle(
      std::move(request), peer_,
      [self = shared_from_this(), keepAlive](HttpResponse response) {
        net::dispatch(self->stream_.get_executor(),
                      [self, keepAlive, response = std::move(response)]() mutable {
                        self->write(std::move(response), !keepAlive);
                      });
      });
}

void HttpsConnection::upgradeToEvents(HttpRequest request) {
  RequestPath path;
  std::string error;
  const bool isEvents = parseRequestTarget(sv(request.target()), path, error) &&
                        path.path == ApiDispatcher::kEventsPath &&
                        request.method() == http::verb::get;
  if (!isEvents) {
    write(errorResponse(request, http::status::not_found, "not-found",
                        "Only /api/v1/events is a WebSocket."),
          true);
    return;
  }
  auto who = state_->dispatcher().authorizeEvents(request);
  if (auto* refused = std::get_if<HttpResponse>(&who)) {
    write(std::move(*refused), true);
    return;
  }
  auto slot = state_->admitEventStream(peer_);
  if (!slot) {
    write(errorResponse(request, http::status::too_many_requests, "too-many-streams",
                        "Too many event streams are open; close one and retry.", {}, 5),
          true);
    return;
  }
  beast::get_lowest_layer(stream_).expires_never();
  std::make_shared<EventStream>(std::move(stream_), state_, std::move(slot),
                                std::get<Principal>(std::move(who)))
      ->run(std::move(request));
}

void HttpsConnection::write(HttpResponse response, bool closeAfter) {
  if (closeAfter) response.keep_alive(false);
  const bool close = closeAfter || !response.keep_alive();
  response_ = std::make_shared<HttpResponse>(std::move(response));
  beast::get_lowest_layer(stream_).expires_after(kWriteTimeout);
  http::async_write(stream_, *response_,
                    [self = shared_from_this(), close](boost::system::error_code ec, std::size_t) {
                      self->onWrite(ec, close);
                    });
}

void HttpsConnection::onWrite(boost::system::error_code ec, bool close) {
  response_.reset();
  if (ec) return;
  if (close) {
    doShutdown();
    return;
  }
  doReadHeader();
}

void HttpsConnection::doShutdown() {
  beast::get_lowest_layer(stream_).expires_after(kShutdownTimeout);
  stream_.async_shutdown([self = shared_from_this()](boost::system::error_code) {
    beast::get_lowest_layer(self->stream_).close();
  });
}

}  // namespace exlb::agent
