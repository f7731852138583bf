#include "pair/pair_identity.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "config/atomic_file.h"
#include "setup/certificate_openssl.h"
#include "setup/self_signed_certificate.h"

namespace exlb::agent {

std::string certificateSha256(const unsigned char* der, std::size_t size) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(der, size, digest, &length, EVP_sha256(), nullptr);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xf];
  }
  return out;
}

std::string normalizeFingerprint(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == ':' || c == ' ') continue;
    out += (c >= 'A' && c <= 'F') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::optional<PairIdentity> loadOrCreatePairIdentity(const std::filesystem::path& dataDir,
                                                     const std::string& hostName,
                                                     std::string& error) {
  PairIdentity id;
  id.pemFile = dataDir / "pair-identity.pem";
  if (!ensureSelfSignedCertificate(id.pemFile, hostName, error)) return std::nullopt;
  std::string pem;
  if (readRegularFile(id.pemFile, 1024 * 1024, pem, error) != ReadStatus::Ok) {
    if (error.empty()) error = "cannot read " + id.pemFile.string();
    return std::nullopt;
  }
  auto bio = ossl::readBio(pem);
  ossl::Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    error = id.pemFile.string() + " holds no certificate";
    return std::nullopt;
  }
  unsigned char* der = nullptr;
  const int size = i2d_X509(cert.get(), &der);
  if (size <= 0) {
    error = "cannot encode the pair certificate";
    return std::nullopt;
  }
  id.sha256 = certificateSha256(der, static_cast<std::size_t>(size));
  OPENSSL_free(der);
  ossl::Bio out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert.get());
  id.certificatePem = ossl::bioText(out.get());
  return id;
}

}  // namespace exlb::agent
