#pragma once
// What the Services tab (guide 6) drives: one engine the agent supervises.
// The daemon hands the API one per engine (HAProxy; keepalived once wired);
// API tests hand it fakes. Every callback runs on the agent's io_context.

#include <functional>
#include <string>

#include "exlb/v1/status.pb.h"

namespace exlb::agent {

class EngineControl {
 public:
  using Done = std::function<void(bool ok, std::string message)>;
  virtual ~EngineControl() = default;

  virtual v1::EngineStatus status() const = 0;
  // True while an administrator (or the "manual" startup mode) keeps it stopped.
  virtual bool heldByAdmin() const = 0;

  virtual void start(Done done) = 0;
  virtual void stop(Done done) = 0;
  virtual void restart(Done done) = 0;
  virtual void reload(Done done) = 0;

  // Serves a new certificate for the stored file of certificate `id`
  // without a reload (HAProxy: `set ssl cert` + `commit ssl cert`). False
  // when the engine cannot; the caller then falls back to a reload.
  virtual void replaceCertificate(const std::string& id, const std::string& pem, Done done) {
    (void)id;
    (void)pem;
    done(false, "this engine cannot swap certificates at run time");
  }
};

}  // namespace exlb::agent
