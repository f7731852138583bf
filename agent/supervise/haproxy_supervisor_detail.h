#pragma once
// Private to the HaproxySupervisor's implementation files
// (haproxy_supervisor.cpp, haproxy_activation.cpp, haproxy_master.cpp,
// haproxy_service_control.cpp): the timings they share.

#include <chrono>
#include <cstdint>

namespace exlb::agent::supervisor_detail {

using namespace std::chrono_literals;

// One command on the master CLI or the stats socket.
inline constexpr auto kCliTimeout = 2000ms;
// How often `show proc` is asked while a new worker generation is awaited:
// the wait is on the apply's answer path, and each poll is one cheap
// command on the master's CLI.
inline constexpr auto kPollInterval = 10ms;
// From SIGTERM to SIGKILL when HAProxy does not stop.
inline constexpr auto kKillGrace = 2000ms;

// glibc gives freed memory back to the kernel once more than trim_threshold
// (128 kB) is free at the top of a heap. HAProxy's 32 kB buffers
// (tune.bufsize, for Kerberos headers) overflow its per-thread pool cache
// under load and go back to malloc, so each thread's heap grew and shrank
// all the time: madvise, TLB shootdowns across CPUs, page faults
// (bench/dataplane/throughput.py --explain --https, docs/benchmarks.md).
// Keeping up to 16 MB free per heap stops that churn; the master's
// re-execution on a reload keeps the environment.
inline constexpr const char* kHaproxyMallocTunables = "GLIBC_TUNABLES=glibc.malloc.trim_threshold=16777216";

inline std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace exlb::agent::supervisor_detail
