#include "setup/armor.h"

#include <openssl/evp.h>

namespace exlb::agent {

namespace {

std::string beginLine(std::string_view label) {
  return "-----BEGIN " + std::string(label) + "-----";
}
std::string endLine(std::string_view label) { return "-----END " + std::string(label) + "-----"; }

bool isBase64Char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         c == '+' || c == '/' || c == '=';
}

}  // namespace

std::string armor(std::string_view label, std::string_view bytes) {
  std::string encoded(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  encoded.resize(static_cast<std::size_t>(n));
  std::string out = beginLine(label) + "\n";
  for (std::size_t i = 0; i < encoded.size(); i += 64) out += encoded.substr(i, 64) + "\n";
  out += endLine(label) + "\n";
  return out;
}

std::optional<std::string> unarmor(std::string_view label, std::string_view text,
                                   std::string& error) {
  const std::string begin = beginLine(label);
  const std::string end = endLine(label);
  const auto b = text.find(begin);
  if (b == std::string_view::npos) {
    error = "no '" + begin + "' line found";
    return std::nullopt;
  }
  const auto e = text.find(end, b + begin.size());
  if (e == std::string_view::npos) {
    error = "no '" + end + "' line found (truncated file?)";
    return std::nullopt;
  }
  std::string b64;
  for (const char c : text.substr(b + begin.size(), e - b - begin.size())) {
    if (c == '\n' || c == '\r' || c == ' ' || c == '\t') continue;
    if (!isBase64Char(c)) {
      error = "the block holds a character that is not base64";
      return std::nullopt;
    }
    b64.push_back(c);
  }
  if (b64.empty() || b64.size() % 4 != 0) {
    error = "the block's base64 has a wrong length (truncated?)";
    return std::nullopt;
  }
  const auto firstPad = b64.find('=');
  if (firstPad != std::string::npos && firstPad < b64.size() - 2) {
    error = "the block's base64 has padding in the middle";
    return std::nullopt;
  }
  std::string out(b64.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(b64.data()),
                                static_cast<int>(b64.size()));
  if (n < 0) {
    error = "the block's base64 does not decode";
    return std::nullopt;
  }
  // EVP_DecodeBlock counts padding as zero bytes; drop them.
  std::size_t size = static_cast<std::size_t>(n);
  if (b64.ends_with("==")) size -= 2;
  else if (b64.ends_with("=")) size -= 1;
  out.resize(size);
  return out;
}

}  // namespace exlb::agent
