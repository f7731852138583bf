#include "api/change_result_http.h"

#include "api/body_codec.h"

namespace exlb::agent {

http::status httpStatusOf(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::Ok: return http::status::ok;
    case ChangeStatus::EtagMismatch: return http::status::conflict;
    case ChangeStatus::Invalid: return http::status::unprocessable_entity;
    case ChangeStatus::Refused: return http::status::unprocessable_entity;
    case ChangeStatus::NotFound: return http::status::not_found;
    case ChangeStatus::Failed: return http::status::service_unavailable;
  }
  return http::status::internal_server_error;  // unreachable: every value is listed
}

const char* errorCodeOf(ChangeStatus status) {
  switch (status) {
    case ChangeStatus::Ok: return "ok";
    case ChangeStatus::EtagMismatch: return "etag-mismatch";
    case ChangeStatus::Invalid: return "invalid-config";
    case ChangeStatus::Refused: return "refused";
    case ChangeStatus::NotFound: return "not-found";
    case ChangeStatus::Failed: return "apply-failed";
  }
  return "internal";
}

std::vector<v1::FieldViolation> toViolations(const std::vector<Problem>& problems) {
  std::vector<v1::FieldViolation> out;
  out.reserve(problems.size());
  for (const auto& p : problems) {
    v1::FieldViolation v;
    v.set_path(p.path);
    v.set_description(p.message);
    v.set_severity(p.severity == Severity::Error ? v1::VIOLATION_SEVERITY_ERROR
                                                 : v1::VIOLATION_SEVERITY_WARNING);
    out.push_back(std::move(v));
  }
  return out;
}

HttpResponse changeResponse(const HttpRequest& request, const ChangeResult& result) {
  if (result.status != ChangeStatus::Ok) {
    std::string message = result.message;
    if (message.empty()) message = "The change was not made.";
    return errorResponse(request, httpStatusOf(result.status), errorCodeOf(result.status),
                         std::move(message), toViolations(result.problems));
  }
  v1::ChangeResponse out;
  out.set_etag(result.etag);
  *out.mutable_outcome() = result.outcome;
  out.set_message(result.message);
  for (auto& v : toViolations(result.problems)) *out.add_warnings() = std::move(v);
  HttpResponse response = messageResponse(request, http::status::ok, out);
  if (!result.etag.empty()) response.set(http::field::etag, "\"" + result.etag + "\"");
  return response;
}

}  // namespace exlb::agent
