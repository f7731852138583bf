#include "setup/self_signed_certificate.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <system_error>

#include "log/log.h"
#include "setup/tls_secret_file.h"

namespace exlb::agent {

namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

constexpr long kValiditySeconds = 10L * 365 * 24 * 60 * 60;

// True when `pem` holds a certificate and a private key that belongs to it.
bool isUsablePem(const std::string& pem) {
  BioPtr certBio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  BioPtr keyBio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!certBio || !keyBio) return false;
  X509Ptr cert(PEM_read_bio_X509(certBio.get(), nullptr, nullptr, nullptr));
  PkeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
  return cert && key && X509_check_private_key(cert.get(), key.get()) == 1;
}

bool addExtension(X509* cert, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

bool setSerialAndNames(X509* cert, const std::string& hostName) {
  unsigned char serial[16];
  if (RAND_bytes(serial, sizeof serial) != 1) return false;
  serial[0] &= 0x7f;  // a positive serial number
  BIGNUM* bn = BN_bin2bn(serial, sizeof serial, nullptr);
  const bool serialOk = bn && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert)) != nullptr;
  BN_free(bn);
  if (!serialOk) return false;
  X509_NAME* name = X509_get_subject_name(cert);
  const auto* cn = reinterpret_cast<const unsigned char*>(hostName.c_str());
  if (X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, -1, -1, 0) != 1) return false;
  return X509_set_issuer_name(cert, name) == 1;
}

std::string sanValue(const std::string& hostName) {
  std::string san = "DNS:" + hostName;
  if (hostName != "localhost") san += ",DNS:localhost";
  return san;
}

X509Ptr makeCertificate(EVP_PKEY* key, const std::string& hostName) {
  X509Ptr cert(X509_new());
  if (!cert || X509_set_version(cert.get(), 2) != 1) return nullptr;
  if (!setSerialAndNames(cert.get(), hostName)) return nullptr;
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60 * 60)) return nullptr;
  if (!X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValiditySeconds)) return nullptr;
  if (X509_set_pubkey(cert.get(), key) != 1) return nullptr;
  if (!addExtension(cert.get(), NID_subject_alt_name, sanValue(hostName)) ||
      !addExtension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
      !addExtension(cert.get(), NID_key_usage, "critical,digitalSignature") ||
      !addExtension(cert.get(), NID_ext_key_usage, "serverAuth") ||
      !addExtension(cert.get(), NID_subject_key_identifier, "hash")) {
    return nullptr;
  }
  if (X509_sign(cert.get(), key, EVP_sha256()) <= 0) return nullptr;
  return cert;
}

bool toPem(X509* cert, EVP_PKEY* key, std::string& out) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1 ||
      PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return false;
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  out.assign(data, static_cast<std::size_t>(size));
  return true;
}

// Host names that would make an unparseable or misleading certificate.
bool isAcceptableHostName(const std::string& hostName) {
  if (hostName.empty() || hostName.size() > 253) return false;
  for (const char c : hostName) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

}  // namespace

bool ensureSelfSignedCertificate(const std::filesystem::path& pemFile, const std::string& hostName,
                                 std::string& error) {
  std::error_code ec;
  if (std::filesystem::exists(pemFile, ec)) {
    std::string pem;
    if (readWholeFile(pemFile, pem, error) && isUsablePem(pem)) return true;
    error = pemFile.string() + " exists but holds no usable certificate and key; not replacing it";
    return false;
  }
  const std::string name = isAcceptableHostName(hostName) ? hostName : "exlb";
  PkeyPtr key(EVP_EC_gen("P-256"));
  if (!key) {
    error = "cannot generate an ECDSA P-256 key";
    return false;
  }
  X509Ptr cert = makeCertificate(key.get(), name);
  std::string pem;
  if (!cert || !toPem(cert.get(), key.get(), pem)) {
    error = "cannot build the self-signed certificate for " + name;
    return false;
  }
  if (!writeSecretFile(pemFile, pem, error)) return false;
  moduleLogger("setup")->info("created self-signed certificate {} for {}", pemFile.string(), name);
  return true;
}

}  // namespace exlb::agent
