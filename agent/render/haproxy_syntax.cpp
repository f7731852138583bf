#include "render/haproxy_syntax.h"

#include <algorithm>
#include <string>

namespace exlb::agent::haproxy_syntax {

namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isAlnum(char c) { return isDigit(c) || isLower(c) || (c >= 'A' && c <= 'Z'); }

// "contains a space" / "is empty" / "contains the character 'x'".
std::string unsafeOr(std::string_view value, const char* otherwise) {
  const std::string what = describeUnsafeCharacter(value);
  if (!what.empty()) return "contains " + what;
  return otherwise;
}

template <typename Pred>
bool allOf(std::string_view value, Pred pred) {
  return std::all_of(value.begin(), value.end(), pred);
}

}  // namespace

std::string describeUnsafeCharacter(std::string_view value) {
  if (value.find("${") != std::string_view::npos) return "'${' (an environment variable reference)";
  for (char c : value) {
    switch (c) {
      case '\0': return "a NUL byte";
      case '\n': return "a newline";
      case '\r': return "a carriage return";
      case '\t': return "a tab";
      case ' ': return "a space";
      case '#': return "'#' (a comment)";
      case '"': return "a double quote";
      case '\'': return "a single quote";
      case '\\': return "a backslash";
      default: break;
    }
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return "a control character";
    if (u >= 0x80) return "a non-ASCII character";
  }
  return "";
}

std::optional<std::string> checkIpv4(std::string_view value) {
  int parts = 0;
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = std::min(value.find('.', pos), value.size());
    const std::string_view part = value.substr(pos, end - pos);
    if (part.empty() || part.size() > 3 || !allOf(part, isDigit) ||
        (part.size() > 1 && part[0] == '0')) {
      return unsafeOr(value, "is not an IPv4 address (four numbers 0-255 separated by dots)");
    }
    const int n = std::stoi(std::string(part));
    if (n > 255) return "is not an IPv4 address (a number is above 255)";
    ++parts;
    if (end == value.size()) break;
    pos = end + 1;
  }
  if (parts != 4) return "is not an IPv4 address (four numbers 0-255 separated by dots)";
  return std::nullopt;
}

std::optional<std::string> checkHostName(std::string_view value) {
  if (value.empty()) return "is empty; a host name (FQDN) is required";
  if (value.size() > 253) return "is longer than 253 characters";
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = std::min(value.find('.', pos), value.size());
    const std::string_view label = value.substr(pos, end - pos);
    const bool ok = !label.empty() && label.size() <= 63 &&
                    allOf(label, [](char c) { return isAlnum(c) || c == '-'; }) &&
                    label.front() != '-' && label.back() != '-';
    if (!ok) return unsafeOr(value, "is not a valid host name (letters, digits, '-' and dots)");
    if (end == value.size()) break;
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<std::string> checkServerName(std::string_view value) {
  const bool ok = !value.empty() && value.size() <= 32 &&
                  allOf(value, [](char c) { return isAlnum(c) || c == '.' || c == '_' || c == '-'; });
  if (!ok) return unsafeOr(value, "is not a valid server name (1 to 32 of A-Z a-z 0-9 . _ -)");
  return std::nullopt;
}

std::optional<std::string> checkCertificateId(std::string_view value) {
  if (value.empty()) return "is empty; TLS offloading needs a certificate";
  const bool ok = value.size() <= 64 && (isLower(value[0]) || isDigit(value[0])) &&
                  allOf(value, [](char c) {
                    return isLower(c) || isDigit(c) || c == '.' || c == '_' || c == '-';
                  });
  if (!ok) return unsafeOr(value, "is not a valid certificate id (a-z 0-9 . _ -, 1 to 64, "
                                  "starting with a letter or digit)");
  return std::nullopt;
}

std::optional<std::string> checkPath(std::string_view value, std::size_t maxLength) {
  if (value.empty() || value.front() != '/') return unsafeOr(value, "is not an absolute path");
  const bool ok = allOf(value, [](char c) {
    return isAlnum(c) || c == '/' || c == '.' || c == '_' || c == '+' || c == ',' || c == '=' ||
           c == '~' || c == '-';
  });
  if (!ok) return unsafeOr(value, "contains a character HAProxy's configuration cannot take safely "
                                  "(allowed: A-Z a-z 0-9 / . _ + , = ~ -)");
  if (value.size() > maxLength) {
    return "is too long (" + std::to_string(value.size()) + " bytes; at most " +
           std::to_string(maxLength) + ")";
  }
  return std::nullopt;
}

}  // namespace exlb::agent::haproxy_syntax
