#pragma once
// Runs an io_context until a condition holds or a bound passes. The agent's
// engines answer through callbacks on the loop, so a test waits by turning
// it; the bound keeps a broken engine from hanging the test.

#include <boost/asio/io_context.hpp>
#include <chrono>

namespace exlb::test {

template <typename Pred>
bool runIoUntil(boost::asio::io_context& io, Pred pred, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    io.run_one_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace exlb::test
