#include "pair/peer_certificate_store.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <optional>
#include <system_error>
#include <vector>

#include "config/atomic_file.h"
#include "pair/pair_identity.h"
#include "setup/certificate_openssl.h"

namespace exlb::agent {

namespace {

constexpr const char* kIdentityName = "pair-identity.pem";
constexpr const char* kPeerName = "pair-peer.pem";
// A certificate, or two, and the identity's key: far below this.
constexpr std::size_t kMaxFileBytes = 64 * 1024;

// One certificate as the store compares and writes it.
struct Certificate {
  std::string sha256;  // of the DER encoding
  std::string pem;     // re-encoded: the same bytes whatever the input's spacing
};

// Every certificate in `text`, in order (other PEM blocks, a key, are skipped).
std::vector<Certificate> certificatesIn(const std::string& text) {
  std::vector<Certificate> out;
  auto bio = ossl::readBio(text);
  while (true) {
    ossl::Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
    if (!cert) break;
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert.get(), &der);
    if (size <= 0) break;
    Certificate c;
    c.sha256 = certificateSha256(der, static_cast<std::size_t>(size));
    OPENSSL_free(der);
    ossl::Bio pem(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_X509(pem.get(), cert.get()) != 1) break;
    c.pem = ossl::bioText(pem.get());
    out.push_back(std::move(c));
  }
  // The end of the text leaves "no start line" in OpenSSL's error queue.
  ERR_clear_error();
  return out;
}

std::optional<std::string> readSmall(const std::filesystem::path& path) {
  std::string text, error;
  if (readRegularFile(path, kMaxFileBytes, text, error) != ReadStatus::Ok) return std::nullopt;
  return text;
}

// This node's certificate: the first one of its identity file.
std::optional<Certificate> ownCertificate(const std::filesystem::path& identityFile) {
  const auto text = readSmall(identityFile);
  if (!text) return std::nullopt;
  auto certs = certificatesIn(*text);
  if (certs.empty()) return std::nullopt;
  return std::move(certs.front());
}

}  // namespace

PeerCertificateStore::PeerCertificateStore(std::filesystem::path dataDir)
    : dataDir_(std::move(dataDir)) {}

std::filesystem::path PeerCertificateStore::identityFile() const { return dataDir_ / kIdentityName; }

std::filesystem::path PeerCertificateStore::file() const { return dataDir_ / kPeerName; }

PeerCertificateStore::Kept PeerCertificateStore::keep(const std::string& peerPem,
                                                      const std::string& pin, std::string& error) {
  const std::string expected = normalizeFingerprint(pin);
  const auto peer = certificatesIn(peerPem);
  if (expected.empty() || peer.size() != 1 || peer.front().sha256 != expected) {
    error = "the certificate is not the pinned peer's";
    return Kept::Refused;
  }
  const auto own = ownCertificate(identityFile());
  if (!own) {
    error = "cannot read this node's pair certificate in " + identityFile().string();
    return Kept::Failed;
  }
  const std::string content = peer.front().pem + own->pem;
  if (readSmall(file()) == content) return Kept::Unchanged;
  if (!writeFileAtomically(dataDir_, kPeerName, content, error)) return Kept::Failed;
  return Kept::Stored;
}

PairPeersTls PeerCertificateStore::tlsFor(const std::string& pin) const {
  const std::string expected = normalizeFingerprint(pin);
  const auto text = readSmall(file());
  if (expected.empty() || !text) return {};
  const auto stored = certificatesIn(*text);
  const auto own = ownCertificate(identityFile());
  if (stored.size() != 2 || stored[0].sha256 != expected || !own ||
      stored[1].sha256 != own->sha256) {
    return {};
  }
  return {identityFile(), file()};
}

bool PeerCertificateStore::discardUnless(const std::string& pin) {
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(file(), ec))) return false;
  if (tlsFor(pin).on()) return false;
  if (!std::filesystem::remove(file(), ec)) return false;
  std::string ignored;
  syncDir(dataDir_, ignored);
  return true;
}

}  // namespace exlb::agent
