// The supervisor's state and its check step; the other steps live in
// haproxy_activation.cpp (activate, coalesce, probe, roll back),
// haproxy_master.cpp (the master process: start, reload, new generation,
// death and restart, stop) and haproxy_service_control.cpp (the agent's stop
// and the Services tab's hold, release and reload).
#include "supervise/haproxy_supervisor.h"

#include <boost/asio/post.hpp>

#include "log/log.h"
#include "supervise/haproxy_supervisor_detail.h"
#include "supervise/run_dir_file.h"

namespace exlb::agent {

namespace fs = std::filesystem;
using namespace supervisor_detail;

HaproxySupervisor::HaproxySupervisor(boost::asio::io_context& io, ProcessRunner& runner,
                                     HaproxySupervisorOptions options)
    : io_(io),
      runner_(runner),
      options_(std::move(options)),
      log_(moduleLogger("supervisor")),
      record_("haproxy", options_.restartBackoffMin, options_.restartBackoffMax),
      stop_(io, runner, log_, "HAProxy"),
      coalesceTimer_(io),
      restartTimer_(io),
      pollTimer_(io),
      ticketTimer_(io) {
  // The rendered configuration names a server-state file. Until the first
  // reload saves one, give HAProxy a valid file with no server in it: just
  // the format's version line (an empty file makes HAProxy warn "Can't get
  // version of the global server state file" on every start and check).
  std::error_code ec;
  const auto stateFile = options_.runDir / "server-state";
  if (!fs::exists(stateFile, ec) || fs::file_size(stateFile, ec) == 0) {
    std::string error;
    if (!writeRunFile(stateFile, "1\n", error))
      log_->warn("cannot write an empty server-state file: {}", error);
  }
  prepareTicketKeys();
  readVersion();
}

HaproxySupervisor::~HaproxySupervisor() { *alive_ = false; }

void HaproxySupervisor::readVersion() {
  record_.readVersion(runner_, {options_.haproxy.string(), "-v"}, R"(HAProxy version (\S+))", log_);
}

void HaproxySupervisor::check(const std::string& text, CheckCallback done) {
  const fs::path candidate =
      options_.runDir / ("haproxy.candidate-" + std::to_string(++candidateSeq_) + ".cfg");
  std::string error;
  if (!writeRunFile(candidate, text, error)) {
    boost::asio::post(io_, [done = std::move(done), error] { done(false, {}, error); });
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  const pid_t pid = runner_.spawn(
      {{options_.haproxy.string(), "-c", "-f", candidate.string()}, "haproxy-check", true,
       false},
      [alive, candidate, done](ExitStatus status, std::string output) {
        if (alive.expired()) return;
        if (status.ok()) return done(true, candidate, "");
        std::error_code ignored;
        fs::remove(candidate, ignored);
        std::string why = checkAlerts(output);
        if (why.empty()) why = "haproxy -c failed (" + status.describe() + ")";
        done(false, {}, "HAProxy refused the configuration: " + why);
      },
      error);
  if (pid < 0) {
    boost::asio::post(io_, [done = std::move(done), error] {
      done(false, {}, "cannot run haproxy -c: " + error);
    });
  }
}

v1::EngineStatus HaproxySupervisor::status() const { return record_.status(masterPid_); }

}  // namespace exlb::agent
