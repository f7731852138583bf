#pragma once
// The pair routes of the management API (docs/ha-pair.md):
//
//   GET  /api/v1/ha/identity            this node's pair-channel certificate and fingerprint
//   GET  /api/v1/pair/status            peer reachability, roles, fingerprints, generations, alarms
//   PUT  /api/v1/pair/config/running    one change on both nodes (If-Match: this node's etag)
//   POST /api/v1/pair/sync              push this node's shared settings to the peer
//   POST /api/v1/ha/handover            move the virtual address to the other node (no overlap)
//
// Same rules as the other handlers: reads need a session, changes an admin,
// every change leaves one audit line here (the peer writes its own).

#include "api/api_request.h"
#include "app/appliance.h"
#include "api/audit_trail.h"
#include "pair/pair_service.h"

namespace exlb::agent {

class PairHandlers {
 public:
  // `appliance` gives this node's running etag before a change, for the
  // audit line's old_etag.
  PairHandlers(PairService& pair, const Appliance& appliance, const AuditTrail& audit);

  void identity(const ApiRequestPtr& request, Respond respond);
  void status(const ApiRequestPtr& request, Respond respond);
  void applyRunning(const ApiRequestPtr& request, Respond respond);
  void sync(const ApiRequestPtr& request, Respond respond);
  void handover(const ApiRequestPtr& request, Respond respond);

 private:
  PairCallback finish(const ApiRequestPtr& request, Respond respond, std::string action);

  PairService& pair_;
  const Appliance& appliance_;
  const AuditTrail& audit_;
};

}  // namespace exlb::agent
