#pragma once
// The appliance's routes: configuration (running, saved, versions, rollback,
// factory reset), status, server drain/ready/maint and the audit log. Every
// change goes through the Appliance facade (its one change path), is answered
// through change_result_http.h and leaves one audit line, refused or not.

#include <cstddef>

#include "api/api_request.h"
#include "api/audit_trail.h"
#include "app/appliance.h"

namespace exlb::agent {

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
