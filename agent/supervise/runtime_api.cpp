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

void RuntimeApi::setServers(const std::vector<ServerChange>& changes, DoneCallback done) {
  std::string line;
  for (const auto& c : changes) {
    if (!plainName(c.backend) || !plainName(c.server)) {
      boost::asio::post(io_, [done = std::move(done)] {
        done(false, "invalid backend or server name");
      });
      return;
    }
    const std::string target = "set server " + c.backend + "/" + c.server;
    line += (line.empty() ? "" : "; ") + target + " state " + runtimeStateWord(c.state);
    if (c.weight >= 0) line += "; " + target + " weight " + std::to_string(c.weight);
  }
  if (line.empty()) {
    boost::asio::post(io_, [done = std::move(done)] { done(true, ""); });
    return;
  }
  sendUnixCommand(io_, socket_, line, kTimeout, [done = std::move(done)](CommandReply r) {
    if (!r.ok) return done(false, r.error);
    // Success is an empty answer per command; any text is HAProxy's reason
    // for refusing one of them.
    std::string text = r.text;
    text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == '\r'; }),
               text.end());
    std::string reasons;
    std::size_t pos = 0;
    while (pos < text.size()) {
      const auto eol = std::min(text.find('\n', pos), text.size());
      const std::string part = text.substr(pos, eol - pos);
      if (part.find_first_not_of(' ') != std::string::npos)
        reasons += (reasons.empty() ? "" : "; ") + part;
      pos = eol + 1;
    }
    if (!reasons.empty()) return done(false, reasons);
    done(true, "");
  });
}

}  // namespace exlb::agent
