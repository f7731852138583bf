#include "setup/certificate_import.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/provider.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <mutex>
#include <vector>

#include "setup/certificate_openssl.h"

namespace exlb::agent {

namespace {

struct Material {
  std::vector<ossl::Cert> certs;  // as found in the file
  ossl::Pkey key;
};

std::size_t countOf(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Hands the file's password to OpenSSL when it decrypts a PEM key.
int passwordCallback(char* buf, int size, int /*rwflag*/, void* user) {
  const auto* password = static_cast<const std::string*>(user);
  const int n = std::min(size, static_cast<int>(password->size()));
  std::copy_n(password->data(), n, buf);
  return n;
}

std::optional<Material> readPkcs12(std::string_view file, const std::string& password,
                                   std::string& error) {
  auto bio = ossl::readBio(file);
  ossl::Pkcs12 p12(d2i_PKCS12_bio(bio.get(), nullptr));
  if (!p12) {
    error = "The file is neither a PKCS#12 (.pfx) nor a PEM file, or it is truncated or damaged.";
    return std::nullopt;
  }
  // An empty password is either "" or none at all, depending on the exporter.
  const char* pass = password.c_str();
  if (PKCS12_verify_mac(p12.get(), pass, -1) != 1) {
    if (password.empty() && PKCS12_verify_mac(p12.get(), nullptr, 0) == 1) {
      pass = nullptr;
    } else {
      error = "The password does not open this PKCS#12 (.pfx) file.";
      return std::nullopt;
    }
  }
  EVP_PKEY* key = nullptr;
  X509* cert = nullptr;
  STACK_OF(X509)* ca = nullptr;
  if (PKCS12_parse(p12.get(), pass, &key, &cert, &ca) != 1) {
    error = loadLegacyProvider()
                ? "The PKCS#12 (.pfx) file opens but its content cannot be decrypted or read."
                : "The PKCS#12 (.pfx) file uses old encryption (RC2/3DES) and OpenSSL's legacy "
                  "provider is not installed on this appliance.";
    return std::nullopt;
  }
  Material m;
  m.key.reset(key);
  if (cert) m.certs.emplace_back(cert);
  while (ca && sk_X509_num(ca) > 0) m.certs.emplace_back(sk_X509_shift(ca));
  sk_X509_pop_free(ca, X509_free);
  return m;
}

std::optional<Material> readPem(std::string_view file, const std::string& password,
                                std::string& error) {
  // A BEGIN without its END is a cut-off file: refuse it whole rather than
  // import the part before the cut.
  if (countOf(file, "-----BEGIN ") != countOf(file, "-----END ")) {
    error = "The PEM file is truncated: a BEGIN line has no END line.";
    return std::nullopt;
  }
  Material m;
  auto certBio = ossl::readBio(file);
  while (X509* cert = PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr)) {
    m.certs.emplace_back(cert);
  }
  ERR_clear_error();
  const bool hasKeyBlock = file.find("PRIVATE KEY-----") != std::string_view::npos;
  if (hasKeyBlock) {
    auto keyBio = ossl::readBio(file);
    std::string pass = password;
    m.key.reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, passwordCallback, &pass));
    ERR_clear_error();
    if (!m.key) {
      const bool encrypted = file.find("ENCRYPTED") != std::string_view::npos;
      error = encrypted ? (password.empty()
                               ? "The private key is encrypted: give the file's password."
                               : "The password does not decrypt the private key.")
                        : "The private key in the PEM file is damaged.";
      return std::nullopt;
    }
  }
  if (m.certs.empty()) {
    error = "The PEM file holds no readable certificate.";
    return std::nullopt;
  }
  return m;
}

