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

  // One server's administrative change in one backend: `set server
  // <backend>/<server> state ready|drain|maint`, then `... weight <w>` when a
  // weight is given.
  struct ServerChange {
    std::string backend;
    std::string server;
    v1::ServerAdminState state = v1::SERVER_ADMIN_STATE_READY;
    int weight = -1;  // < 0: leave the weight alone
  };

  // Sends every change on one CLI line (commands separated by ';'), over one
  // connection: draining a server that is in eight backends is one round
  // trip, not eight. Names are refused unless they are plain HAProxy
  // identifiers ([A-Za-z0-9._-]): the CLI treats ';' and spaces as
  // separators. `error` holds HAProxy's answers to the commands it refused.
  void setServers(const std::vector<ServerChange>& changes, DoneCallback done);

 private:
  boost::asio::io_context& io_;
  std::filesystem::path socket_;
};

// The word HAProxy's CLI uses for an administrative state.
const char* runtimeStateWord(v1::ServerAdminState state);

}  // namespace exlb::agent
