#include "supervise/tls_ticket_keys.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <set>
#include <sstream>

#include "supervise/run_dir_file.h"

namespace exlb::agent::tls_ticket_keys {

namespace fs = std::filesystem;

namespace {

// Base64 of kKeyBytes: 4 characters per 3 bytes, the last group padded.
constexpr std::size_t kEncodedLength = (kKeyBytes + 2) / 3 * 4;

// TLS tickets start with the key's name (RFC 5077 key_name): HAProxy's key
// layout puts the 16 bytes of the name first.
constexpr std::size_t kKeyNameBytes = 16;

bool base64Alphabet(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '/' || c == '=';
}

bool validKey(const std::string& line) {
  if (line.size() != kEncodedLength) return false;
  // OpenSSL's decoder skips white space; a key line holds none.
  if (!std::all_of(line.begin(), line.end(), base64Alphabet)) return false;
  std::array<unsigned char, kEncodedLength> decoded{};
  const int n = EVP_DecodeBlock(decoded.data(), reinterpret_cast<const unsigned char*>(line.data()),
                                static_cast<int>(line.size()));
  if (n < 0) return false;
  std::size_t padding = 0;
  for (auto it = line.rbegin(); it != line.rend() && *it == '='; ++it) ++padding;
  return static_cast<std::size_t>(n) - padding == kKeyBytes;
}

std::optional<std::string> readFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

std::string newKey() {
  std::array<unsigned char, kKeyBytes> raw{};
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) return {};
  std::string out(kEncodedLength + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), raw.data(),
                                static_cast<int>(raw.size()));
  OPENSSL_cleanse(raw.data(), raw.size());
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::optional<std::vector<std::string>> parse(const std::string& text) {
  std::vector<std::string> keys;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (!validKey(line)) return std::nullopt;
    keys.push_back(line);
  }
  if (keys.size() != kKeyCount) return std::nullopt;
  return keys;
}

std::optional<std::string> decodeKey(const std::string& line) {
  if (!validKey(line)) return std::nullopt;
  std::string raw(kEncodedLength, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(raw.data()),
                                reinterpret_cast<const unsigned char*>(line.data()),
                                static_cast<int>(line.size()));
  if (n < 0) return std::nullopt;
  raw.resize(kKeyBytes);
  return raw;
}

std::optional<std::string> encodeKey(const std::string& raw) {
  if (raw.size() != kKeyBytes) return std::nullopt;
  std::string out(kEncodedLength + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(raw.data()),
                                static_cast<int>(raw.size()));
  out.resize(static_cast<std::size_t>(n));
  return out;
}

bool checkRing(const std::vector<std::string>& keys, std::string& error) {
  if (keys.size() != kKeyCount) {
    error = "a ring holds " + std::to_string(kKeyCount) + " keys, not " + std::to_string(keys.size());
    return false;
  }
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (!validKey(keys[i])) {
      error = "key " + std::to_string(i + 1) + " is not " + std::to_string(kKeyBytes) +
              " bytes in base64";
      return false;
    }
  }
  if (std::set<std::string>(keys.begin(), keys.end()).size() != keys.size()) {
    error = "the ring holds the same key twice";
    return false;
  }
  return true;
}

std::string ringId(const std::vector<std::string>& keys) {
  std::string ignored;
  if (!checkRing(keys, ignored)) return {};
  std::string names;
  for (const auto& k : keys) {
    auto raw = decodeKey(k);
    names += raw->substr(0, kKeyNameBytes);
    OPENSSL_cleanse(raw->data(), raw->size());
  }
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(names.data(), names.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  for (std::size_t i = 0; i < 8; ++i) {
    id += kHex[digest[i] >> 4];
    id += kHex[digest[i] & 0xf];
  }
  return id;
}

std::optional<std::vector<std::string>> KeyFile::read() const {
  auto text = readFile(path_);
  return text ? parse(*text) : std::nullopt;
}

bool KeyFile::replace(const std::vector<std::string>& keys, std::string& error) const {
  if (!checkRing(keys, error)) return false;
  return write(keys, error);
}

bool KeyFile::write(const std::vector<std::string>& keys, std::string& error) const {
  std::string text;
  for (const auto& k : keys) text += k + "\n";
  return writeRunFile(path_, text, error);
}

bool KeyFile::ensure(bool& created, std::string& error) const {
  created = false;
  if (auto text = readFile(path_); text && parse(*text)) {
    std::error_code ec;
    fs::permissions(path_, fs::perms::owner_read | fs::perms::owner_write, ec);
    return true;
  }
  std::vector<std::string> keys;
  for (std::size_t i = 0; i < kKeyCount; ++i) {
    keys.push_back(newKey());
    if (keys.back().empty()) {
      error = "cannot draw random bytes for a TLS ticket key";
      return false;
    }
  }
  if (!write(keys, error)) return false;
  created = true;
  return true;
}

std::optional<std::string> KeyFile::rotate(std::string& error) const {
  auto text = readFile(path_);
  auto keys = text ? parse(*text) : std::nullopt;
  if (!keys) {
    error = "cannot read the TLS ticket keys in " + path_.string();
    return std::nullopt;
  }
  std::string fresh = newKey();
  if (fresh.empty()) {
    error = "cannot draw random bytes for a TLS ticket key";
    return std::nullopt;
  }
  keys->erase(keys->begin());
  keys->push_back(fresh);
  if (!write(*keys, error)) return std::nullopt;
  return fresh;
}

std::chrono::milliseconds KeyFile::untilDue(std::chrono::milliseconds period) const {
  std::error_code ec;
  const auto written = fs::last_write_time(path_, ec);
  if (ec) return std::chrono::milliseconds{0};
  const auto age =
      std::chrono::duration_cast<std::chrono::milliseconds>(fs::file_time_type::clock::now() - written);
  if (age >= period) return std::chrono::milliseconds{0};
  // A time stamp in the future (the clock was set back) counts as just written.
  if (age.count() < 0) return period;
  return period - age;
}

}  // namespace exlb::agent::tls_ticket_keys
