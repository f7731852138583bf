#pragma once
// Ed25519 signatures through OpenSSL 3 (one-shot EVP_DigestSign/Verify with a
// NULL digest), for licenses and firmware bundles. Keys are raw 32-byte
// values; nothing here touches the filesystem.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exlb::agent {

using Ed25519PublicKey = std::array<std::uint8_t, 32>;
using Ed25519PrivateKey = std::array<std::uint8_t, 32>;  // the seed
using Ed25519Signature = std::array<std::uint8_t, 64>;

struct Ed25519KeyPair {
  Ed25519PrivateKey private_key{};
  Ed25519PublicKey public_key{};
};

// A fresh key pair from OpenSSL's CSPRNG.
std::optional<Ed25519KeyPair> generateEd25519KeyPair();

// The public key of a private key (seed).
std::optional<Ed25519PublicKey> ed25519PublicKeyOf(const Ed25519PrivateKey& privateKey);

std::optional<Ed25519Signature> ed25519Sign(const Ed25519PrivateKey& privateKey,
                                            std::string_view message);

// True only for a valid signature of exactly `message` by `publicKey`.
bool ed25519Verify(const Ed25519PublicKey& publicKey, std::string_view message,
                   std::string_view signature);

// Short identifier of a public key: hex of the first 8 bytes of its SHA-256.
std::string ed25519KeyId(const Ed25519PublicKey& publicKey);

// Hex helpers for keys written in files and build options.
std::string toHex(std::string_view bytes);
// Parses exactly N bytes of hex (whitespace ignored); nullopt otherwise.
template <std::size_t N>
std::optional<std::array<std::uint8_t, N>> fromHex(std::string_view hex);

}  // namespace exlb::agent
