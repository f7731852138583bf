#pragma once
// The one mapping from the appliance's ChangeResult to HTTP: status code,
// error code and body. Every change route answers through here.
//
//   Ok -> 200 ChangeResponse        EtagMismatch -> 409 "etag-mismatch"
//   Invalid -> 422 "invalid-config" Refused -> 422 "refused"
//   NotFound -> 404 "not-found"     Failed -> 503 "apply-failed"

#include <vector>

#include "api/api_http.h"
#include "app/appliance.h"
#include "exlb/v1/api.pb.h"

namespace exlb::agent {

http::status httpStatusOf(ChangeStatus status);
const char* errorCodeOf(ChangeStatus status);
// Problems as field violations, severity kept.
std::vector<v1::FieldViolation> toViolations(const std::vector<Problem>& problems);
HttpResponse changeResponse(const HttpRequest& request, const ChangeResult& result);

}  // namespace exlb::agent
