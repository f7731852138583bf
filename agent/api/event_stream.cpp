#include "api/event_stream.h"

#include <boost/asio/dispatch.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include "api/body_codec.h"
#include "log/log.h"

namespace exlb::agent {

namespace beast = boost::beast;
namespace net = boost::asio;
namespace websocket = beast::websocket;

namespace {

constexpr std::size_t kClientMessageMax = 4096;
constexpr const char* kSubprotocol = "exlb.v1";

bool offersSubprotocol(std::string_view offered) {
  std::size_t start = 0;
  while (start < offered.size()) {
    const auto end = std::min(offered.find(',', start), offered.size());
    std::string_view item = offered.substr(start, end - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item == kSubprotocol) return true;
    start = end + 1;
  }
  return false;
}

std::int64_t nowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

EventStream::EventStream(beast::ssl_stream<beast::tcp_stream> stream,
                         std::shared_ptr<ApiServerState> state, std::unique_ptr<AdmissionSlot> slot,
                         Principal principal)
    : ws_(std::move(stream)), state_(std::move(state)), slot_(std::move(slot)),
      principal_(std::move(principal)) {}

EventStream::~EventStream() {
  if (subscribed_) state_->appliance().unsubscribe(subscription_);
  state_->remove(this);
}

void EventStream::run(HttpRequest upgrade) {
  state_->add(this, weak_from_this());
  ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
  ws_.read_message_max(kClientMessageMax);
  const bool echoProtocol = offersSubprotocol(sv(upgrade[http::field::sec_websocket_protocol]));
  ws_.set_option(websocket::stream_base::decorator([echoProtocol](websocket::response_type& res) {
    res.set(http::field::server, "exlb");
    if (echoProtocol) res.set(http::field::sec_websocket_protocol, kSubprotocol);
  }));
  auto request = std::make_shared<HttpRequest>(std::move(upgrade));
  ws_.async_accept(*request, [self = shared_from_this(), request](boost::system::error_code ec) {
    self->onAccept(ec);
  });
}

void EventStream::onAccept(boost::system::error_code ec) {
  if (ec) return;
  moduleLogger("api")->info("event stream opened by {}", principal_.username);
  std::weak_ptr<EventStream> weak = weak_from_this();
  subscription_ = state_->appliance().subscribe([weak](const v1::Event& event) {
    auto self = weak.lock();
    if (!self) return;
    auto text = encodeMessage(event, WireFormat::Json);
    net::dispatch(self->ws_.get_executor(), [self, text = std::move(text)]() mutable {
      self->push(std::move(text));
    });
  });
  subscribed_ = true;
  v1::Event snapshot;
  snapshot.set_time_unix_ms(nowUnixMs());
  *snapshot.mutable_status() = state_->appliance().status();
  push(encodeMessage(snapshot, WireFormat::Json));
  doRead();
}

void EventStream::push(std::string message) {
  if (closing_) return;
  if (queue_.size() >= kMaxQueued) {
    moduleLogger("api")->warn("event stream of {} closed: client too slow", principal_.username);
    closing_ = true;
    queue_.clear();
    ws_.async_close(websocket::close_reason(websocket::close_code::policy_error, "too slow"),
                    [self = shared_from_this()](boost::system::error_code) { self->finish(); });
    return;
  }
  queue_.push_back(std::move(message));
  if (!writing_) doWrite();
}

void EventStream::doWrite() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(net::buffer(queue_.front()),
                  [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
                    self->onWrite(ec);
                  });
}

void EventStream::onWrite(boost::system::error_code ec) {
  writing_ = false;
  if (ec) {
    finish();
    return;
  }
  if (!queue_.empty()) queue_.pop_front();
  if (!queue_.empty() && !closing_) doWrite();
}

void EventStream::doRead() {
  ws_.async_read(read_buffer_, [self = shared_from_this()](boost::system::error_code ec, std::size_t) {
    if (ec) {
      self->finish();
      return;
    }
    self->read_buffer_.clear();  // the client has nothing to say on this stream
    self->doRead();
  });
}

void EventStream::close() {
  net::dispatch(ws_.get_executor(), [self = shared_from_this()] {
    if (self->closing_) return;
    self->closing_ = true;
    self->ws_.async_close(websocket::close_code::going_away,
                          [self](boost::system::error_code) { self->finish(); });
  });
}

void EventStream::finish() {
  closing_ = true;
  if (subscribed_) {
    subscribed_ = false;
    state_->appliance().unsubscribe(subscription_);
  }
  boost::system::error_code ignored;
  beast::get_lowest_layer(ws_).socket().close(ignored);
}

}  // namespace exlb::agent
