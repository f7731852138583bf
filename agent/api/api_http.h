#pragma once
// The HTTP vocabulary of the API, shared by the connection, the dispatcher
// and the handlers.

#include <functional>
#include <string_view>

#include <boost/beast/http.hpp>

namespace exlb::agent {

namespace http = boost::beast::http;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;
// Called exactly once, on the io_context's thread, with the complete answer.
using Respond = std::function<void(HttpResponse)>;

// Beast 1.74 has its own string_view; the API's code speaks std's.
inline std::string_view sv(boost::beast::string_view s) { return {s.data(), s.size()}; }

// Beast 1.74 names no field for it.
inline constexpr const char* kCspHeader = "Content-Security-Policy";

}  // namespace exlb::agent
