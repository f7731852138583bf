#pragma once
// One API request as the handlers see it: the parsed HTTP request, its
// canonical path, the client's address (from the socket) and, once the
// dispatcher has checked the bearer token, who is asking (from the session,
// never from a header).

#include <filesystem>
#include <memory>
#include <string>

#include "api/api_http.h"
#include "api/request_path.h"
#include "app/appliance.h"
#include "exlb/v1/api.pb.h"

namespace exlb::agent {

struct Principal {
  std::string username;
  v1::Role role = v1::ROLE_UNSPECIFIED;
  bool must_change_password = false;
  std::string token;
  long long expire_unix_ms = 0;
};

struct ApiRequest {
  HttpRequest http;
  RequestPath path;
  std::string peer_address;
  Principal principal;   // empty username on public routes
  // A streamed upload (POST /api/v1/firmware): the body is in this private
  // file under <data-dir>/uploads/, not in `http.body()`. Empty otherwise.
  std::filesystem::path upload_file;

  Actor actor() const { return Actor{principal.username, peer_address}; }
};

using ApiRequestPtr = std::shared_ptr<const ApiRequest>;

}  // namespace exlb::agent
