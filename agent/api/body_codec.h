#pragma once
// Request and response bodies: the protobuf messages of exlb/v1/api.proto as
// JSON (protobuf's JSON mapping: proto field names, every field printed, enums
// by name, unknown fields refused) or as binary protobuf, chosen by the
// request's Content-Type and Accept. Also the one place that builds error
// responses and sets the headers every response carries.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/message.h>

#include "api/api_http.h"
#include "exlb/v1/api.pb.h"

namespace exlb::agent {

enum class WireFormat { Json, Protobuf };

// The format the client asked for in Accept (JSON unless protobuf is named).
WireFormat responseFormat(const HttpRequest& request);

// Decodes the request body into `out`. An empty body is the empty message.
// Returns an empty string on success, else an error code: "unsupported-media-type"
// (415) or "invalid-body" (400), with a sentence in `message`.
std::string decodeBody(const HttpRequest& request, google::protobuf::Message& out,
                       std::string& message);

// decodeBody(), answering the error (415 or 400) itself; true when `out` is ready.
bool decodeOrRespond(const HttpRequest& request, google::protobuf::Message& out,
                     const Respond& respond);

std::string encodeMessage(const google::protobuf::Message& message, WireFormat format);

// A 2xx answer carrying `message`.
HttpResponse messageResponse(const HttpRequest& request, http::status status,
                             const google::protobuf::Message& message);

// The one error shape (v1::Error), in the client's format.
HttpResponse errorResponse(const HttpRequest& request, http::status status, std::string code,
                           std::string message, std::vector<v1::FieldViolation> violations = {},
                           std::int64_t retryAfterSeconds = 0);

// Sets the headers every response carries (no caching, no framing, no
// sniffing, HSTS, a strict CSP for API bodies) and keep-alive/version from
// the request.
void finishResponse(const HttpRequest& request, HttpResponse& response);

// The CSP of the built-in page's static files.
inline constexpr const char* kStaticCsp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

}  // namespace exlb::agent
