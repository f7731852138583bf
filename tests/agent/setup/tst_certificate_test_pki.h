#pragma once
// A tiny PKI for the certificate tests: a CA, leaves it signs, PKCS#12 files
// in the legacy (RC2/3DES, what Windows exports) and modern (AES) forms, and
// PEM files. Everything is made in memory with OpenSSL; nothing is checked in.

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <random>
#include <string>
#include <vector>

#include "setup/certificate_openssl.h"

namespace exlb::agent::testing {

inline std::int64_t nowUnix() { return static_cast<std::int64_t>(std::time(nullptr)); }

struct Identity {
  ossl::Pkey key;
  ossl::Cert cert;
};

inline void addExt(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
  if (ext) X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `cn` valid from now+fromOffset to now+untilOffset
// (seconds), signed by `issuer` (self-signed when null), with `san`
// ("DNS:a,DNS:b"; empty: none).
inline Identity makeIdentity(const std::string& cn, const Identity* issuer, long fromOffset,
                             long untilOffset, const std::string& san, bool ca = false,
                             bool rsa = false) {
  Identity id;
  id.key.reset(rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256"));
  id.cert.reset(X509_new());
  X509* c = id.cert.get();
  X509_set_version(c, 2);
  static std::mt19937 rng(12345);
  ASN1_INTEGER_set(X509_get_serialNumber(c), static_cast<long>(rng() & 0x7fffffff));
  X509_gmtime_adj(X509_getm_notBefore(c), fromOffset);
  X509_gmtime_adj(X509_getm_notAfter(c), untilOffset);
  X509_NAME* name = X509_get_subject_name(c);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(c, issuer ? X509_get_subject_name(issuer->cert.get()) : name);
  X509_set_pubkey(c, id.key.get());
  if (ca) addExt(c, issuer ? issuer->cert.get() : c, NID_basic_constraints, "critical,CA:TRUE");
  if (!san.empty()) addExt(c, issuer ? issuer->cert.get() : c, NID_subject_alt_name, san);
  X509_sign(c, issuer ? issuer->key.get() : id.key.get(), EVP_sha256());
  return id;
}

inline std::string certPem(X509* cert) {
  ossl::Bio out(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(out.get(), cert);
  return ossl::bioText(out.get());
}

// The key as PEM, encrypted with AES-256 when `password` is not empty.
inline std::string keyPem(EVP_PKEY* key, const std::string& password = "") {
  ossl::Bio out(BIO_new(BIO_s_mem()));
  if (password.empty()) {
    PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr);
  } else {
    PEM_write_bio_PKCS8PrivateKey(out.get(), key, EVP_aes_256_cbc(), password.c_str(),
                                  static_cast<int>(password.size()), nullptr, nullptr);
  }
  return ossl::bioText(out.get());
}

// PKCS#12 bytes. legacy: RC2-40 for certificates and 3DES for the key, SHA-1
// MAC, as Windows/Exchange exports them; otherwise OpenSSL 3's AES-256 default.
inline std::string makePfx(const Identity& leaf, const Identity* ca, const std::string& password,
                           bool legacy) {
  STACK_OF(X509)* chain = sk_X509_new_null();
  if (ca) sk_X509_push(chain, ca->cert.get());
  const int keyNid = legacy ? NID_pbe_WithSHA1And3_Key_TripleDES_CBC : 0;
  const int certNid = legacy ? NID_pbe_WithSHA1And40BitRC2_CBC : 0;
  PKCS12* p12 = PKCS12_create(password.c_str(), "exchange", leaf.key.get(), leaf.cert.get(), chain,
                              keyNid, certNid, 0, 0, 0);
  if (p12 && legacy) PKCS12_set_mac(p12, password.c_str(), -1, nullptr, 0, 2048, EVP_sha1());
  sk_X509_free(chain);
  std::string out;
  if (p12) {
    unsigned char* der = nullptr;
    const int len = i2d_PKCS12(p12, &der);
    if (len > 0) out.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    PKCS12_free(p12);
  }
  ERR_clear_error();
  return out;
}

}  // namespace exlb::agent::testing
