#include "supervise/runtime_api.h"

#include <algorithm>
#include <chrono>

#include <boost/asio/post.hpp>

#include "supervise/unix_command.h"

namespace exlb::agent {

namespace {

constexpr auto kTimeout = std::chrono::milliseconds(2000);

bool plainName(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '.' || c == '_' || c == '-';
  });
}

}  // namespace

const char* runtimeStateWord(v1::ServerAdminState state) {
  switch (state) {
    case v1::SERVER_ADMIN_STATE_DRAIN: return "drain";
    case v1::SERVER_ADMIN_STATE_MAINT: return "maint";
    default: return "ready";
  }
}

RuntimeApi::RuntimeApi(boost::asio::io_context& io, std::filesystem::path statsSocket)
    : io_(io), socket_(std::move(statsSocket)) {}

void RuntimeApi::showStat(StatCallback done) {
  sendUnixCommand(io_, socket_, "show stat", kTimeout, [done = std::move(done)](CommandReply r) {
    if (!r.ok) return done(false, r.error, {});
    done(true, "", parseShowStat(r.text));
  });
}

void RuntimeApi::setServerState(const std::string& backend, const std::string& server,
                                v1::ServerAdminState state, DoneCallback done) {
  runCommand(backend, server, std::string("state ") + runtimeStateWord(state), std::move(done));
}

void RuntimeApi::setServerWeight(const std::string& backend, const std::string& server,
                                 int weight, DoneCallback done) {
  runCommand(backend, server, "weight " + std::to_string(weight), std::move(done));
}

void RuntimeApi::runCommand(const std::string& backend, const std::string& server,
                            const std::string& what, DoneCallback done) {
  if (!plainName(backend) || !plainName(server)) {
    boost::asio::post(io_, [done = std::move(done)] { done(false, "invalid backend or server name"); });
    return;
  }
  std::string cmd = "set server " + backend + "/" + server + " " + what;
  sendUnixCommand(io_, socket_, cmd, kTimeout, [done = std::move(done)](CommandReply r) {
    if (!r.ok) return done(false, r.error);
    // Success is an empty answer; anything else is HAProxy's reason.
    std::string text = r.text;
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    if (!text.empty()) return done(false, text);
    done(true, "");
  });
}

}  // namespace exlb::agent
