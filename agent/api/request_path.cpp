#include "api/request_path.h"

namespace exlb::agent {

namespace {

constexpr std::size_t kMaxTarget = 2048;
constexpr std::size_t kMaxQueryKeys = 16;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool isPlainByte(unsigned char c) { return c > 0x20 && c < 0x7f && c != '\\'; }

// Percent-decodes `in`. `inPath` refuses an encoded "/" (a segment holding a
// slash is ambiguous); in a query, "+" means space as in HTML forms.
bool decode(std::string_view in, bool inPath, std::string& out, std::string& error) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (!isPlainByte(static_cast<unsigned char>(c))) {
      error = "The request target holds a character that is not allowed.";
      return false;
    }
    if (c == '+' && !inPath) {
      out.push_back(' ');
      continue;
    }
    if (c != '%') {
      out.push_back(c);
      continue;
    }
    const int hi = i + 2 < in.size() ? hexValue(in[i + 1]) : -1;
    const int lo = i + 2 < in.size() ? hexValue(in[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      error = "The request target holds a malformed percent-escape.";
      return false;
    }
    const auto decoded = static_cast<unsigned char>(hi * 16 + lo);
    if (!isPlainByte(decoded) || (inPath && decoded == '/')) {
      error = "The request target encodes a character that is not allowed.";
      return false;
    }
    out.push_back(static_cast<char>(decoded));
    i += 2;
  }
  return true;
}

bool splitPath(std::string_view raw, RequestPath& out, std::string& error) {
  out.path.clear();
  out.segments.clear();
  // raw starts with '/'; every segment after it must be non-empty.
  std::size_t start = 1;
  while (start <= raw.size()) {
    const std::size_t end = std::min(raw.find('/', start), raw.size());
    std::string segment;
    if (!decode(raw.substr(start, end - start), true, segment, error)) return false;
    if (segment == "." || segment == "..") {
      error = "The request target holds a relative path segment.";
      return false;
    }
    if (segment.empty() && !(raw.size() == 1)) {
      error = "The request target holds an empty path segment.";
      return false;
    }
    if (!segment.empty()) {
      out.path += "/" + segment;
      out.segments.push_back(std::move(segment));
    }
    start = end + 1;
  }
  if (out.path.empty()) out.path = "/";
  return true;
}

bool splitQuery(std::string_view raw, RequestPath& out, std::string& error) {
  out.query.clear();
  std::size_t start = 0;
  while (start < raw.size()) {
    const std::size_t end = std::min(raw.find('&', start), raw.size());
    const std::string_view pair = raw.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string key;
    std::string value;
    if (!decode(pair.substr(0, eq), false, key, error)) return false;
    if (eq != std::string_view::npos && !decode(pair.substr(eq + 1), false, value, error)) {
      return false;
    }
    if (out.query.size() >= kMaxQueryKeys) {
      error = "The request target has too many query parameters.";
      return false;
    }
    out.query.emplace(std::move(key), std::move(value));
  }
  return true;
}

}  // namespace

bool parseRequestTarget(std::string_view target, RequestPath& out, std::string& error) {
  if (target.empty() || target.front() != '/' || target.size() > kMaxTarget) {
    error = "The request target must be a path starting with '/'.";
    return false;
  }
  if (target.find('#') != std::string_view::npos) {
    error = "The request target may not hold a fragment.";
    return false;
  }
  const std::size_t q = target.find('?');
  if (!splitPath(target.substr(0, q), out, error)) return false;
  return splitQuery(q == std::string_view::npos ? std::string_view{} : target.substr(q + 1), out,
                    error);
}

}  // namespace exlb::agent
