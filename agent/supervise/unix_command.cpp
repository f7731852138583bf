#include "supervise/unix_command.h"

#include <array>
#include <memory>

#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>

namespace exlb::agent {

namespace {

// Answers bigger than this are a bug or an attack on the agent's memory.
constexpr std::size_t kMaxReplyBytes = 16 * 1024 * 1024;

class UnixCommand : public std::enable_shared_from_this<UnixCommand> {
 public:
  UnixCommand(boost::asio::io_context& io, std::filesystem::path socket, std::string command,
              CommandCallback done)
      : socket_(io), timer_(io), path_(std::move(socket)), command_(std::move(command) + "\n"),
        done_(std::move(done)) {}

  void start(std::chrono::milliseconds timeout) {
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
      if (!ec) self->finish(false, "timed out");
    });
    socket_.async_connect(boost::asio::local::stream_protocol::endpoint(path_.string()),
                          [self = shared_from_this()](const boost::system::error_code& ec) {
                            self->onConnect(ec);
                          });
  }

 private:
  void onConnect(const boost::system::error_code& ec) {
    if (ec) return finish(false, "cannot connect to " + path_.string() + ": " + ec.message());
    boost::asio::async_write(socket_, boost::asio::buffer(command_),
                             [self = shared_from_this()](const boost::system::error_code& wec,
                                                         std::size_t) { self->onWrite(wec); });
  }

  void onWrite(const boost::system::error_code& ec) {
    if (ec) return finish(false, "cannot send to " + path_.string() + ": " + ec.message());
    // The master CLI answers and closes only once it sees the end of input.
    boost::system::error_code ignored;
    socket_.shutdown(boost::asio::local::stream_protocol::socket::shutdown_send, ignored);
    readSome();
  }

  void readSome() {
    socket_.async_read_some(boost::asio::buffer(buffer_),
                            [self = shared_from_this()](const boost::system::error_code& ec,
                                                        std::size_t n) { self->onRead(ec, n); });
  }

  void onRead(const boost::system::error_code& ec, std::size_t n) {
    reply_.text.append(buffer_.data(), n);
    if (reply_.text.size() > kMaxReplyBytes) return finish(false, "answer too large");
    // EOF is how HAProxy ends a non-interactive answer.
    if (ec == boost::asio::error::eof) return finish(true, "");
    if (ec) return finish(false, "read from " + path_.string() + ": " + ec.message());
    readSome();
  }

  void finish(bool ok, std::string error) {
    if (!done_) return;
    timer_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
    reply_.ok = ok;
    reply_.error = std::move(error);
    auto done = std::move(done_);
    done_ = nullptr;
    done(std::move(reply_));
  }

  boost::asio::local::stream_protocol::socket socket_;
  boost::asio::steady_timer timer_;
  std::filesystem::path path_;
  std::string command_;
  CommandCallback done_;
  std::array<char, 8192> buffer_{};
  CommandReply reply_;
};

}  // namespace

void sendUnixCommand(boost::asio::io_context& io, const std::filesystem::path& socket,
                     std::string command, std::chrono::milliseconds timeout,
                     CommandCallback done) {
  if (command.find_first_of("\r\n") != std::string::npos) {
    boost::asio::post(io, [done = std::move(done)] {
      done(CommandReply{false, "a command must be one line", {}});
    });
    return;
  }
  auto cmd = std::make_shared<UnixCommand>(io, socket, std::move(command), std::move(done));
  cmd->start(timeout);
}

void sendUnixPayloadCommand(boost::asio::io_context& io, const std::filesystem::path& socket,
                            std::string command, std::string payload,
                            std::chrono::milliseconds timeout, CommandCallback done) {
  while (!payload.empty() && payload.back() == '\n') payload.pop_back();
  const bool badPayload = payload.empty() || payload.find('\r') != std::string::npos ||
                          payload.find("\n\n") != std::string::npos;
  if (command.find_first_of("\r\n") != std::string::npos || badPayload) {
    boost::asio::post(io, [done = std::move(done)] {
      done(CommandReply{false, "a payload command must be one line and a payload without empty lines", {}});
    });
    return;
  }
  // UnixCommand adds the final newline: the empty line that ends the payload.
  auto cmd = std::make_shared<UnixCommand>(io, socket, command + " <<\n" + payload + "\n",
                                           std::move(done));
  cmd->start(timeout);
}

}  // namespace exlb::agent
