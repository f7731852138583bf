#pragma once
// The appliance as the management plane sees it: the one seam between the
// API (agent/api/) and what owns the truth (config store, data plane,
// engines). The real implementation lives in app/; API tests may substitute
// a fake to test the dispatcher alone.
//
// Threading: every method is called on the agent's io_context thread, and
// every callback is invoked there too.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "exlb/common/validation.h"
#include "exlb/v1/config.pb.h"
#include "exlb/v1/status.pb.h"

namespace exlb::agent {

// Who asked for a change: written to the audit log and the saved history.
struct Actor {
  std::string user;     // from the session, never from a header
  std::string address;  // the client's address as the socket saw it
};

struct VersionedConfig {
  v1::ApplianceConfig config;
  std::string etag;     // opaque; changes whenever the content changes
};

struct SavedVersion {
  std::string id;       // usable in rollback()
  std::string etag;
  std::int64_t saved_unix_ms = 0;
  std::string saved_by;
};

enum class ChangeStatus {
  Ok,
  EtagMismatch,   // If-Match was stale: nothing changed (HTTP 409)
  Invalid,        // validation errors in `problems` (HTTP 422)
  Refused,        // rendering or the engine's own check refused it (HTTP 422)
  NotFound,       // unknown version or server (HTTP 404)
  Failed,         // I/O or engine failure; nothing changed (HTTP 500/503)
};

struct ChangeResult {
  ChangeStatus status = ChangeStatus::Ok;
  std::string message;              // a sentence for the administrator
  std::vector<Problem> problems;    // validation problems (warnings too on success)
  std::string etag;                 // the running etag after the change
  v1::ApplyOutcome outcome;         // when the data plane was involved
};

using ChangeCallback = std::function<void(ChangeResult)>;
using EventListener = std::function<void(const v1::Event&)>;

class Appliance {
 public:
  virtual ~Appliance() = default;

  virtual VersionedConfig running() const = 0;
  virtual VersionedConfig saved() const = 0;
  virtual std::vector<SavedVersion> savedVersions() const = 0;
  virtual v1::NodeStatus status() const = 0;

  // Validates, persists, renders, checks, swaps and probes (the one change
  // path). `ifMatch` empty means "no precondition".
  virtual void replaceRunning(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                              ChangeCallback done) = 0;
  // Makes the running configuration the saved one (survives a reboot).
  virtual void save(Actor actor, ChangeCallback done) = 0;
  // Makes a saved version the running one (then the admin saves, or not).
  virtual void rollback(std::string versionId, Actor actor, ChangeCallback done) = 0;
  // Running configuration back to the factory defaults (guide 7.2).
  virtual void factoryReset(Actor actor, ChangeCallback done) = 0;
  // Drain / ready / maintenance of one CAS or HUB server, by its name, for
  // every service it serves. Goes through HAProxy's runtime API (no reload)
  // and is recorded in the running configuration.
  virtual void setServerState(std::string serverName, v1::ServerAdminState state, Actor actor,
                              ChangeCallback done) = 0;

  // Live events; returns an id for unsubscribe().
  virtual std::uint64_t subscribe(EventListener listener) = 0;
  virtual void unsubscribe(std::uint64_t id) = 0;
};

}  // namespace exlb::agent
