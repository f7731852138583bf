#include "api/services_handlers.h"

#include <unistd.h>

#include <array>

#include "api/api_dispatcher.h"
#include "api/body_codec.h"
#include "api/change_result_http.h"
#include "exlb/common/defaults.h"

namespace exlb::agent {

namespace {

constexpr std::array<const char*, 4> kServices = {"system", "vrrp", "haproxy", "tls"};
constexpr const char* kStopWarning =
    "Stopping haproxy stops all traffic: no Exchange service is balanced until it is started.";

std::int64_t nowUnixMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool known(const std::string& name) {
  for (const char* s : kServices)
    if (name == s) return true;
  return false;
}

v1::ServicesConfig servicesOf(const v1::ApplianceConfig& config) {
  return config.has_services() ? config.services() : defaultServices();
}

bool haEnabled(const v1::ApplianceConfig& config) {
  const auto role = config.high_availability().role();
  return role == v1::HA_ROLE_MASTER || role == v1::HA_ROLE_BACKUP;
}

// The engine's status as the appliance reports it (when no control is wired).
v1::EngineStatus engineFromStatus(const v1::NodeStatus& status, const std::string& engine) {
  for (const auto& e : status.engines())
    if (e.name() == engine) return e;
  v1::EngineStatus none;
  none.set_name(engine);
  none.set_state(v1::ENGINE_STATE_STOPPED);
  return none;
}

}  // namespace

ServicesHandlers::ServicesHandlers(Appliance& appliance, const AuditTrail& audit,
                                   ServiceEngines engines)
    : appliance_(appliance), audit_(audit), engines_(engines), startedUnixMs_(nowUnixMs()) {}

EngineControl* ServicesHandlers::control(const std::string& name) const {
  if (name == "haproxy") return engines_.haproxy;
  if (name == "vrrp") return engines_.vrrp;
  return nullptr;
}

v1::ServiceInfo ServicesHandlers::engineRow(const std::string& name, const EngineControl* ctl,
                                            v1::StartupMode startup) const {
  v1::ServiceInfo row;
  row.set_name(name);
  row.set_guide_name(name);
  const std::string engine = name == "vrrp" ? "keepalived" : name;
  const v1::EngineStatus e = ctl ? ctl->status() : engineFromStatus(appliance_.status(), engine);
  const bool running = e.state() == v1::ENGINE_STATE_RUNNING;
  row.set_status(running ? v1::SERVICE_RUN_STATE_OK : v1::SERVICE_RUN_STATE_NOK);
  if (running) {
    row.set_detail("running");
  } else if (ctl && ctl->heldByAdmin()) {
    row.set_detail(startup == v1::STARTUP_MODE_MANUAL ? "stopped (manual startup, or stopped by an administrator)"
                                                      : "stopped by an administrator");
  } else if (e.state() == v1::ENGINE_STATE_RESTARTING) {
    row.set_detail("starting");
  } else {
    row.set_detail("stopped");
  }
  row.set_pid(running ? e.pid() : 0);
  row.set_since_unix_ms(running ? e.started_unix_ms() : 0);
  row.set_restarts(e.restarts());
  row.set_version(e.version());
  row.set_startup(startup);
  row.set_startup_changeable(true);
  if (ctl) {
    for (const char* a : {"start", "stop", "restart", "reload"}) row.add_actions(a);
  }
  return row;
}

v1::ServiceInfo ServicesHandlers::row(const std::string& name) const {
  const v1::ApplianceConfig config = appliance_.running().config;
  const v1::ServicesConfig modes = servicesOf(config);
  if (name == "system") {
    v1::ServiceInfo row;
    row.set_name("system");
    row.set_guide_name("system");
    row.set_description("The appliance's heart: the exlb agent (configuration, API, this page) "
                        "that supervises the other services.");
    row.set_status(v1::SERVICE_RUN_STATE_OK);
    row.set_detail("running");
    row.set_pid(static_cast<std::uint32_t>(::getpid()));
    row.set_since_unix_ms(startedUnixMs_);
    row.set_version(EXLB_VERSION);
    row.set_startup(v1::STARTUP_MODE_AUTO);
    row.set_startup_changeable(false);
    return row;
  }
  if (name == "vrrp") {
    v1::ServiceInfo row = engineRow("vrrp", engines_.vrrp, modes.vrrp());
    row.set_description("High availability: VRRP (keepalived) keeps the virtual address on "
                        "the master node of the pair.");
    if (!haEnabled(config)) {
      row.set_status(v1::SERVICE_RUN_STATE_NOT_USED);
      row.set_detail("not used: high availability is off");
      row.clear_actions();
    }
    return row;
  }
  if (name == "haproxy") {
    v1::ServiceInfo row = engineRow("haproxy", engines_.haproxy, modes.haproxy());
    row.set_description("Load balancing and health checking of the Exchange servers; it also "
                        "terminates TLS.");
    row.set_warning(kStopWarning);
    return row;
  }
  // tls: the guide's stunnel row. HAProxy does the TLS offload.
  v1::ServiceInfo row = engineRow("tls", engines_.haproxy, modes.haproxy());
  row.set_guide_name("stunnel");
  row.set_description("TLS offload (the guide's stunnel, the SSL accelerator): provided by "
                      "haproxy, which terminates TLS itself; there is no separate process.");
  row.set_status(row.status() == v1::SERVICE_RUN_STATE_OK ? v1::SERVICE_RUN_STATE_PROVIDED
                                                          : v1::SERVICE_RUN_STATE_NOK);
  row.set_detail(row.status() == v1::SERVICE_RUN_STATE_PROVIDED
                     ? "tls: provided by haproxy"
                     : "tls: provided by haproxy, which is not running");
  row.set_startup_changeable(false);
  row.clear_actions();
  return row;
}

v1::ServicesResponse ServicesHandlers::rows() const {
  v1::ServicesResponse out;
  for (const char* name : kServices) *out.add_services() = row(name);
  return out;
}

void ServicesHandlers::list(const ApiRequestPtr& request, Respond respond) {
  respond(messageResponse(request->http, http::status::ok, rows()));
}

void ServicesHandlers::refuse(const ApiRequestPtr& request, const Respond& respond,
                              const std::string& action, const std::string& service,
                              http::status status, std::string code, std::string message) {
  audit_.record(request->actor(), action, {{"service", service}, {"result", code}});
  respond(errorResponse(request->http, status, std::move(code), std::move(message)));
}

void ServicesHandlers::action(const ApiRequestPtr& request, Respond respond) {
  const auto& segs = request->path.segments;  // api v1 services {name} {verb}
  const std::string name = segs[3];
  const std::string verb = segs[4];
  const std::string audit = "service." + verb;
  if (!known(name)) {
    return refuse(request, respond, audit, name, http::status::not_found, "not-found",
                  "There is no service '" + name + "'; the services are system, vrrp, haproxy and tls.");
  }
  if (name == "system") {
    return refuse(request, respond, audit, name, http::status::conflict, "not-supported",
                  verb == "stop"
                      ? "The system service is the agent itself and cannot be stopped from its own API."
                      : "The system service is the agent itself and does not restart itself from its "
                        "own API; restart the appliance (Setup, Reboot: POST /api/v1/firmware/reboot), "
                        "or run 'systemctl restart exlb-agent' on its console.");
  }
  if (name == "tls") {
    return refuse(request, respond, audit, name, http::status::conflict, "provided-by-haproxy",
                  "TLS is offloaded by haproxy (there is no stunnel process): use the haproxy row.");
  }
  if (name == "vrrp" && !haEnabled(appliance_.running().config)) {
    return refuse(request, respond, audit, name, http::status::conflict, "not-used",
                  "vrrp is not used while high availability is off (Configuration, High "
                  "availability).");
  }
  EngineControl* ctl = control(name);
  if (!ctl) {
    return refuse(request, respond, audit, name, http::status::service_unavailable,
                  "not-available", "This agent does not drive " + name + " from the Services tab.");
  }
  auto finish = [this, request, respond, name, audit, verb](bool ok, std::string message) {
    audit_.record(request->actor(), audit, {{"service", name}, {"result", ok ? "ok" : "failed"}});
    if (!ok) {
      respond(errorResponse(request->http, http::status::service_unavailable, "action-failed",
                            verb + " " + name + " failed: " + message));
      return;
    }
    v1::ServiceActionResponse out;
    *out.mutable_service() = row(name);
    if (name == "haproxy" && verb == "stop") message += ". " + std::string(kStopWarning);
    if (!message.empty() && message.back() != '.') message += ".";
    out.set_message(message);
    respond(messageResponse(request->http, http::status::ok, out));
  };
  if (verb == "start") ctl->start(finish);
  else if (verb == "stop") ctl->stop(finish);
  else if (verb == "restart") ctl->restart(finish);
  else ctl->reload(finish);
}

void ServicesHandlers::setStartup(const ApiRequestPtr& request, Respond respond) {
  const std::string name = request->path.segments[3];
  const std::string audit = "service.startup";
  v1::SetStartupRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  if (!known(name)) {
    return refuse(request, respond, audit, name, http::status::not_found, "not-found",
                  "There is no service '" + name + "'.");
  }
  if (name == "system" || name == "tls") {
    return refuse(request, respond, audit, name, http::status::unprocessable_entity,
                  "not-changeable",
                  name == "system" ? "The system service (the agent) always starts."
                                   : "TLS follows haproxy's startup mode.");
  }
  if (body.startup() != v1::STARTUP_MODE_AUTO && body.startup() != v1::STARTUP_MODE_MANUAL) {
    return refuse(request, respond, audit, name, http::status::unprocessable_entity,
                  "invalid-argument", "startup must be STARTUP_MODE_AUTO or STARTUP_MODE_MANUAL.");
  }
  const VersionedConfig running = appliance_.running();
  v1::ApplianceConfig config = running.config;
  v1::ServicesConfig modes = servicesOf(config);
  if (name == "haproxy") modes.set_haproxy(body.startup());
  else modes.set_vrrp(body.startup());
  *config.mutable_services() = modes;
  const std::string mode = body.startup() == v1::STARTUP_MODE_AUTO ? "auto" : "manual";
  appliance_.replaceRunning(
      std::move(config), running.etag, request->actor(),
      [this, request, respond, name, audit, mode, oldEtag = running.etag](ChangeResult result) {
        audit_.record(request->actor(), audit,
                      {{"service", name}, {"startup", mode},
                       {"old_etag", oldEtag}, {"new_etag", appliance_.running().etag},
                       {"result", result.status == ChangeStatus::Ok ? "ok" : errorCodeOf(result.status)}});
        if (result.status != ChangeStatus::Ok) return respond(changeResponse(request->http, result));
        v1::SetStartupResponse out;
        *out.mutable_service() = row(name);
        out.set_etag(result.etag);
        out.set_message("Startup of " + name + " is " + mode +
                        " in the running configuration; save the configuration to keep it "
                        "across a reboot. It takes effect at the agent's next start.");
        respond(messageResponse(request->http, http::status::ok, out));
      });
}

// The dispatcher's services routes live here, next to their handlers.
void ApiDispatcher::addServicesRoutes(ServicesHandlers& s) {
  using V = http::verb;
  auto h = [&s](void (ServicesHandlers::*f)(const ApiRequestPtr&, Respond)) {
    return Handler([&s, f](const ApiRequestPtr& r, Respond respond) { (s.*f)(r, std::move(respond)); });
  };
  using S = ServicesHandlers;
  routes_.push_back({V::get, {"api", "v1", "services"}, Access::Read, h(&S::list)});
  for (const char* verb : {"start", "stop", "restart", "reload"})
    routes_.push_back({V::post, {"api", "v1", "services", "*", verb}, Access::Admin, h(&S::action)});
  routes_.push_back({V::put, {"api", "v1", "services", "*", "startup"}, Access::Admin, h(&S::setStartup)});
}

}  // namespace exlb::agent
