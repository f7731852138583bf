#pragma once
// Firmware bundles (guide 7.3): format in common/proto/exlb/v1/firmware.proto.
// Verification reads the whole bundle (signature, model, revision, payload
// size and SHA-256) before anything is written anywhere.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "exlb/v1/firmware.pb.h"
#include "setup/ed25519.h"

namespace exlb::agent {

inline constexpr std::string_view kFirmwareMagic = "EXLBFW01";
// The model this build of the agent runs on; bundles for others are refused.
inline constexpr std::string_view kApplianceModel = "exlb-va";

struct BundleLayout {
  v1::FirmwareManifest manifest;
  std::uint64_t payload_offset = 0;  // where the payload starts in the file
};

struct VerifyOptions {
  std::vector<Ed25519PublicKey> trusted_keys;
  std::string model{kApplianceModel};
  std::uint64_t current_revision = 0;  // of the running slot
  bool allow_downgrade = false;        // the administrator explicitly asked
  std::uint64_t max_bundle_bytes = 2ull * 1024 * 1024 * 1024;
};

// Verifies `bundle` completely. On success returns its layout; otherwise
// nullopt and a sentence in `error` (tampered, truncated, wrong key,
// older/replayed revision, other model, oversized, unreadable).
std::optional<BundleLayout> verifyFirmwareBundle(const std::filesystem::path& bundle,
                                                 const VerifyOptions& options,
                                                 std::string& error);

// SHA-256 of `size` bytes of `file` from `offset`; nullopt when the file is
// shorter or unreadable.
std::optional<std::string> sha256OfRange(const std::filesystem::path& file,
                                         std::uint64_t offset, std::uint64_t size);

// Vendor side (installer/tools and tests): writes a signed bundle.
bool writeFirmwareBundle(const std::filesystem::path& out, v1::FirmwareManifest manifest,
                         const std::filesystem::path& payload, const Ed25519PrivateKey& key,
                         std::string& error);

}  // namespace exlb::agent
