#include "api/body_codec.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cctype>

namespace exlb::agent {

namespace {

constexpr const char* kJsonType = "application/json";
constexpr const char* kProtobufType = "application/x-protobuf";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// "Application/JSON; charset=utf-8" -> "application/json"
std::string mediaType(std::string_view value) {
  const auto semicolon = value.find(';');
  std::string_view type = value.substr(0, semicolon);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) type.remove_prefix(1);
  return lower(type);
}

bool isProtobufType(const std::string& type) {
  return type == kProtobufType || type == "application/protobuf" ||
         type == "application/vnd.google.protobuf";
}

}  // namespace

WireFormat responseFormat(const HttpRequest& request) {
  const std::string_view accept = sv(request[http::field::accept]);
  std::size_t start = 0;
  while (start <= accept.size()) {
    const auto end = std::min(accept.find(',', start), accept.size());
    if (isProtobufType(mediaType(accept.substr(start, end - start)))) return WireFormat::Protobuf;
    start = end + 1;
  }
  return WireFormat::Json;
}

std::string decodeBody(const HttpRequest& request, google::protobuf::Message& out,
                       std::string& message) {
  out.Clear();
  if (request.body().empty()) return {};
  const std::string type = mediaType(sv(request[http::field::content_type]));
  if (isProtobufType(type)) {
    if (out.ParseFromString(request.body())) return {};
    out.Clear();
    message = "The body is not a valid binary " + out.GetTypeName() + " message.";
    return "invalid-body";
  }
  if (type != kJsonType) {
    message = "Send the body as application/json or application/x-protobuf.";
    return "unsupported-media-type";
  }
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(request.body(), &out, options);
  if (status.ok()) return {};
  out.Clear();
  message = "The body is not a valid " + out.GetTypeName() + " in JSON: " +
            std::string(status.message());
  return "invalid-body";
}

bool decodeOrRespond(const HttpRequest& request, google::protobuf::Message& out,
                     const Respond& respond) {
  std::string message;
  const std::string code = decodeBody(request, out, message);
  if (code.empty()) return true;
  respond(errorResponse(request,
                        code == "unsupported-media-type" ? http::status::unsupported_media_type
                                                         : http::status::bad_request,
                        code, message));
  return false;
}

std::string encodeMessage(const google::protobuf::Message& message, WireFormat format) {
  std::string out;
  if (format == WireFormat::Protobuf) {
    message.SerializeToString(&out);
    return out;
  }
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = true;
  // Printing a well-formed message cannot fail; the status is ignored on purpose.
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  out.push_back('\n');
  return out;
}

void finishResponse(const HttpRequest& request, HttpResponse& response) {
  response.version(request.version());
  response.keep_alive(request.keep_alive());
  response.set(http::field::server, "exlb");
  response.set(http::field::cache_control, "no-store");
  response.set("X-Frame-Options", "DENY");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  response.set(http::field::strict_transport_security, "max-age=31536000");
  if (response.find(kCspHeader) == response.end()) {
    response.set(kCspHeader, "default-src 'none'; frame-ancestors 'none'");
  }
  response.prepare_payload();
}

HttpResponse messageResponse(const HttpRequest& request, http::status status,
                             const google::protobuf::Message& message) {
  const WireFormat format = responseFormat(request);
  HttpResponse response{status, request.version()};
  response.set(http::field::content_type,
               format == WireFormat::Protobuf ? kProtobufType : "application/json");
  if (request.method() != http::verb::head) response.body() = encodeMessage(message, format);
  finishResponse(request, response);
  return response;
}

HttpResponse errorResponse(const HttpRequest& request, http::status status, std::string code,
                           std::string message, std::vector<v1::FieldViolation> violations,
                           std::int64_t retryAfterSeconds) {
  v1::Error error;
  error.set_code(std::move(code));
  error.set_message(std::move(message));
  error.set_http_status(static_cast<int>(status));
  error.set_retry_after_seconds(retryAfterSeconds);
  for (auto& v : violations) *error.add_field_violations() = std::move(v);
  HttpResponse response = messageResponse(request, status, error);
  if (retryAfterSeconds > 0) {
    response.set(http::field::retry_after, std::to_string(retryAfterSeconds));
  }
  if (status == http::status::unauthorized) response.set(http::field::www_authenticate, "Bearer");
  return response;
}

}  // namespace exlb::agent
