#include "setup/ed25519.h"

#include <memory>

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

namespace exlb::agent {

namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

const unsigned char* bytesOf(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<Ed25519PublicKey> ed25519PublicKeyOf(const Ed25519PrivateKey& privateKey) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, privateKey.data(),
                                           privateKey.size()));
  if (!key) return std::nullopt;
  Ed25519PublicKey pub{};
  std::size_t len = pub.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), pub.data(), &len) != 1 || len != pub.size())
    return std::nullopt;
  return pub;
}

std::optional<Ed25519KeyPair> generateEd25519KeyPair() {
  Ed25519KeyPair pair;
  if (RAND_bytes(pair.private_key.data(), static_cast<int>(pair.private_key.size())) != 1)
    return std::nullopt;
  auto pub = ed25519PublicKeyOf(pair.private_key);
  if (!pub) return std::nullopt;
  pair.public_key = *pub;
  return pair;
}

std::optional<Ed25519Signature> ed25519Sign(const Ed25519PrivateKey& privateKey,
                                            std::string_view message) {
  PkeyPtr key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, privateKey.data(),
                                           privateKey.size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!key || !ctx) return std::nullopt;
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1)
    return std::nullopt;
  Ed25519Signature sig{};
  std::size_t len = sig.size();
  if (EVP_DigestSign(ctx.get(), sig.data(), &len, bytesOf(message), message.size()) != 1 ||
      len != sig.size())
    return std::nullopt;
  return sig;
}

bool ed25519Verify(const Ed25519PublicKey& publicKey, std::string_view message,
                   std::string_view signature) {
  if (signature.size() != sizeof(Ed25519Signature)) return false;
  PkeyPtr key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, publicKey.data(),
                                          publicKey.size()));
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!key || !ctx) return false;
  if (EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), bytesOf(signature), signature.size(), bytesOf(message),
                          message.size()) == 1;
}

std::string ed25519KeyId(const Ed25519PublicKey& publicKey) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(publicKey.data(), publicKey.size(), digest);
  return toHex(std::string_view(reinterpret_cast<const char*>(digest), 8));
}

std::string toHex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto b = static_cast<unsigned char>(c);
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0x0f]);
  }
  return out;
}

template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fromHex(std::string_view hex) {
  std::array<std::uint8_t, N> out{};
  std::size_t nibbles = 0;
  for (const char c : hex) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
    const int d = hexDigit(c);
    if (d < 0 || nibbles >= 2 * N) return std::nullopt;
    auto& byte = out[nibbles / 2];
    byte = static_cast<std::uint8_t>((nibbles % 2 == 0) ? d << 4 : (byte | d));
    ++nibbles;
  }
  if (nibbles != 2 * N) return std::nullopt;
  return out;
}

template std::optional<std::array<std::uint8_t, 32>> fromHex<32>(std::string_view);
template std::optional<std::array<std::uint8_t, 64>> fromHex<64>(std::string_view);

}  // namespace exlb::agent
