// exlb-api-test-server: the real ApiServer (TLS, HTTP, WebSocket, accounts,
// audit) over a FakeAppliance, for the API's integration tests and the
// benchmark. Prints "listening <port>" once ready; stops on SIGTERM/SIGINT.
//
// usage: exlb-api-test-server --data-dir DIR [--listen ADDR:PORT] [--idle SECONDS]
//        [--absolute SECONDS] [--request-timeout SECONDS] [--max-per-address N]
//        [--max-connections N] [--cheap-hashes] [--system-root DIR]
#include <sodium.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdio>
#include <iostream>
#include <string>

#include "api/api_server.h"
#include "api/engine_control.h"
#include "fake_appliance.h"
#include "log/log.h"

namespace {

// A stand-in for HAProxy in the Services tab: start/stop/restart/reload
// change its state and pid as the real engine would (no process).
class FakeEngine final : public exlb::agent::EngineControl {
 public:
  exlb::v1::EngineStatus status() const override {
    exlb::v1::EngineStatus s;
    s.set_name("haproxy");
    s.set_state(running_ ? exlb::v1::ENGINE_STATE_RUNNING : exlb::v1::ENGINE_STATE_STOPPED);
    s.set_pid(running_ ? pid_ : 0);
    s.set_started_unix_ms(running_ ? 1700000000000 : 0);
    s.set_version("fake");
    return s;
  }
  bool heldByAdmin() const override { return !running_; }
  void start(Done done) override {
    const bool was = running_;
    running_ = true;
    done(true, was ? "HAProxy is already running" : "HAProxy started");
  }
  void stop(Done done) override {
    running_ = false;
    done(true, "HAProxy stopped");
  }
  void restart(Done done) override {
    running_ = true;
    ++pid_;
    done(true, "HAProxy restarted");
  }
  void reload(Done done) override {
    if (!running_) return done(false, "HAProxy is not running; start it instead");
    done(true, "HAProxy reloaded seamlessly");
  }

 private:
  bool running_ = true;
  std::uint32_t pid_ = 4242;
};

bool parseListen(const std::string& text, exlb::agent::ApiServer::Options& options) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) return false;
  options.listen_address = text.substr(0, colon);
  options.port = static_cast<std::uint16_t>(std::stoi(text.substr(colon + 1)));
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace exlb::agent;
  initLogging("warn");
  ApiServer::Options options;
  options.listen_address = "127.0.0.1";
  options.port = 0;
  options.host_name = "localhost";
  for (int i = 1; i + 1 < argc + 1; ++i) {
    const std::string arg = argv[i];
    const std::string value = i + 1 < argc ? argv[i + 1] : "";
    if (arg == "--cheap-hashes") {
      options.pwhash_ops_limit = crypto_pwhash_OPSLIMIT_MIN;
      options.pwhash_mem_limit = crypto_pwhash_MEMLIMIT_MIN;
      continue;
    }
    if (value.empty()) break;
    ++i;
    if (arg == "--data-dir") options.data_dir = value;
    else if (arg == "--system-root") options.system_root = value;
    else if (arg == "--listen" && parseListen(value, options)) continue;
    else if (arg == "--idle") options.session_idle_timeout = std::chrono::seconds(std::stoi(value));
    else if (arg == "--absolute") options.session_absolute_timeout = std::chrono::seconds(std::stoi(value));
    else if (arg == "--request-timeout") {
      options.request_timeout = std::chrono::seconds(std::stoi(value));
      options.handshake_timeout = options.request_timeout;
      options.keep_alive_timeout = options.request_timeout;
    } else if (arg == "--max-per-address") options.max_connections_per_address = std::stoul(value);
    else if (arg == "--max-connections") options.max_connections = std::stoul(value);
    else {
      std::cerr << "unknown option " << arg << "\n";
      return 2;
    }
  }
  if (options.data_dir.empty()) {
    std::cerr << "usage: exlb-api-test-server --data-dir DIR [...]\n";
    return 2;
  }
  boost::asio::io_context io;
  testing::FakeAppliance appliance;
  FakeEngine haproxy;
  options.haproxy_control = &haproxy;
  ApiServer server(io, appliance, options);
  std::string error;
  if (!server.start(error)) {
    std::cerr << "exlb-api-test-server: " << error << "\n";
    return 1;
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](boost::system::error_code, int) {
    server.stop();
    // Give connections a moment to close gracefully, then leave.
    auto timer = std::make_shared<boost::asio::steady_timer>(io, std::chrono::milliseconds(200));
    timer->async_wait([&io, timer](boost::system::error_code) { io.stop(); });
  });
  std::cout << "listening " << server.port() << std::endl;
  io.run();
  return 0;
}
