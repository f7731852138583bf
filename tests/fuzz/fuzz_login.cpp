// Fuzzes the login: arbitrary user names and passwords (and their JSON or
// protobuf framing) through the dispatcher, Argon2id verification and the
// throttle, from arbitrary client addresses. Only admin/admin may succeed.
#include <cstddef>
#include <cstdint>

#include <google/protobuf/util/json_util.h>

#include "fuzz_support.h"

using namespace exlb::agent;
using namespace exlb::agent::testing;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static DispatcherHarness& harness = fuzzHarness();
  if (size < 2) return 0;
  harness.now += std::chrono::seconds(data[0]);
  harness.peer = "127.0.0." + std::to_string(data[1]);
  const std::string rest(reinterpret_cast<const char*>(data + 2), size - 2);
  const auto split = rest.find('\0');
  exlb::v1::LoginRequest login;
  login.set_username(rest.substr(0, split));
  login.set_password(split == std::string::npos ? "" : rest.substr(split + 1));
  const bool binary = data[0] & 1;
  std::string body;
  if (binary) {
    body = login.SerializeAsString();
  } else {
    body = encodeMessage(login, WireFormat::Json);
  }
  const auto reply = harness.call(http::verb::post, "/api/v1/login", body, {},
                                  binary ? "application/x-protobuf" : "application/json");
  // Judge by what was sent: protobuf's JSON printer drops invalid UTF-8, so
  // "ad\x88min" may reach the server as "admin".
  exlb::v1::LoginRequest sent;
  if (binary) {
    sent.ParseFromString(body);
  } else {
    (void)google::protobuf::util::JsonStringToMessage(body, &sent);
  }
  const bool factory = sent.username() == "admin" && sent.password() == "admin";
  if (reply.status == 200 && !factory) std::abort();  // nobody else may get in
  if (reply.status >= 500) std::abort();
  return 0;
}
