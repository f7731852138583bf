#pragma once
// What the management API asks of the pair (agent/api/pair_handlers.*):
// the seam between the API and PairCoordinator, so the handlers can be tested
// over a fake.
//
// Threading: called on the agent's io_context thread; callbacks come there.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/appliance.h"
#include "exlb/v1/api.pb.h"
#include "exlb/v1/pair.pb.h"

namespace exlb::agent {

// The outcome of a pair-wide change. `httpStatus` 200 carries `response`;
// any other status is answered with the usual Error (code, message,
// violations).
struct PairResult {
  unsigned httpStatus = 200;
  std::string code;                          // error code when not 200
  std::string message;
  std::vector<v1::FieldViolation> violations;
  v1::PairChangeResponse response;
};

using PairCallback = std::function<void(PairResult)>;

// The outcome of a planned handover: 200 carries `response`, any other status
// is answered with the usual Error (code, message).
struct HandoverResult {
  unsigned httpStatus = 200;
  std::string code;
  std::string message;
  v1::HandoverResponse response;
};

using HandoverCallback = std::function<void(HandoverResult)>;

class PairService {
 public:
  virtual ~PairService() = default;
  virtual v1::PairIdentity identity() const = 0;
  virtual v1::PairStatus pairStatus() const = 0;
  // One change on both nodes (validate both, backup first, then master; both
  // back to their previous version when either fails). `config` is THIS
  // node's whole configuration; `ifMatch` empty: no precondition.
  virtual void applyRunning(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                            PairCallback done) = 0;
  // Pushes this node's shared settings to the peer with a new generation.
  // `save`: also save there; nullopt: save when this node's running is saved.
  virtual void sync(std::optional<bool> save, Actor actor, PairCallback done) = 0;
  // Moves the virtual address to the other node without a moment where both
  // hold it: `take` false gives it to the peer, true takes it from the peer
  // (docs/ha-pair.md, "Planned handover").
  virtual void handover(bool take, Actor actor, HandoverCallback done) {
    (void)take;
    (void)actor;
    HandoverResult r;
    r.httpStatus = 409;
    r.code = "not-possible";
    r.message = "This agent cannot hand the virtual address over.";
    done(std::move(r));
  }
};

}  // namespace exlb::agent
