#include "ha/vrrp_scheduling.h"

#include <sched.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace exlb::agent {

std::string setVrrpRealtime(pid_t pid) {
  // The limit first: the process must never run real-time unbounded.
  struct rlimit limit {};
  limit.rlim_cur = static_cast<rlim_t>(kVrrpRtTimeLimit.count());
  limit.rlim_max = limit.rlim_cur;
  if (::prlimit(pid, RLIMIT_RTTIME, &limit, nullptr) != 0)
    return std::string("cannot bound its real-time CPU time (RLIMIT_RTTIME): ") +
           std::strerror(errno);
  struct sched_param param {};
  param.sched_priority = kVrrpRtPriority;
  if (::sched_setscheduler(pid, SCHED_RR, &param) != 0)
    return std::string("cannot run it at SCHED_RR: ") + std::strerror(errno);
  return {};
}

bool runsVrrpRealtime(pid_t pid) {
  if (::sched_getscheduler(pid) != SCHED_RR) return false;
  struct rlimit limit {};
  if (::prlimit(pid, RLIMIT_RTTIME, nullptr, &limit) != 0) return false;
  return limit.rlim_max != RLIM_INFINITY && limit.rlim_max > 0;
}

pid_t readPidFile(const std::string& path) {
  std::ifstream in(path);
  long value = 0;
  if (!(in >> value) || value <= 1 || value > 4194304) return 0;
  return static_cast<pid_t>(value);
}

}  // namespace exlb::agent
