#pragma once
// A small in-memory Appliance for the API's unit tests and
// the fuzz targets: real validation (common/), etags that change with the
// content, saved versions, server states, events. No engines.

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "app/appliance.h"
#include "exlb/common/defaults.h"
#include "exlb/common/validation.h"

namespace exlb::agent::testing {

class FakeAppliance final : public Appliance {
 public:
  FakeAppliance() {
    running_.config = defaultConfig();
    running_.etag = nextEtag();
    saved_ = running_;
  }

  VersionedConfig running() const override { return running_; }
  VersionedConfig saved() const override { return saved_; }
  std::vector<SavedVersion> savedVersions() const override { return versions_; }

  v1::NodeStatus status() const override {
    v1::NodeStatus s;
    s.set_hostname("fake-node");
    s.set_agent_version("test");
    s.set_running_etag(running_.etag);
    s.set_saved_etag(saved_.etag);
    s.set_vrrp_role(v1::VRRP_ROLE_DISABLED);
    return s;
  }

  void replaceRunning(v1::ApplianceConfig config, std::string ifMatch, Actor actor,
                      ChangeCallback done) override {
    ++replace_calls;
    ChangeResult result;
    if (!ifMatch.empty() && ifMatch != running_.etag) {
      result.status = ChangeStatus::EtagMismatch;
      result.message = "The configuration changed since you read it.";
      result.etag = running_.etag;
      done(std::move(result));
      return;
    }
    result.problems = validateConfig(config);
    if (hasErrors(result.problems)) {
      result.status = ChangeStatus::Invalid;
      result.message = "The configuration has errors.";
      result.etag = running_.etag;
      done(std::move(result));
      return;
    }
    setRunning(std::move(config), actor.user);
    result.etag = running_.etag;
    result.outcome.set_result(v1::APPLY_RESULT_APPLIED);
    result.outcome.set_config_etag(running_.etag);
    done(std::move(result));
  }

  void save(Actor actor, ChangeCallback done) override {
    saved_ = running_;
    versions_.insert(versions_.begin(),
                     SavedVersion{"v" + std::to_string(versions_.size() + 1), saved_.etag, 0, actor.user});
    version_configs_[versions_.front().id] = saved_.config;
    ChangeResult result;
    result.etag = running_.etag;
    done(std::move(result));
  }

  void rollback(std::string versionId, Actor actor, ChangeCallback done) override {
    ChangeResult result;
    const auto it = version_configs_.find(versionId);
    if (it == version_configs_.end()) {
      result.status = ChangeStatus::NotFound;
      result.message = "There is no saved version " + versionId + ".";
    } else {
      setRunning(it->second, actor.user);
    }
    result.etag = running_.etag;
    done(std::move(result));
  }

  void factoryReset(Actor actor, ChangeCallback done) override {
    setRunning(defaultConfig(), actor.user);
    ChangeResult result;
    result.etag = running_.etag;
    done(std::move(result));
  }

  void setServerState(std::string serverName, v1::ServerAdminState state, Actor actor,
                      ChangeCallback done) override {
    v1::ApplianceConfig config = running_.config;
    bool found = false;
    for (auto& server : *config.mutable_cas_servers()) {
      if (server.name() == serverName) {
        server.set_admin_state(state);
        found = true;
      }
    }
    ChangeResult result;
    if (!found) {
      result.status = ChangeStatus::NotFound;
      result.message = "There is no server named " + serverName + ".";
    } else {
      setRunning(std::move(config), actor.user);
    }
    result.etag = running_.etag;
    done(std::move(result));
  }

  std::uint64_t subscribe(EventListener listener) override {
    listeners_[++last_id_] = std::move(listener);
    return last_id_;
  }
  void unsubscribe(std::uint64_t id) override { listeners_.erase(id); }
  std::size_t subscribers() const { return listeners_.size(); }

  void publish(v1::Event event) {
    event.set_sequence(++sequence_);
    auto copy = listeners_;
    for (auto& [id, listener] : copy) listener(event);
  }

  int replace_calls = 0;

 private:
  std::string nextEtag() { return "etag-" + std::to_string(++generation_); }

  void setRunning(v1::ApplianceConfig config, const std::string& user) {
    const std::string previous = running_.etag;
    running_.config = std::move(config);
    running_.etag = nextEtag();
    v1::Event event;
    auto* changed = event.mutable_config_changed();
    changed->set_which("running");
    changed->set_etag(running_.etag);
    changed->set_previous_etag(previous);
    changed->set_actor(user);
    publish(std::move(event));
  }

  VersionedConfig running_;
  VersionedConfig saved_;
  std::vector<SavedVersion> versions_;
  std::map<std::string, v1::ApplianceConfig> version_configs_;
  std::map<std::uint64_t, EventListener> listeners_;
  std::uint64_t last_id_ = 0;
  std::uint64_t sequence_ = 0;
  int generation_ = 0;
};

}  // namespace exlb::agent::testing
