#pragma once
// After a reload: does every listener of the new configuration accept a TCP
// connection? Connects to all of them at once, each bounded by a timeout.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

namespace exlb::agent {

struct ProbeTarget {
  std::string name;     // listener name, for the message
  std::string address;  // IPv4; 0.0.0.0 is probed on 127.0.0.1
  std::uint16_t port = 0;
};

struct ProbeResult {
  std::string name;
  bool accepting = false;
  std::string error;
};

using ProbeCallback = std::function<void(std::vector<ProbeResult>)>;

// Results come in the order of `targets`; the callback runs once, on the
// io_context. An empty target list succeeds at once.
void probeListeners(boost::asio::io_context& io, std::vector<ProbeTarget> targets,
                    std::chrono::milliseconds timeout, ProbeCallback done);

}  // namespace exlb::agent
