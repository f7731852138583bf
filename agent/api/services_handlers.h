#pragma once
// The Services tab (guide chapter 6) over the API:
//
//   GET  /api/v1/services                          one row per service (reader)
//   POST /api/v1/services/{name}/start|stop|restart|reload   (admin, audited)
//   PUT  /api/v1/services/{name}/startup  {"startup":"STARTUP_MODE_MANUAL"}   (admin)
//
// Rows: `system` (the agent itself: always running, always auto, no stop; a
// restart is refused with the way to do it), `vrrp` (keepalived; "not used"
// while high availability is off), `haproxy`, and `tls`, the guide's stunnel
// row: TLS is offloaded by HAProxy, so it follows the haproxy row and has no
// actions of its own. Startup modes are configuration (services.* in
// config.proto), changed through the appliance's one change path.

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "api/api_request.h"
#include "api/audit_trail.h"
#include "api/engine_control.h"
#include "app/appliance.h"
#include "exlb/v1/services.pb.h"

namespace exlb::agent {

struct ServiceEngines {
  EngineControl* haproxy = nullptr;  // null: no engine to drive (rows from status())
  EngineControl* vrrp = nullptr;     // keepalived, once wired
};

class ServicesHandlers {
 public:
  ServicesHandlers(Appliance& appliance, const AuditTrail& audit, ServiceEngines engines);

  void list(const ApiRequestPtr& request, Respond respond);
  void action(const ApiRequestPtr& request, Respond respond);
  void setStartup(const ApiRequestPtr& request, Respond respond);

  // The rows, in the guide's order (for tests and the status page).
  v1::ServicesResponse rows() const;

 private:
  v1::ServiceInfo row(const std::string& name) const;
  v1::ServiceInfo engineRow(const std::string& name, const EngineControl* control,
                            v1::StartupMode startup) const;
  EngineControl* control(const std::string& name) const;
  void refuse(const ApiRequestPtr& request, const Respond& respond, const std::string& action,
              const std::string& service, http::status status, std::string code,
              std::string message);

  Appliance& appliance_;
  const AuditTrail& audit_;
  ServiceEngines engines_;
  std::int64_t startedUnixMs_;
};

}  // namespace exlb::agent
