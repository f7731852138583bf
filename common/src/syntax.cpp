#include "exlb/common/syntax.h"

#include <cstdio>

namespace exlb {

namespace {

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool isAsciiDigit(char c) { return c >= '0' && c <= '9'; }
bool isLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || isAsciiDigit(c); }

bool isHostnameLabel(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (const char c : label) {
    if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '-') return false;
  }
  return true;
}

}  // namespace

bool isHostname(std::string_view text) {
  if (text.empty() || text.size() > 253) return false;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = text.find('.', start);
    const std::string_view label =
        text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (!isHostnameLabel(label)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool isCertificateId(std::string_view text) {
  if (text.empty() || text.size() > 64 || !isLowerOrDigit(text.front())) return false;
  for (const char c : text) {
    if (!isLowerOrDigit(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

bool isServerName(std::string_view text) {
  if (text.empty() || text.size() > 32) return false;
  for (const char c : text) {
    if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '.' && c != '_' && c != '-') return false;
  }
  return true;
}

namespace {

// The IANA database's top-level areas (the first part of "Area/Location")
// and its names of one part. Checking them refuses words that merely look
// like a zone ("null", "true", "localhost"), which JSON and forms produce.
constexpr std::string_view kTimezoneAreas[] = {
    "Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Brazil",
    "Canada", "Chile", "Etc", "Europe", "Indian", "Mexico", "Pacific", "US"};
constexpr std::string_view kSinglePartZones[] = {
    "UTC", "UCT", "GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "Universal", "Zulu", "CET",
    "CST6CDT", "EET", "EST", "EST5EDT", "HST", "MET", "MST", "MST7MDT", "PST8PDT", "WET",
    "Cuba", "Egypt", "Eire", "GB", "GB-Eire", "Hongkong", "Iceland", "Iran", "Israel",
    "Jamaica", "Japan", "Kwajalein", "Libya", "NZ", "NZ-CHAT", "Navajo", "PRC", "ROC", "ROK",
    "Poland", "Portugal", "Singapore", "Turkey", "W-SU"};

template <std::size_t N>
bool listed(const std::string_view (&names)[N], std::string_view name) {
  for (const auto candidate : names)
    if (candidate == name) return true;
  return false;
}

}  // namespace

bool isTimezoneName(std::string_view text) {
  if (text.empty() || text.size() > 64) return false;
  const auto slash = text.find('/');
  if (slash == std::string_view::npos ? !listed(kSinglePartZones, text)
                                      : !listed(kTimezoneAreas, text.substr(0, slash))) {
    return false;
  }
  bool partStart = true;
  for (const char c : text) {
    if (c == '/') {
      if (partStart) return false;  // empty part, or a leading '/'
      partStart = true;
      continue;
    }
    if (partStart && !isAsciiLetter(c)) return false;
    if (!isAsciiLetter(c) && !isAsciiDigit(c) && c != '_' && c != '-' && c != '+') return false;
    partStart = false;
  }
  return !partStart;  // no trailing '/'
}

std::optional<std::string> forbiddenCharacter(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) return std::string("a control character");
    if (c == ' ') return std::string("a space");
    if (c == '#') return std::string("'#'");
    if (c == '"' || c == '\'' || c == '`') return std::string("a quote");
    if (c == '\\') return std::string("a backslash");
    if (c == '$' && i + 1 < text.size() && text[i + 1] == '{') return std::string("'${'");
  }
  return std::nullopt;
}

std::string quoteValue(std::string_view text) {
  constexpr std::size_t kMaxShown = 64;
  std::string out = "'";
  std::size_t shown = 0;
  for (const char ch : text) {
    if (shown == kMaxShown) {
      out += "...";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c >= 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
      out += buf;
    } else {
      out += ch;
    }
    ++shown;
  }
  out += "'";
  return out;
}

}  // namespace exlb
