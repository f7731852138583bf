#include "supervise/tcp_probe.h"

#include <memory>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

namespace exlb::agent {

namespace {

struct ProbeRun {
  explicit ProbeRun(boost::asio::io_context& io) : timer(io) {}
  boost::asio::steady_timer timer;
  std::vector<std::unique_ptr<boost::asio::ip::tcp::socket>> sockets;
  std::vector<ProbeResult> results;
  std::size_t pending = 0;
  ProbeCallback done;

  void finishOne() {
    if (--pending == 0 && done) {
      timer.cancel();
      auto cb = std::move(done);
      done = nullptr;
      cb(std::move(results));
    }
  }
};

}  // namespace

void probeListeners(boost::asio::io_context& io, std::vector<ProbeTarget> targets,
                    std::chrono::milliseconds timeout, ProbeCallback done) {
  auto run = std::make_shared<ProbeRun>(io);
  run->done = std::move(done);
  run->pending = targets.size() + 1;  // +1: released after every connect started
  for (const auto& t : targets) {
    run->results.push_back({t.name + " " + t.address + ":" + std::to_string(t.port), false, {}});
  }
  for (std::size_t i = 0; i < targets.size(); ++i)
    run->sockets.push_back(std::make_unique<boost::asio::ip::tcp::socket>(io));
  for (std::size_t i = 0; i < targets.size(); ++i) {
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(
        targets[i].address == "0.0.0.0" ? "127.0.0.1" : targets[i].address, ec);
    if (ec) {
      run->results[i].error = "bad address";
      run->finishOne();
      continue;
    }
    run->sockets[i]->async_connect({address, targets[i].port},
                          [run, i](const boost::system::error_code& cec) {
                            if (cec) {
                              run->results[i].error = cec.message();
                            } else {
                              run->results[i].accepting = true;
                            }
                            boost::system::error_code ignored;
                            run->sockets[i]->close(ignored);
                            run->finishOne();
                          });
  }
  // A listener that neither accepts nor refuses (SYN dropped) fails here.
  run->timer.expires_after(timeout);
  run->timer.async_wait([run](const boost::system::error_code& ec) {
    if (ec) return;
    for (auto& s : run->sockets) {
      boost::system::error_code ignored;
      s->close(ignored);  // pending connects complete with operation_aborted
    }
  });
  boost::asio::post(io, [run] { run->finishOne(); });
}

}  // namespace exlb::agent
