#pragma once
// Real-time scheduling for keepalived's VRRP process (docs/ha.md, "Keeping
// the adverts on time").
//
// With 0.1 s adverts, a VRRP process kept off the CPU for ~0.35 s looks dead
// to its peer, which then takes the address while this node still holds it.
// A nice value does not prevent that on a saturated machine; SCHED_RR does:
// a real-time process runs before every ordinary one.
//
// The agent sets the policy itself, on keepalived's parent right after the
// start (its VRRP child, forked later, inherits it) and checks the child once
// its pid file names it. Not keepalived's own `vrrp_rt_priority`: keepalived
// 2.2.7 sets its VRRP child's RLIMIT_RTTIME to 0 on every reload ("child
// process cannot set realtime rlimit"), and the kernel then SIGKILLs the child
// the first time a timer tick finds it running; keepalived restarts the child
// as BACKUP, so every SIGHUP flipped a master (seen in session 3).
//
// RLIMIT_RTTIME (soft = hard, so the kernel's answer is SIGKILL, never a
// SIGXCPU keepalived does not handle) bounds a runaway: a VRRP process that
// computes for kVrrpRtTimeLimit without blocking is killed, and restarted
// like any dead keepalived. keepalived's work between two blocking calls is
// microseconds (an advert) to a few milliseconds (a reload).

#include <sys/types.h>

#include <chrono>
#include <string>

namespace exlb::agent {

// Low in the real-time range: above every ordinary process, below the
// kernel's own real-time threads (watchdog, migration: 99).
inline constexpr int kVrrpRtPriority = 10;
inline constexpr std::chrono::microseconds kVrrpRtTimeLimit{200000};

// Puts `pid` at SCHED_RR kVrrpRtPriority with RLIMIT_RTTIME = kVrrpRtTimeLimit.
// Empty on success, else why (EPERM without CAP_SYS_NICE, or under systemd's
// RestrictRealtime=yes). Children forked afterwards inherit both.
std::string setVrrpRealtime(pid_t pid);

// True when `pid` runs at SCHED_RR with a bounded RLIMIT_RTTIME.
bool runsVrrpRealtime(pid_t pid);

// The pid in keepalived's --vrrp_pid file, 0 when missing or malformed.
pid_t readPidFile(const std::string& path);

}  // namespace exlb::agent
