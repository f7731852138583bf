#include "app/systemd_notify.h"

#include <systemd/sd-daemon.h>

#include <string>

namespace exlb::agent {

namespace {

// sd_notify returns > 0 when sent, 0 when NOTIFY_SOCKET is unset, < 0 on error.
// unset_environment = 0: a child started later does not inherit it anyway
// (the engines are started with an explicit environment).
bool send(const std::string& state) { return ::sd_notify(0, state.c_str()) > 0; }

}  // namespace

bool notifyReady(std::string_view status) {
  return send("READY=1\nSTATUS=" + std::string(status));
}

bool notifyStopping() { return send("STOPPING=1\nSTATUS=stopping"); }

bool notifyStatus(std::string_view status) { return send("STATUS=" + std::string(status)); }

}  // namespace exlb::agent
