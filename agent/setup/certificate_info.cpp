#include "setup/certificate_info.h"

#include <arpa/inet.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <ctime>

#include "setup/certificate_openssl.h"

namespace exlb::agent {

namespace {

std::string oneLineName(const X509_NAME* name) {
  ossl::Bio out(BIO_new(BIO_s_mem()));
  if (!out || X509_NAME_print_ex(out.get(), name, 0, XN_FLAG_RFC2253) < 0) return {};
  return ossl::bioText(out.get());
}

std::string commonName(const X509_NAME* name) {
  const int at = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
  if (at < 0) return {};
  const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
  unsigned char* utf8 = nullptr;
  const int n = ASN1_STRING_to_UTF8(&utf8, data);
  if (n < 0) return {};
  std::string out(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n));
  OPENSSL_free(utf8);
  return out;
}

std::int64_t unixOf(const ASN1_TIME* t) {
  std::tm tm{};
  if (ASN1_TIME_to_tm(t, &tm) != 1) return 0;
  return static_cast<std::int64_t>(timegm(&tm));
}

std::string ipText(const ASN1_OCTET_STRING* ip) {
  char text[INET6_ADDRSTRLEN] = {};
  const int len = ASN1_STRING_length(ip);
  const int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
  if (family == 0 || !inet_ntop(family, ASN1_STRING_get0_data(ip), text, sizeof text)) return "?";
  return text;
}

// Takes `names` (frees it).
std::vector<std::string> altNamesOf(GENERAL_NAMES* names) {
  std::vector<std::string> out;
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_DNS || n->type == GEN_EMAIL) {
      const ASN1_IA5STRING* s = n->d.ia5;
      out.push_back(std::string(n->type == GEN_DNS ? "DNS:" : "email:") +
                    std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                                static_cast<std::size_t>(ASN1_STRING_length(s))));
    } else if (n->type == GEN_IPADD) {
      out.push_back("IP:" + ipText(n->d.iPAddress));
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::vector<std::string> altNames(X509* cert) {
  return altNamesOf(static_cast<GENERAL_NAMES*>(
      X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
}

std::vector<std::string> altNames(X509_REQ* req) {
  STACK_OF(X509_EXTENSION)* extensions = X509_REQ_get_extensions(req);
  if (!extensions) return {};
  auto out = altNamesOf(static_cast<GENERAL_NAMES*>(
      X509V3_get_d2i(extensions, NID_subject_alt_name, nullptr, nullptr)));
  sk_X509_EXTENSION_pop_free(extensions, X509_EXTENSION_free);
  return out;
}

std::string fingerprint(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (X509_digest(cert, EVP_sha256(), md, &len) != 1) return {};
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned int i = 0; i < len; ++i) {
    if (i) out += ':';
    out += hex[md[i] >> 4];
    out += hex[md[i] & 0xf];
  }
  return out;
}

std::string keyType(EVP_PKEY* key) {
  if (!key) return {};
  switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_EC: {
      char group[64] = {};
      EVP_PKEY_get_group_name(key, group, sizeof group, nullptr);
      const std::string g = group;
      if (g == "prime256v1") return "EC P-256";
      if (g == "secp384r1") return "EC P-384";
      if (g == "secp521r1") return "EC P-521";
      return "EC " + g;
    }
    case EVP_PKEY_RSA:
      return "RSA " + std::to_string(EVP_PKEY_get_bits(key));
    case EVP_PKEY_ED25519:
      return "Ed25519";
    default:
      return "other (" + std::to_string(EVP_PKEY_get_bits(key)) + " bits)";
  }
}

bool isSelfSigned(X509* cert) {
  if (X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) != 0) return false;
  EVP_PKEY* pub = X509_get0_pubkey(cert);
  const bool ok = pub && X509_verify(cert, pub) == 1;
  ERR_clear_error();
  return ok;
}

bool covers(X509* cert, const std::string& name) {
  in6_addr ip{};
  const bool isIp = inet_pton(AF_INET, name.c_str(), &ip) == 1 ||
                    inet_pton(AF_INET6, name.c_str(), &ip) == 1;
  return isIp ? X509_check_ip_asc(cert, name.c_str(), 0) == 1
              : X509_check_host(cert, name.c_str(), name.size(), 0, nullptr) == 1;
}

