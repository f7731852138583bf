#pragma once
// This node's pair-channel identity: a self-signed ECDSA P-256 certificate
// and key made at first start in <data-dir>/pair-identity.pem (0600), and the
// SHA-256 fingerprint of the certificate that the OTHER node pins
// (high_availability.peer_certificate_sha256). No password is ever involved:
// each node proves itself with its key and is recognised by its fingerprint.

#include <filesystem>
#include <optional>
#include <string>

namespace exlb::agent {

struct PairIdentity {
  std::filesystem::path pemFile;   // certificate then key
  std::string certificatePem;      // the certificate alone (for GET /api/v1/ha/identity)
  std::string sha256;              // 64 hex digits, lower case
};

// Loads the identity, creating it when missing. nullopt with `error` when it
// cannot be made or read.
std::optional<PairIdentity> loadOrCreatePairIdentity(const std::filesystem::path& dataDir,
                                                     const std::string& hostName, std::string& error);

// SHA-256 of `size` bytes (e.g. a DER certificate) as 64 lower-case hex digits.
std::string certificateSha256(const unsigned char* der, std::size_t size);

// "AB:cd:..." or "ABCD..." -> "abcd...", for comparing a configured pin.
std::string normalizeFingerprint(const std::string& text);

}  // namespace exlb::agent
