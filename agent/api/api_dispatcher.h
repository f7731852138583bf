#pragma once
// The request dispatcher: a function from a parsed HTTP request (and the
// client's address) to one response. No I/O of its own: the connection reads
// and writes, the dispatcher decides. Order of checks, each answered in the
// one error shape:
//   target not canonical -> 400; unknown path -> 404; wrong method -> 405;
//   no or dead session -> 401; factory password not changed -> 403
//   "password-change-required"; operator on a write -> 403 "read-only";
//   then the route's handler (bodies: 415 / 400 / 422 ...).
// Static files of the page come from the embedded, read-only asset map.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "api/api_request.h"
#include "api/auth_handlers.h"
#include "api/config_handlers.h"
#include "web/static_assets.h"

namespace exlb::agent {

class SetupHandlers;
class ServicesHandlers;
class PairHandlers;

class ApiDispatcher {
 public:
  ApiDispatcher(AuthHandlers& auth, ConfigHandlers& config, const StaticAssets& assets);

  void handle(HttpRequest request, std::string peerAddress, Respond respond,
              std::filesystem::path uploadFile = {});

  // Decided on the request head, before any body is read: whether the body
  // is streamed to a file (the firmware upload, larger than the body limit),
  // and if the request is refused outright (401/403: nobody streams hundreds
  // of megabytes to the disk without an admin session).
  struct UploadDecision {
    bool streamed = false;
    std::optional<HttpResponse> refusal;
  };
  UploadDecision decideUpload(const HttpRequest& head);
  static constexpr std::string_view kFirmwarePath = "/api/v1/firmware";
  // The appliance setup routes (defined in setup_handlers.cpp, next to them).
  void addSetupRoutes(SetupHandlers& setup);
  // The Services tab routes (defined in services_handlers.cpp).
  void addServicesRoutes(ServicesHandlers& services);
  // The pair routes (defined in pair_handlers.cpp, next to them).
  void addPairRoutes(PairHandlers& pair);

  // For GET /api/v1/events with a WebSocket upgrade: who may open the stream,
  // or the error to answer instead. The token comes from the Authorization
  // header or, for browsers (which cannot set headers on a WebSocket), from
  // the offered subprotocol "bearer.<token>" next to "exlb.v1".
  std::variant<Principal, HttpResponse> authorizeEvents(const HttpRequest& request);

  static constexpr std::string_view kEventsPath = "/api/v1/events";

 private:
  enum class Access { Public, Session, Read, Admin };
  using Handler = std::function<void(const ApiRequestPtr&, Respond)>;
  struct Route {
    http::verb method;
    std::vector<std::string_view> pattern;  // "*" matches one name segment
    Access access;
    Handler handler;
  };

  void addRoutes(AuthHandlers& auth, ConfigHandlers& config);
  void serveStatic(const ApiRequest& request, const Respond& respond) const;
  // The principal, or the error to answer (401/403) for `access`.
  std::variant<Principal, HttpResponse> authorize(const HttpRequest& request,
                                                  std::string_view authorization,
                                                  Access access);

  AuthHandlers& auth_;
  const StaticAssets& assets_;
  std::vector<Route> routes_;
};

}  // namespace exlb::agent
