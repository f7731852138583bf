// Fuzzes request-body decoding: protobuf's JSON mapping and binary protobuf
// into every request message of the API, and the configuration's validation
// that follows a decoded PUT.
#include <cstddef>
#include <cstdint>

#include "api/body_codec.h"
#include "exlb/common/validation.h"
#include "exlb/v1/api.pb.h"

using namespace exlb;
using namespace exlb::agent;

namespace {

template <typename M>
void decodeAs(const HttpRequest& request) {
  M message;
  std::string error;
  if (decodeBody(request, message, error).empty()) {
    (void)encodeMessage(message, WireFormat::Json);
    (void)encodeMessage(message, WireFormat::Protobuf);
    if constexpr (std::is_same_v<M, v1::ReplaceConfigRequest>) (void)validateConfig(message.config());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  HttpRequest request{http::verb::post, "/", 11};
  request.set(http::field::content_type, (data[0] & 1) ? "application/x-protobuf" : "application/json");
  request.body().assign(reinterpret_cast<const char*>(data + 1), size - 1);
  switch ((data[0] >> 1) % 6) {
    case 0: decodeAs<v1::LoginRequest>(request); break;
    case 1: decodeAs<v1::ChangePasswordRequest>(request); break;
    case 2: decodeAs<v1::ReplaceConfigRequest>(request); break;
    case 3: decodeAs<v1::RollbackRequest>(request); break;
    case 4: decodeAs<v1::CreateAccountRequest>(request); break;
    default: decodeAs<v1::ServerStateRequest>(request); break;
  }
  return 0;
}
