#include "setup/firmware_bundle.h"

#include <array>
#include <fstream>
#include <memory>

#include <openssl/evp.h>

namespace exlb::agent {

namespace {

constexpr std::string_view kSignatureContext{"exlb-firmware-v1\0", 17};
constexpr std::uint32_t kMaxManifestBytes = 64 * 1024;
constexpr std::size_t kSignatureBytes = 64;

std::string signedBytes(std::string_view manifest) {
  std::string message(kSignatureContext);
  message.append(manifest);
  return message;
}

bool readExactly(std::ifstream& in, std::string& out, std::size_t n) {
  out.assign(n, '\0');
  in.read(out.data(), static_cast<std::streamsize>(n));
  return static_cast<std::size_t>(in.gcount()) == n;
}

std::uint32_t bigEndian32(std::string_view b) {
  return (std::uint32_t{static_cast<unsigned char>(b[0])} << 24) |
         (std::uint32_t{static_cast<unsigned char>(b[1])} << 16) |
         (std::uint32_t{static_cast<unsigned char>(b[2])} << 8) |
         std::uint32_t{static_cast<unsigned char>(b[3])};
}

std::string bigEndianBytes(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
          static_cast<char>(v)};
}

}  // namespace

std::optional<std::string> sha256OfRange(const std::filesystem::path& file,
                                         std::uint64_t offset, std::uint64_t size) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  in.seekg(static_cast<std::streamoff>(offset));
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return std::nullopt;
  std::array<char, 1 << 16> buf{};
  std::uint64_t left = size;
  while (left > 0) {
    const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(left, buf.size()));
    in.read(buf.data(), want);
    const auto got = in.gcount();
    if (got <= 0) return std::nullopt;
    EVP_DigestUpdate(ctx.get(), buf.data(), static_cast<std::size_t>(got));
    left -= static_cast<std::uint64_t>(got);
  }
  std::string digest(32, '\0');
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(digest.data()), &len);
  return digest;
}

std::optional<BundleLayout> verifyFirmwareBundle(const std::filesystem::path& bundle,
                                                 const VerifyOptions& options,
                                                 std::string& error) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(bundle, ec);
  if (ec) {
    error = "the firmware file cannot be read: " + ec.message();
    return std::nullopt;
  }
  if (size > options.max_bundle_bytes) {
    error = "the firmware file is too large (" + std::to_string(size) + " bytes, at most " +
            std::to_string(options.max_bundle_bytes) + ")";
    return std::nullopt;
  }
  std::ifstream in(bundle, std::ios::binary);
  std::string magic, lengthBytes, manifestBytes, signature;
  if (!in || !readExactly(in, magic, kFirmwareMagic.size()) || magic != kFirmwareMagic) {
    error = "not an exlb firmware bundle (wrong header)";
    return std::nullopt;
  }
  if (!readExactly(in, lengthBytes, 4)) {
    error = "the firmware bundle is truncated (no manifest)";
    return std::nullopt;
  }
  const std::uint32_t manifestLength = bigEndian32(lengthBytes);
  if (manifestLength == 0 || manifestLength > kMaxManifestBytes) {
    error = "the firmware bundle's manifest length is impossible";
    return std::nullopt;
  }
  if (!readExactly(in, manifestBytes, manifestLength) ||
      !readExactly(in, signature, kSignatureBytes)) {
    error = "the firmware bundle is truncated (manifest or signature cut)";
    return std::nullopt;
  }
  bool signedByVendor = false;
  const std::string message = signedBytes(manifestBytes);
  for (const auto& key : options.trusted_keys)
    signedByVendor = signedByVendor || ed25519Verify(key, message, signature);
  if (!signedByVendor) {
    error = "the firmware bundle's signature is not valid for this appliance's vendor keys "
            "(tampered, or signed with another key)";
    return std::nullopt;
  }
  BundleLayout layout;
  if (!layout.manifest.ParseFromString(manifestBytes)) {
    error = "the firmware bundle's manifest does not decode";
    return std::nullopt;
  }
  const auto& m = layout.manifest;
  if (m.model() != options.model) {
    error = "the firmware is for model '" + m.model() + "', this appliance is '" + options.model +
            "'";
    return std::nullopt;
  }
  if (m.revision() <= options.current_revision && !options.allow_downgrade) {
    error = "the firmware revision " + std::to_string(m.revision()) +
            " is not newer than the running revision " +
            std::to_string(options.current_revision) +
            " (a downgrade must be explicitly allowed)";
    return std::nullopt;
  }
  layout.payload_offset = kFirmwareMagic.size() + 4 + manifestLength + kSignatureBytes;
  if (size - layout.payload_offset != m.payload_size()) {
    error = "the firmware payload is " + std::to_string(size - layout.payload_offset) +
            " bytes, its manifest says " + std::to_string(m.payload_size()) + " (truncated?)";
    return std::nullopt;
  }
  const auto digest = sha256OfRange(bundle, layout.payload_offset, m.payload_size());
  if (!digest || *digest != m.payload_sha256()) {
    error = "the firmware payload does not match its signed hash (tampered or damaged)";
    return std::nullopt;
  }
  return layout;
}

bool writeFirmwareBundle(const std::filesystem::path& out, v1::FirmwareManifest manifest,
                         const std::filesystem::path& payload, const Ed25519PrivateKey& key,
                         std::string& error) {
  std::error_code ec;
  const auto payloadSize = std::filesystem::file_size(payload, ec);
  if (ec) {
    error = "cannot read payload " + payload.string() + ": " + ec.message();
    return false;
  }
  const auto digest = sha256OfRange(payload, 0, payloadSize);
  if (!digest) {
    error = "cannot hash payload " + payload.string();
    return false;
  }
  manifest.set_payload_size(payloadSize);
  manifest.set_payload_sha256(*digest);
  const std::string manifestBytes = manifest.SerializeAsString();
  const auto signature = ed25519Sign(key, signedBytes(manifestBytes));
  if (!signature) {
    error = "signing failed";
    return false;
  }
  std::ofstream o(out, std::ios::binary | std::ios::trunc);
  std::ifstream p(payload, std::ios::binary);
  o << kFirmwareMagic << bigEndianBytes(static_cast<std::uint32_t>(manifestBytes.size()))
    << manifestBytes;
  o.write(reinterpret_cast<const char*>(signature->data()), signature->size());
  // Inserting an empty stream buffer sets failbit: only copy a payload.
  if (payloadSize > 0) o << p.rdbuf();
  o.flush();
  if (!o) {
    error = "cannot write " + out.string();
    return false;
  }
  return true;
}

}  // namespace exlb::agent
