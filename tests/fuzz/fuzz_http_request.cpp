// Fuzzes what a client reaches before and after login: the HTTP/1.1 parser
// with the server's limits, the request target's canonical form, routing,
// authentication and every handler, on arbitrary bytes.
#include <cstddef>
#include <cstdint>

#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "fuzz_support.h"

using namespace exlb::agent;
using namespace exlb::agent::testing;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& harness = fuzzHarness();
  const std::string input = withToken(std::string(reinterpret_cast<const char*>(data), size));
  http::request_parser<http::string_body> parser;
  parser.header_limit(8 * 1024);
  parser.body_limit(1024 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(input), ec);
  if (ec || !parser.is_header_done()) return 0;
  if (!parser.is_done()) parser.put_eof(ec);
  if (ec) return 0;
  HttpRequest request = parser.release();
  if (boost::beast::websocket::is_upgrade(request)) {
    (void)harness.dispatcher.authorizeEvents(request);
    return 0;
  }
  bool answered = false;
  harness.dispatcher.handle(std::move(request), "127.0.0.1", [&](HttpResponse response) {
    answered = true;
    // Never a server error on client input.
    if (response.result_int() >= 500 && response.result_int() != 503) std::abort();
  });
  if (!answered) std::abort();
  return 0;
}
