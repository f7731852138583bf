#include "api/config_handlers.h"

#include <charconv>

#include "api/body_codec.h"
#include "api/change_result_http.h"

namespace exlb::agent {

namespace {


HttpResponse configResponse(const HttpRequest& request, const VersionedConfig& versioned) {
  v1::ConfigResponse out;
  *out.mutable_config() = versioned.config;
  out.set_etag(versioned.etag);
  HttpResponse response = messageResponse(request, http::status::ok, out);
  response.set(http::field::etag, "\"" + versioned.etag + "\"");
  return response;
}

v1::ServerAdminState stateOfAction(const std::string& action) {
  if (action == "drain") return v1::SERVER_ADMIN_STATE_DRAIN;
  if (action == "ready") return v1::SERVER_ADMIN_STATE_READY;
  if (action == "maint") return v1::SERVER_ADMIN_STATE_MAINT;
  return v1::SERVER_ADMIN_STATE_UNSPECIFIED;
}

}  // namespace

std::string unquoteEtag(std::string_view value) {
  if (value.starts_with("W/")) value.remove_prefix(2);
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
    value = value.substr(1, value.size() - 2);
  }
  return std::string(value);
}

ConfigHandlers::ConfigHandlers(Appliance& appliance, const AuditTrail& audit,
                               std::size_t auditReadLimit)
    : appliance_(appliance), audit_(audit), audit_read_limit_(auditReadLimit) {}

ChangeCallback ConfigHandlers::finishChange(const ApiRequestPtr& request, Respond respond,
                                            std::string action, AuditFields fields) {
  auto before = std::make_shared<VersionedConfig>(appliance_.running());
  return [this, request, respond = std::move(respond), action = std::move(action),
          fields = std::move(fields), before](ChangeResult result) mutable {
    const VersionedConfig after = appliance_.running();
    if (result.status == ChangeStatus::Ok) {
      fields.emplace_back("areas", changedAreas(before->config, after.config));
    }
    fields.emplace_back("old_etag", before->etag);
    fields.emplace_back("new_etag", after.etag);
    fields.emplace_back("result", errorCodeOf(result.status));
    audit_.record(request->actor(), action, fields);
    respond(changeResponse(request->http, result));
  };
}

void ConfigHandlers::getRunning(const ApiRequestPtr& request, Respond respond) {
  respond(configResponse(request->http, appliance_.running()));
}

void ConfigHandlers::getSaved(const ApiRequestPtr& request, Respond respond) {
  respond(configResponse(request->http, appliance_.saved()));
}

std::optional<ConfigReplacement> readConfigReplacement(const ApiRequestPtr& request,
                                                       const Respond& respond,
                                                       std::string_view missingEtagHint) {
  v1::ReplaceConfigRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return std::nullopt;
  const auto header = request->http.find(http::field::if_match);
  std::string ifMatch = header != request->http.end() ? unquoteEtag(sv(header->value())) : body.etag();
  if (ifMatch.empty()) {
    respond(errorResponse(request->http, http::status::precondition_required,
                          "precondition-required", std::string(missingEtagHint)));
    return std::nullopt;
  }
  if (ifMatch == "*") ifMatch.clear();
  if (!body.has_config()) {
    std::vector<v1::FieldViolation> violations(1);
    violations[0].set_path("config");
    violations[0].set_description("The request holds no configuration.");
    violations[0].set_severity(v1::VIOLATION_SEVERITY_ERROR);
    respond(errorResponse(request->http, http::status::unprocessable_entity, "invalid-config",
                          "The request holds no configuration.", std::move(violations)));
    return std::nullopt;
  }
  return ConfigReplacement{std::move(*body.mutable_config()), std::move(ifMatch)};
}

void ConfigHandlers::replaceRunning(const ApiRequestPtr& request, Respond respond) {
  auto replacement = readConfigReplacement(
      request, respond,
      "Send the etag you read in If-Match (or \"*\" to replace whatever is running), so a "
      "concurrent change is not overwritten.");
  if (!replacement) return;
  appliance_.replaceRunning(std::move(replacement->config), std::move(replacement->ifMatch),
                            request->actor(),
                            finishChange(request, std::move(respond), "config.replace", {}));
}

void ConfigHandlers::save(const ApiRequestPtr& request, Respond respond) {
  appliance_.save(request->actor(), finishChange(request, std::move(respond), "config.save", {}));
}

void ConfigHandlers::versions(const ApiRequestPtr& request, Respond respond) {
  v1::SavedVersionsResponse out;
  for (const auto& version : appliance_.savedVersions()) {
    auto* v = out.add_versions();
    v->set_id(version.id);
    v->set_etag(version.etag);
    v->set_saved_unix_ms(version.saved_unix_ms);
    v->set_saved_by(version.saved_by);
  }
  respond(messageResponse(request->http, http::status::ok, out));
}

void ConfigHandlers::rollback(const ApiRequestPtr& request, Respond respond) {
  v1::RollbackRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  if (body.version_id().empty() || body.version_id().size() > 128) {
    const std::string message = "Name the saved version to roll back to (GET config/versions).";
    std::vector<v1::FieldViolation> violations(1);
    violations[0].set_path("version_id");
    violations[0].set_description(message);
    violations[0].set_severity(v1::VIOLATION_SEVERITY_ERROR);
    respond(errorResponse(request->http, http::status::unprocessable_entity, "invalid-argument",
                          message, std::move(violations)));
    return;
  }
  const std::string id = body.version_id();
  appliance_.rollback(id, request->actor(),
                      finishChange(request, std::move(respond), "config.rollback", {{"version", id}}));
}

void ConfigHandlers::factoryReset(const ApiRequestPtr& request, Respond respond) {
  appliance_.factoryReset(request->actor(),
                          finishChange(request, std::move(respond), "config.factory-reset", {}));
}

void ConfigHandlers::status(const ApiRequestPtr& request, Respond respond) {
  respond(messageResponse(request->http, http::status::ok, appliance_.status()));
}

void ConfigHandlers::serverState(const ApiRequestPtr& request, Respond respond) {
  const auto& segments = request->path.segments;  // api v1 servers {name} {action}
  const std::string& name = segments[3];
  const v1::ServerAdminState state = stateOfAction(segments[4]);
  v1::ServerStateRequest body;
  if (!decodeOrRespond(request->http, body, respond)) return;
  const bool disagrees = (!body.server_name().empty() && body.server_name() != name) ||
                         (body.state() != v1::SERVER_ADMIN_STATE_UNSPECIFIED && body.state() != state);
  if (disagrees) {
    respond(errorResponse(request->http, http::status::bad_request, "invalid-argument",
                          "The body names another server or state than the path."));
    return;
  }
  appliance_.setServerState(name, state, request->actor(),
                            finishChange(request, std::move(respond), "server." + segments[4],
                                         {{"server", name}}));
}

void ConfigHandlers::auditLog(const ApiRequestPtr& request, Respond respond) {
  std::size_t limit = audit_read_limit_;
  const auto it = request->path.query.find("limit");
  if (it != request->path.query.end()) {
    std::size_t asked = 0;
    const auto& text = it->second;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), asked);
    if (ec != std::errc() || end != text.data() + text.size() || asked == 0) {
      respond(errorResponse(request->http, http::status::bad_request, "invalid-argument",
                            "limit must be a positive number of lines."));
      return;
    }
    limit = std::min(asked, audit_read_limit_);
  }
  respond(messageResponse(request->http, http::status::ok, audit_.read(limit)));
}

}  // namespace exlb::agent
