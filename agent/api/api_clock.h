#pragma once
// The clock the API's sessions and throttling read: injectable so tests can
// move time instead of sleeping.

#include <chrono>
#include <functional>

namespace exlb::agent {

using SteadyTime = std::chrono::steady_clock::time_point;
using SteadyClockFn = std::function<SteadyTime()>;

inline SteadyClockFn realSteadyClock() {
  return [] { return std::chrono::steady_clock::now(); };
}

// Wall-clock milliseconds of a steady instant (for expiry times shown to people).
inline long long toUnixMs(SteadyTime when, SteadyTime now) {
  const auto wall = std::chrono::system_clock::now() + (when - now);
  return std::chrono::duration_cast<std::chrono::milliseconds>(wall.time_since_epoch()).count();
}

}  // namespace exlb::agent