// The certificate the key belongs to goes first; the others follow, each
// after the one it issued where possible (the order TLS clients expect).
std::optional<std::vector<ossl::Cert>> orderChain(std::vector<ossl::Cert> certs, EVP_PKEY* key) {
  auto leaf = std::find_if(certs.begin(), certs.end(),
                           [key](const ossl::Cert& c) { return X509_check_private_key(c.get(), key) == 1; });
  ERR_clear_error();
  if (leaf == certs.end()) return std::nullopt;
  std::vector<ossl::Cert> ordered;
  ordered.push_back(std::move(*leaf));
  certs.erase(leaf);
  while (!certs.empty()) {
    X509* last = ordered.back().get();
    auto issuer = std::find_if(certs.begin(), certs.end(), [last](const ossl::Cert& c) {
      return X509_check_issued(c.get(), last) == X509_V_OK;
    });
    if (issuer == certs.end()) issuer = certs.begin();
    ordered.push_back(std::move(*issuer));
    certs.erase(issuer);
  }
  return ordered;
}

std::optional<std::string> validityProblem(X509* cert, std::int64_t nowUnix) {
  time_t now = static_cast<time_t>(nowUnix);
  if (X509_cmp_time(X509_get0_notAfter(cert), &now) < 0) {
    return "The certificate has expired; ask the CA for a renewed one.";
  }
  if (X509_cmp_time(X509_get0_notBefore(cert), &now) > 0) {
    return "The certificate is not valid yet (its \"from\" date is in the future).";
  }
  return std::nullopt;
}

std::optional<std::string> toPem(const std::vector<ossl::Cert>& chain, EVP_PKEY* key) {
  ossl::Bio out(BIO_new(BIO_s_mem()));
  if (!out) return std::nullopt;
  for (const auto& c : chain) {
    if (PEM_write_bio_X509(out.get(), c.get()) != 1) return std::nullopt;
  }
  if (PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return std::nullopt;
  }
  return ossl::bioText(out.get());
}

}  // namespace

bool loadLegacyProvider() {
  static std::once_flag once;
  static bool loaded = false;
  std::call_once(once, [] {
    // Loading any provider explicitly stops OpenSSL from loading "default"
    // on its own, so both are loaded.
    loaded = OSSL_PROVIDER_load(nullptr, "legacy") != nullptr;
    OSSL_PROVIDER_load(nullptr, "default");
    ERR_clear_error();
  });
  return loaded;
}

std::optional<ImportedCertificate> importCertificate(std::string_view file,
                                                     std::string_view password,
                                                     std::string_view keptKeyPem,
                                                     std::int64_t nowUnix, std::string& error) {
  if (file.empty()) {
    error = "The file is empty.";
    return std::nullopt;
  }
  if (file.size() > kMaxCertificateFileBytes) {
    error = "The file is too large to be a certificate (" + std::to_string(file.size()) +
            " bytes; at most " + std::to_string(kMaxCertificateFileBytes) + ").";
    return std::nullopt;
  }
  loadLegacyProvider();
  const std::string pass(password);
  const bool isPem = file.find("-----BEGIN ") != std::string_view::npos;
  auto material = isPem ? readPem(file, pass, error) : readPkcs12(file, pass, error);
  ERR_clear_error();
  if (!material) return std::nullopt;
  if (!material->key && !keptKeyPem.empty()) {
    auto keyBio = ossl::readBio(keptKeyPem);
    material->key.reset(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
  }
  if (!material->key) {
    error = "The file holds no private key: upload a .pfx exported with its key, or a .pem "
            "with the certificate and its key (or create a request on the appliance first).";
    return std::nullopt;
  }
  if (material->certs.empty()) {
    error = "The file holds no certificate.";
    return std::nullopt;
  }
  auto chain = orderChain(std::move(material->certs), material->key.get());
  if (!chain) {
    error = "The private key does not belong to any certificate in the file.";
    return std::nullopt;
  }
  if (auto problem = validityProblem(chain->front().get(), nowUnix)) {
    error = *problem;
    return std::nullopt;
  }
  auto pem = toPem(*chain, material->key.get());
  if (!pem) {
    error = "The certificate could not be converted to PEM.";
    return std::nullopt;
  }
  return ImportedCertificate{std::move(*pem)};
}

}  // namespace exlb::agent
