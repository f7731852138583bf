#pragma once
// Wall-clock time as the API shows it (milliseconds since the Unix epoch).

#include <chrono>
#include <cstdint>

namespace exlb::agent {

inline std::int64_t wallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace exlb::agent
