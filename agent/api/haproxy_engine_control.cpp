#include "api/haproxy_engine_control.h"

#include <chrono>
#include <sstream>

#include "log/log.h"
#include "supervise/unix_command.h"

namespace exlb::agent {

namespace {

constexpr std::chrono::milliseconds kCliTimeout{5000};

// HAProxy ends the `<<` payload at the first empty line: keep none.
std::string withoutEmptyLines(const std::string& pem) {
  std::istringstream in(pem);
  std::string line;
  std::string out;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    out += line + "\n";
  }
  return out;
}

}  // namespace

HaproxyEngineControl::HaproxyEngineControl(boost::asio::io_context& io,
                                           HaproxySupervisor& supervisor,
                                           std::filesystem::path certDir)
    : io_(io), supervisor_(supervisor), certDir_(std::move(certDir)) {}

void HaproxyEngineControl::start(Done done) { supervisor_.release(std::move(done)); }

void HaproxyEngineControl::stop(Done done) {
  if (supervisor_.held() && !supervisor_.serving()) return done(true, "HAProxy was already stopped");
  supervisor_.hold([done = std::move(done)] { done(true, "HAProxy stopped"); });
}

void HaproxyEngineControl::restart(Done done) {
  supervisor_.hold([this, done = std::move(done)] { supervisor_.release(done); });
}

void HaproxyEngineControl::reload(Done done) { supervisor_.reloadNow(std::move(done)); }

void HaproxyEngineControl::replaceCertificate(const std::string& id, const std::string& pem,
                                              Done done) {
  if (!supervisor_.serving()) return done(false, "HAProxy is not running");
  // The name HAProxy knows the certificate by: the path on the `crt` keyword.
  const std::string file = certDir_.string() + "/" + id + ".pem";
  const auto socket = supervisor_.statsSocket();
  sendUnixPayloadCommand(
      io_, socket, "set ssl cert " + file, withoutEmptyLines(pem), kCliTimeout,
      [this, file, socket, done = std::move(done)](CommandReply set) {
        if (!set.ok) return done(false, "set ssl cert: " + set.error);
        if (set.text.find("Transaction") == std::string::npos) {
          return done(false, "HAProxy refused set ssl cert: " + set.text);
        }
        sendUnixCommand(io_, socket, "commit ssl cert " + file, kCliTimeout,
                        [this, file, socket, done](CommandReply commit) {
                          if (!commit.ok || commit.text.find("Success") == std::string::npos) {
                            // HAProxy keeps one transaction open at a time: drop
                            // it, or every later swap would be refused.
                            sendUnixCommand(io_, socket, "abort ssl cert " + file, kCliTimeout,
                                            [](CommandReply) {});
                            return done(false, "commit ssl cert: " +
                                                   (commit.ok ? commit.text : commit.error));
                          }
                          moduleLogger("supervisor")->info("certificate {} swapped at run time", file);
                          done(true, "swapped at run time (no reload)");
                        });
      });
}

}  // namespace exlb::agent
