#include "api/pair_handlers.h"

#include "api/api_dispatcher.h"
#include "api/body_codec.h"
#include "api/config_handlers.h"

namespace exlb::agent {

PairHandlers::PairHandlers(PairService& pair, const Appliance& appliance, const AuditTrail& audit)
    : pair_(pair), appliance_(appliance), audit_(audit) {}

PairCallback PairHandlers::finish(const ApiRequestPtr& request, Respond respond,
                                  std::string action) {
  // Like every change of the running configuration, the line names the
  // version before (read now, when the change is asked for) and after.
  return [this, request, respond = std::move(respond), action = std::move(action),
          oldEtag = appliance_.running().etag](PairResult r) {
    const auto& resp = r.response;
    AuditFields fields;
    if (r.httpStatus == 200) {
      fields = {{"generation", std::to_string(resp.generation())},
                {"local", resp.local().ok() ? "ok" : resp.local().code()},
                {"peer", resp.peer().pending() ? "pending" : (resp.peer().ok() ? "ok" : resp.peer().code())},
                {"old_etag", oldEtag},
                {"new_etag", resp.etag()},
                {"result", "ok"}};
    } else {
      fields = {{"result", r.code}};
    }
    audit_.record(request->actor(), action, fields);
    if (r.httpStatus != 200) {
      respond(errorResponse(request->http, static_cast<http::status>(r.httpStatus), r.code,
                            r.message, std::move(r.violations)));
      return;
    }
    HttpResponse response = messageResponse(request->http, http::status::ok, resp);
    if (!resp.etag().empty()) response.set(http::field::etag, "\"" + resp.etag() + "\"");
    respond(std::move(response));
  };
}

void PairHandlers::identity(const ApiRequestPtr& request, Respond respond) {
  respond(messageResponse(request->http, http::status::ok, pair_.identity()));
}

void PairHandlers::status(const ApiRequestPtr& request, Respond respond) {
  respond(messageResponse(request->http, http::status::ok, pair_.pairStatus()));
}

void PairHandlers::applyRunning(const ApiRequestPtr& request, Respond respond) {
  auto replacement = readConfigReplacement(
      request, respond,
      "Send this node's running etag in If-Match (or \"*\"), so a concurrent change is not "
      "overwritten.");
  if (!replacement) return;
  pair_.applyRunning(std::move(replacement->config), std::move(replacement->ifMatch),
                     request->actor(), finish(request, std::move(respond), "pair.config.replace"));
}

void PairHandlers::sync(const ApiRequestPtr& request, Respond respond) {
  v1::PairSyncRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  std::optional<bool> save;
  if (body.save()) save = true;
  pair_.sync(save, request->actor(), finish(request, std::move(respond), "pair.sync"));
}

void PairHandlers::handover(const ApiRequestPtr& request, Respond respond) {
  v1::HandoverRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  const bool take = body.take();
  pair_.handover(take, request->actor(),
                 [this, request, respond = std::move(respond), take](HandoverResult r) {
                   audit_.record(request->actor(), "ha.handover",
                                 {{"direction", take ? "take" : "give"},
                                  {"took_ms", std::to_string(r.response.took_ms())},
                                  {"result", r.httpStatus == 200 ? "ok" : r.code}});
                   if (r.httpStatus != 200)
                     return respond(errorResponse(request->http,
                                                  static_cast<http::status>(r.httpStatus), r.code,
                                                  r.message));
                   respond(messageResponse(request->http, http::status::ok, r.response));
                 });
}

void ApiDispatcher::addPairRoutes(PairHandlers& p) {
  using V = http::verb;
  auto h = [&p](void (PairHandlers::*f)(const ApiRequestPtr&, Respond)) {
    return Handler([&p, f](const ApiRequestPtr& r, Respond respond) { (p.*f)(r, std::move(respond)); });
  };
  using P = PairHandlers;
  const std::vector<Route> routes = {
      {V::get, {"api", "v1", "ha", "identity"}, Access::Read, h(&P::identity)},
      {V::get, {"api", "v1", "pair", "status"}, Access::Read, h(&P::status)},
      {V::put, {"api", "v1", "pair", "config", "running"}, Access::Admin, h(&P::applyRunning)},
      {V::post, {"api", "v1", "pair", "sync"}, Access::Admin, h(&P::sync)},
      {V::post, {"api", "v1", "ha", "handover"}, Access::Admin, h(&P::handover)},
  };
  routes_.insert(routes_.end(), routes.begin(), routes.end());
}

}  // namespace exlb::agent
