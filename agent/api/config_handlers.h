#pragma once
// The appliance's routes: configuration (running, saved, versions, rollback,
// factory reset), status, server drain/ready/maint and the audit log. Every
// change goes through the Appliance facade (its one change path), is answered
// through change_result_http.h and leaves one audit line, refused or not.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "api/api_request.h"
#include "api/audit_trail.h"
#include "app/appliance.h"

namespace exlb::agent {

// A replacement of the running configuration as a PUT carries it: the body's
// configuration and the etag it must replace (If-Match, else the body's etag;
// "" for "*"). Shared by the node's route and the pair's so both refuse the
// same requests the same way: answers a bad body, a missing precondition
// (428, with `missingEtagHint`) or a missing configuration (422) itself and
// returns nothing.
struct ConfigReplacement {
  v1::ApplianceConfig config;
  std::string ifMatch;
};
std::optional<ConfigReplacement> readConfigReplacement(const ApiRequestPtr& request,
                                                       const Respond& respond,
                                                       std::string_view missingEtagHint);

class ConfigHandlers {
 public:
  ConfigHandlers(Appliance& appliance, const AuditTrail& audit, std::size_t auditReadLimit);

  void getRunning(const ApiRequestPtr& request, Respond respond);
  void replaceRunning(const ApiRequestPtr& request, Respond respond);
  void getSaved(const ApiRequestPtr& request, Respond respond);
  void save(const ApiRequestPtr& request, Respond respond);
  void versions(const ApiRequestPtr& request, Respond respond);
  void rollback(const ApiRequestPtr& request, Respond respond);
  void factoryReset(const ApiRequestPtr& request, Respond respond);
  void status(const ApiRequestPtr& request, Respond respond);
  void serverState(const ApiRequestPtr& request, Respond respond);
  void auditLog(const ApiRequestPtr& request, Respond respond);

 private:
  // The callback of a change: audits it (areas that changed in the running
  // configuration, old and new etag, outcome) and answers.
  ChangeCallback finishChange(const ApiRequestPtr& request, Respond respond, std::string action,
                              AuditFields fields);

  Appliance& appliance_;
  const AuditTrail& audit_;
  std::size_t audit_read_limit_;
};

// "\"abc\"", "W/\"abc\"" and "abc" -> "abc"; "*" stays "*".
std::string unquoteEtag(std::string_view value);

}  // namespace exlb::agent
