#include "setup/backup_file.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <memory>

namespace exlb::agent {

namespace {

constexpr std::string_view kMagic{"EXLBBAK\0", 8};
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kNonceBytes = 12;
constexpr std::size_t kTagBytes = 16;
constexpr std::size_t kHeaderBytes = 8 + 2 + 4 + kSaltBytes + kNonceBytes + 4;
constexpr std::uint8_t kKdfScrypt = 1;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;
using Key = std::array<unsigned char, 32>;

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

void putBe(std::string& out, std::uint64_t value, int width) {
  for (int i = width - 1; i >= 0; --i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::uint64_t getBe(std::string_view in, std::size_t at, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) v = (v << 8) | static_cast<unsigned char>(in[at + static_cast<std::size_t>(i)]);
  return v;
}

bool deriveKey(std::string_view passphrase, std::string_view salt, ScryptCost cost, Key& key) {
  const std::uint64_t n = std::uint64_t{1} << cost.log2n;
  const std::uint64_t maxmem = 128ull * cost.r * (n + cost.p + 2) + (1u << 20);
  return EVP_PBE_scrypt(passphrase.data(), passphrase.size(), bytes(salt), salt.size(), n, cost.r,
                        cost.p, maxmem, key.data(), key.size()) == 1;
}

}  // namespace

std::optional<std::string> sealBackup(std::string_view payload, std::string_view passphrase,
                                      std::string& error, ScryptCost cost) {
  if (passphrase.size() < kMinBackupPassphrase) {
    error = "the passphrase must have at least " + std::to_string(kMinBackupPassphrase) + " characters";
    return std::nullopt;
  }
  std::string salt(kSaltBytes, '\0');
  std::string nonce(kNonceBytes, '\0');
  Key key{};
  if (RAND_bytes(bytes(salt), static_cast<int>(salt.size())) != 1 ||
      RAND_bytes(bytes(nonce), static_cast<int>(nonce.size())) != 1 ||
      !deriveKey(passphrase, salt, cost, key)) {
    error = "the encryption key could not be made";
    return std::nullopt;
  }
  std::string out(kMagic);
  putBe(out, kBackupFormatVersion, 2);
  out.push_back(static_cast<char>(kKdfScrypt));
  out.push_back(static_cast<char>(cost.log2n));
  out.push_back(static_cast<char>(cost.r));
  out.push_back(static_cast<char>(cost.p));
  out += salt;
  out += nonce;
  putBe(out, payload.size(), 4);
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string cipher(payload.size(), '\0');
  std::string tag(kTagBytes, '\0');
  int len = 0;
  int tail = 0;
  const bool ok =
      ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(nonce)) == 1 &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, bytes(out), static_cast<int>(out.size())) == 1 &&
      EVP_EncryptUpdate(ctx.get(), bytes(cipher), &len, bytes(payload),
                        static_cast<int>(payload.size())) == 1 &&
      EVP_EncryptFinal_ex(ctx.get(), bytes(cipher) + len, &tail) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1;
  OPENSSL_cleanse(key.data(), key.size());
  if (!ok) {
    error = "the backup could not be encrypted";
    return std::nullopt;
  }
  return out + cipher + tag;
}

std::optional<std::string> openBackup(std::string_view file, std::string_view passphrase,
                                      std::string& error) {
  if (file.size() > kMaxBackupBytes) {
    error = "the file is larger than any exlb backup (" + std::to_string(kMaxBackupBytes) + " bytes)";
    return std::nullopt;
  }
  if (file.size() < kMagic.size() || file.substr(0, kMagic.size()) != kMagic) {
    error = "the file is not an exlb backup";
    return std::nullopt;
  }
  if (file.size() < kHeaderBytes + kTagBytes) {
    error = "the backup is truncated";
    return std::nullopt;
  }
  const auto version = getBe(file, 8, 2);
  if (version != kBackupFormatVersion) {
    error = "the backup has format version " + std::to_string(version) + "; this agent reads version " +
            std::to_string(kBackupFormatVersion);
    return std::nullopt;
  }
  const ScryptCost cost{static_cast<std::uint8_t>(file[11]), static_cast<std::uint8_t>(file[12]),
                        static_cast<std::uint8_t>(file[13])};
  // Bounds on the cost a file may ask for: a planted file must not make the
  // agent spend gigabytes or minutes.
  if (static_cast<std::uint8_t>(file[10]) != kKdfScrypt || cost.log2n < 10 || cost.log2n > 20 ||
      cost.r < 1 || cost.r > 16 || cost.p < 1 || cost.p > 4) {
    error = "the backup's key derivation is not one this agent accepts";
    return std::nullopt;
  }
  const std::size_t length = getBe(file, 42, 4);
  if (file.size() != kHeaderBytes + length + kTagBytes) {
    error = file.size() < kHeaderBytes + length + kTagBytes ? "the backup is truncated"
                                                            : "the backup has extra bytes at its end";
    return std::nullopt;
  }
  const std::string_view header = file.substr(0, kHeaderBytes);
  const std::string_view salt = file.substr(14, kSaltBytes);
  const std::string_view nonce = file.substr(30, kNonceBytes);
  const std::string_view cipher = file.substr(kHeaderBytes, length);
  std::string tag(file.substr(kHeaderBytes + length, kTagBytes));
  Key key{};
  if (!deriveKey(passphrase, salt, cost, key)) {
    error = "the decryption key could not be made";
    return std::nullopt;
  }
  CipherCtx ctx(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  std::string plain(cipher.size(), '\0');
  int len = 0;
  int tail = 0;
  const bool ok =
      ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), bytes(nonce)) == 1 &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, bytes(header), static_cast<int>(header.size())) == 1 &&
      EVP_DecryptUpdate(ctx.get(), bytes(plain), &len, bytes(cipher), static_cast<int>(cipher.size())) == 1 &&
      EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1 &&
      EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + len, &tail) == 1;
  OPENSSL_cleanse(key.data(), key.size());
  if (!ok) {
    OPENSSL_cleanse(plain.data(), plain.size());
    error = "wrong passphrase, or the backup was altered";
    return std::nullopt;
  }
  return plain;
}

}  // namespace exlb::agent
