#pragma once
// The Services tab's HAProxy row over the real supervisor: start/stop are
// release()/hold() (the agent stays up, nothing restarts a stopped HAProxy),
// restart is both, reload is a seamless reload of haproxy.cfg as it is.
// Certificates are swapped through the runtime API (stats socket):
//   set ssl cert <certDir>/<id>.pem <<\n<pem>\n\n   then   commit ssl cert <file>
// which is the file name the renderer writes on the `crt` keyword.

#include <filesystem>
#include <string>

#include <boost/asio/io_context.hpp>

#include "api/engine_control.h"
#include "supervise/haproxy_supervisor.h"

namespace exlb::agent {

class HaproxyEngineControl final : public EngineControl {
 public:
  HaproxyEngineControl(boost::asio::io_context& io, HaproxySupervisor& supervisor,
                       std::filesystem::path certDir);

  v1::EngineStatus status() const override { return supervisor_.status(); }
  bool heldByAdmin() const override { return supervisor_.held(); }
  void start(Done done) override;
  void stop(Done done) override;
  void restart(Done done) override;
  void reload(Done done) override;
  void replaceCertificate(const std::string& id, const std::string& pem, Done done) override;

 private:
  boost::asio::io_context& io_;
  HaproxySupervisor& supervisor_;
  std::filesystem::path certDir_;
};

}  // namespace exlb::agent
