#pragma once
// HAProxy's runtime API (the stats socket, level admin): live state and the
// changes HAProxy takes without a reload.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "exlb/v1/config.pb.h"
#include "supervise/haproxy_cli_parse.h"

namespace exlb::agent {

class RuntimeApi {
 public:
  using StatCallback = std::function<void(bool ok, std::string error, std::vector<StatRow> rows)>;
  using DoneCallback = std::function<void(bool ok, std::string error)>;

  RuntimeApi(boost::asio::io_context& io, std::filesystem::path statsSocket);

  // `show stat`: one row per frontend, backend and server.
  void showStat(StatCallback done);

  // `set server <backend>/<server> state ready|drain|maint`. Names are
  // refused unless they are plain HAProxy identifiers ([A-Za-z0-9._-]): the
  // CLI treats ';' and spaces as separators.
  void setServerState(const std::string& backend, const std::string& server,
                      v1::ServerAdminState state, DoneCallback done);

  // `set server <backend>/<server> weight <weight>`.
  void setServerWeight(const std::string& backend, const std::string& server, int weight,
                       DoneCallback done);

 private:
  void runCommand(const std::string& backend, const std::string& server, const std::string& what,
                  DoneCallback done);

  boost::asio::io_context& io_;
  std::filesystem::path socket_;
};

// The word HAProxy's CLI uses for an administrative state.
const char* runtimeStateWord(v1::ServerAdminState state);

}  // namespace exlb::agent
