#pragma once
// How the coordinator reaches its peer: one request, one answer. The real
// link is PeerClient over mutual TLS; unit tests connect two coordinators
// in-process.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "pair/peer_client.h"

namespace exlb::agent {

class PeerLink {
 public:
  virtual ~PeerLink() = default;
  virtual void call(const std::string& address, std::uint16_t port, const std::string& op,
                    std::string body, std::chrono::milliseconds timeout,
                    std::function<void(ChannelAnswer)> done) = 0;
};

class TlsPeerLink final : public PeerLink {
 public:
  explicit TlsPeerLink(PeerClient& client) : client_(client) {}
  void call(const std::string& address, std::uint16_t port, const std::string& op,
            std::string body, std::chrono::milliseconds timeout,
            std::function<void(ChannelAnswer)> done) override {
    client_.post(address, port, op, std::move(body), timeout, std::move(done));
  }

 private:
  PeerClient& client_;
};

}  // namespace exlb::agent
