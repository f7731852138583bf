#pragma once
// Tells systemd how the agent is doing (sd_notify, libsystemd). The unit is
// Type=notify: systemd considers exlb-agent started only once it has said
// READY=1, so units ordered after it (and `systemctl start`) wait until the
// API is listening. Without NOTIFY_SOCKET (run by hand, in tests) every call
// is a no-op that returns false.

#include <string_view>

namespace exlb::agent {

// READY=1 with a STATUS= line ("listening on :4444"). Call once, when the
// API listens and the engines are started.
bool notifyReady(std::string_view status);

// STOPPING=1: the designed shutdown has begun.
bool notifyStopping();

// STATUS=<text> alone: shown by `systemctl status exlb-agent`.
bool notifyStatus(std::string_view status);

// RELOADING=1 ... READY=1 around a configuration apply is not needed: the
// agent reloads its engines itself, never on `systemctl reload`.

}  // namespace exlb::agent