v1::CertificateStatus statusOf(const v1::CertificateInfo& info, bool keyMatches,
                               std::int64_t now) {
  if (!keyMatches) return v1::CERTIFICATE_STATUS_KEY_MISMATCH;
  if (now < info.not_before_unix()) return v1::CERTIFICATE_STATUS_NOT_YET_VALID;
  if (now >= info.not_after_unix()) return v1::CERTIFICATE_STATUS_EXPIRED;
  if (info.not_after_unix() - now < kExpiringDays * 24 * 3600) return v1::CERTIFICATE_STATUS_EXPIRING;
  return info.self_signed() ? v1::CERTIFICATE_STATUS_SELF_SIGNED : v1::CERTIFICATE_STATUS_CA_SIGNED;
}

void addWarnings(v1::CertificateInfo& info, X509* cert, const std::vector<std::string>& hostNames,
                 std::int64_t now) {
  switch (info.status()) {
    case v1::CERTIFICATE_STATUS_KEY_MISMATCH:
      info.add_warnings("The stored private key does not belong to this certificate.");
      break;
    case v1::CERTIFICATE_STATUS_EXPIRED:
      info.add_warnings("The certificate has expired; clients refuse it.");
      break;
    case v1::CERTIFICATE_STATUS_NOT_YET_VALID:
      info.add_warnings("The certificate is not valid yet.");
      break;
    case v1::CERTIFICATE_STATUS_EXPIRING:
      info.add_warnings("The certificate expires in " +
                        std::to_string((info.not_after_unix() - now) / 86400) + " days.");
      break;
    default:
      break;
  }
  if (info.self_signed()) {
    info.add_warnings("The certificate is self-signed: clients warn unless they trust it.");
  }
  for (const auto& name : hostNames) {
    if (!name.empty() && !covers(cert, name)) {
      info.add_warnings("The certificate's names do not cover '" + name + "'.");
    }
  }
}

}  // namespace

std::optional<v1::CertificateInfo> describeCertificate(std::string_view pem,
                                                       const std::vector<std::string>& hostNames,
                                                       std::int64_t nowUnix, std::string& error) {
  auto bio = ossl::readBio(pem);
  ossl::Cert cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  if (!cert) {
    ERR_clear_error();
    error = "holds no readable certificate";
    return std::nullopt;
  }
  std::uint32_t chain = 0;
  while (X509* more = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    X509_free(more);
    ++chain;
  }
  auto keyBio = ossl::readBio(pem);
  ossl::Pkey key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, nullptr, nullptr));
  const bool keyMatches = key && X509_check_private_key(cert.get(), key.get()) == 1;
  ERR_clear_error();

  v1::CertificateInfo info;
  info.set_common_name(commonName(X509_get_subject_name(cert.get())));
  info.set_not_before_unix(unixOf(X509_get0_notBefore(cert.get())));
  info.set_not_after_unix(unixOf(X509_get0_notAfter(cert.get())));
  info.set_self_signed(isSelfSigned(cert.get()));
  info.set_issuer(oneLineName(X509_get_issuer_name(cert.get())));
  info.set_subject(oneLineName(X509_get_subject_name(cert.get())));
  for (auto& n : altNames(cert.get())) info.add_subject_alt_names(std::move(n));
  info.set_sha256_fingerprint(fingerprint(cert.get()));
  info.set_key_type(keyType(X509_get0_pubkey(cert.get())));
  info.set_chain_length(chain);
  info.set_status(statusOf(info, keyMatches, nowUnix));
  addWarnings(info, cert.get(), hostNames, nowUnix);
  return info;
}

v1::CertificateInfo describeWaitingKey(std::string_view csrPem) {
  v1::CertificateInfo info;
  info.set_status(v1::CERTIFICATE_STATUS_WAITING_FOR_CERTIFICATE);
  auto bio = ossl::readBio(csrPem);
  ossl::Req req(csrPem.empty() ? nullptr : PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (!req) {
    info.add_warnings("A key waits for its CA's certificate; its request was not kept "
                      "(a key restored from a backup), so make a new request if the CA needs it.");
    return info;
  }
  info.set_common_name(commonName(X509_REQ_get_subject_name(req.get())));
  info.set_subject(oneLineName(X509_REQ_get_subject_name(req.get())));
  for (auto& n : altNames(req.get())) info.add_subject_alt_names(std::move(n));
  info.set_key_type(keyType(X509_REQ_get0_pubkey(req.get())));
  info.set_csr_pem(std::string(csrPem));
  info.add_warnings("Waiting for the CA's certificate: send the request (CSR) to the CA and "
                    "upload its answer under this id.");
  return info;
}

}  // namespace exlb::agent
