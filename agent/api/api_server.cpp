#include "api/api_server.h"

#include "api/api_server_state.h"
#include "api/listener.h"
#include "log/log.h"

namespace exlb::agent {

ApiServer::ApiServer(boost::asio::io_context& io, Appliance& appliance, Options options)
    : state_(std::make_shared<ApiServerState>(io, appliance, std::move(options))) {}

ApiServer::~ApiServer() { stop(); }

bool ApiServer::start(std::string& error) {
  if (!state_->prepare(error)) return false;
  auto listener = std::make_shared<Listener>(state_);
  if (!listener->open(state_->options().listen_address, state_->options().port, error)) {
    return false;
  }
  listener->run();
  listener_ = std::move(listener);
  return true;
}

std::uint16_t ApiServer::port() const { return listener_ ? listener_->port() : 0; }

void ApiServer::stop() {
  if (listener_) {
    listener_->stop();
    listener_.reset();
    moduleLogger("api")->info("management API stopped");
  }
  state_->detach();
  state_->closeAll();
}

}  // namespace exlb::agent
