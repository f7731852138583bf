#include "setup/certificate_store.h"

#include <stdlib.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <system_error>

#include "config/atomic_file.h"
#include "log/log.h"
#include "setup/certificate_import.h"
#include "setup/certificate_openssl.h"
#include "setup/self_signed_certificate.h"

namespace exlb::agent {

namespace fs = std::filesystem;

namespace {

bool isLowerOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

bool readSmall(const fs::path& file, std::string& out, std::string& error) {
  const ReadStatus status = readRegularFile(file, kMaxCertificateFileBytes, out, error);
  if (status == ReadStatus::Missing && error.empty()) error = file.filename().string() + " does not exist";
  return status == ReadStatus::Ok;
}

bool addReqExtensions(X509_REQ* req, const std::string& san) {
  STACK_OF(X509_EXTENSION)* exts = sk_X509_EXTENSION_new_null();
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, nullptr, nullptr, req, nullptr, 0);
  bool ok = exts != nullptr;
  for (const auto& [nid, value] : {std::pair<int, std::string>{NID_subject_alt_name, san},
                                   {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                                   {NID_ext_key_usage, "serverAuth"}}) {
    X509_EXTENSION* ext = ok ? X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()) : nullptr;
    ok = ext && sk_X509_EXTENSION_push(exts, ext) > 0;
    if (!ok && ext) X509_EXTENSION_free(ext);
  }
  ok = ok && X509_REQ_add_extensions(req, exts) == 1;
  sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
  return ok;
}

bool addName(X509_NAME* name, const char* field, const std::string& value) {
  if (value.empty()) return true;
  const auto* bytes = reinterpret_cast<const unsigned char*>(value.c_str());
  return X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8, bytes, -1, -1, 0) == 1;
}

// A CSR (PEM) for `key`; nullopt on an OpenSSL failure.
std::optional<std::string> makeCsr(EVP_PKEY* key, const std::string& host,
                                   const std::vector<std::string>& altNames,
                                   const std::string& organization, const std::string& country) {
  ossl::Req req(X509_REQ_new());
  if (!req || X509_REQ_set_version(req.get(), 0) != 1) return std::nullopt;
  X509_NAME* name = X509_REQ_get_subject_name(req.get());
  if (!addName(name, "C", country) || !addName(name, "O", organization) ||
      !addName(name, "CN", host)) {
    return std::nullopt;
  }
  std::string san = "DNS:" + host;
  for (const auto& alt : altNames) {
    if (alt != host) san += ",DNS:" + alt;
  }
  if (!addReqExtensions(req.get(), san) || X509_REQ_set_pubkey(req.get(), key) != 1 ||
      X509_REQ_sign(req.get(), key, EVP_sha256()) <= 0) {
    return std::nullopt;
  }
  ossl::Bio out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_X509_REQ(out.get(), req.get()) != 1) return std::nullopt;
  return ossl::bioText(out.get());
}

std::optional<std::string> keyPem(EVP_PKEY* key) {
  ossl::Bio out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_PrivateKey(out.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
    return std::nullopt;
  return ossl::bioText(out.get());
}

// Whether `csrPem` is one signing request (PEM) for the public half of
// `keyPem` (one unencrypted private key, PEM).
bool requestMatchesKey(const std::string& csrPem, const std::string& keyPem) {
  auto csrBio = ossl::readBio(csrPem);
  auto keyBio = ossl::readBio(keyPem);
  ossl::Req req(csrBio ? PEM_read_bio_X509_REQ(csrBio.get(), nullptr, nullptr, nullptr) : nullptr);
  pem_password_cb* noPassword = [](char*, int, int, void*) { return 0; };
  ossl::Pkey key(keyBio ? PEM_read_bio_PrivateKey(keyBio.get(), nullptr, noPassword, nullptr) : nullptr);
  const bool matches = req && key && EVP_PKEY_eq(X509_REQ_get0_pubkey(req.get()), key.get()) == 1;
  ERR_clear_error();
  return matches;
}

}  // namespace

bool isCertificateHostName(std::string_view name, bool allowWildcard) {
  if (allowWildcard && name.starts_with("*.")) name.remove_prefix(2);
  if (name.empty() || name.size() > 253 || name.front() == '.' || name.front() == '-' ||
      name.back() == '.' || name.find("..") != std::string_view::npos) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return isLowerOrDigit(c) || (c >= 'A' && c <= 'Z') || c == '-' || c == '.';
  });
}

CertificateStore::CertificateStore(fs::path dir) : dir_(std::move(dir)) {}

std::optional<std::string> CertificateStore::idProblem(std::string_view id) {
  const bool ok = !id.empty() && id.size() <= 64 && isLowerOrDigit(id.front()) &&
                  std::all_of(id.begin(), id.end(), [](char c) {
                    return isLowerOrDigit(c) || c == '.' || c == '_' || c == '-';
                  });
  if (ok) return std::nullopt;
  return "A certificate id is 1 to 64 of a-z 0-9 . _ -, starting with a letter or digit.";
}

bool CertificateStore::prepareDir(std::string& error) const {
  bool planted = false;
  if (!ensurePrivateDir(dir_, planted, error)) return false;
  if (planted) {
    error = dir_.string() + " is not a real folder (a link or file is in its place); not using it";
    return false;
  }
  return true;
}

std::vector<std::string> CertificateStore::idsOfFiles(std::string_view extension) const {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir_, ec)) {
    std::error_code typeError;
    if (!entry.is_regular_file(typeError) || entry.is_symlink(typeError)) continue;
    const fs::path& p = entry.path();
    if (p.extension() != extension) continue;
    const std::string id = p.stem().string();
    if (!idProblem(id)) out.push_back(id);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> CertificateStore::ids() const { return idsOfFiles(".pem"); }

std::vector<std::string> CertificateStore::pendingIds() const { return idsOfFiles(".key"); }

std::optional<std::string> CertificateStore::readPendingKey(const std::string& id,
                                                            std::string& error) const {
  if (auto problem = idProblem(id)) {
    error = *problem;
    return std::nullopt;
  }
  std::string pem;
  if (!readSmall(keyPath(id), pem, error)) return std::nullopt;
  return pem;
}

std::optional<std::string> CertificateStore::readPendingRequest(const std::string& id) const {
  std::string pem, keyText, error;
  if (idProblem(id) || !readSmall(csrPath(id), pem, error) || !readSmall(keyPath(id), keyText, error))
    return std::nullopt;
  // Only the request made with the waiting key: a request left from an
  // earlier key of the same id (or an old backup's key alone) must not be offered.
  if (!requestMatchesKey(pem, keyText)) return std::nullopt;
  return pem;
}

bool CertificateStore::checkPendingRequest(const std::string& keyPem, const std::string& csrPem,
                                           std::string& error) {
  if (csrPem.size() <= kMaxCertificateFileBytes && requestMatchesKey(csrPem, keyPem)) return true;
  error = "its signing request is not one made with its key";
  return false;
}

bool CertificateStore::checkPendingKey(const std::string& keyPem, std::string& error) {
  const bool oneKey = keyPem.size() <= kMaxCertificateFileBytes &&
                      keyPem.find("-----BEGIN PRIVATE KEY-----") != std::string::npos &&
                      keyPem.find("CERTIFICATE-----") == std::string::npos;
  ossl::Bio in(oneKey ? BIO_new_mem_buf(keyPem.data(), static_cast<int>(keyPem.size())) : nullptr);
  // A callback that gives no password: an encrypted key is refused, never
  // prompted for (OpenSSL's default callback would read a terminal).
  pem_password_cb* noPassword = [](char*, int, int, void*) { return 0; };
  ossl::Pkey key(in ? PEM_read_bio_PrivateKey(in.get(), nullptr, noPassword, nullptr) : nullptr);
  ERR_clear_error();
  if (!key) {
    error = "it is not one unencrypted private key (PEM)";
    return false;
  }
  return true;
}

bool CertificateStore::contains(const std::string& id) const {
  std::error_code ec;
  return !idProblem(id) && fs::is_regular_file(fs::symlink_status(pemPath(id), ec));
}

std::optional<std::string> CertificateStore::readPem(const std::string& id,
                                                     std::string& error) const {
  if (auto problem = idProblem(id)) {
    error = *problem;
    return std::nullopt;
  }
  std::string pem;
  if (!readSmall(pemPath(id), pem, error)) return std::nullopt;
  return pem;
}

bool CertificateStore::store(const std::string& id, const std::string& pem,
                             std::string& error) const {
  return prepareDir(error) && writeFileAtomically(dir_, id + ".pem", pem, error);
}

std::optional<std::string> CertificateStore::importFile(const std::string& id,
                                                        std::string_view file,
                                                        std::string_view password, bool replace,
                                                        std::int64_t nowUnix, std::string& error) {
  if (auto problem = idProblem(id)) {
    error = *problem;
    return std::nullopt;
  }
  if (!replace && contains(id)) {
    error = "A certificate with id '" + id + "' exists; choose another id or replace it.";
    return std::nullopt;
  }
  std::string keptKey;
  std::string ignored;
  std::error_code ec;
  if (fs::is_regular_file(fs::symlink_status(keyPath(id), ec))) readSmall(keyPath(id), keptKey, ignored);
  auto imported = importCertificate(file, password, keptKey, nowUnix, error);
  if (!imported || !store(id, imported->pem, error)) return std::nullopt;
  if (!keptKey.empty() && imported->pem.find(keptKey) != std::string::npos) {
    fs::remove(keyPath(id), ec);  // paired with its certificate: no longer waiting
    fs::remove(csrPath(id), ec);
  }
  return imported->pem;
}

std::optional<std::string> CertificateStore::createSelfSigned(const std::string& id,
                                                              const std::string& hostName,
                                                              bool replace, std::string& error) {
  if (auto problem = idProblem(id)) {
    error = *problem;
    return std::nullopt;
  }
  if (!isCertificateHostName(hostName, false)) {
    error = "The host name '" + hostName + "' is not a valid DNS name.";
    return std::nullopt;
  }
  if (!replace && contains(id)) {
    error = "A certificate with id '" + id + "' exists; choose another id or replace it.";
    return std::nullopt;
  }
  if (!prepareDir(error)) return std::nullopt;
  // ensureSelfSignedCertificate makes a file that does not exist yet: it
  // works in a private scratch folder, then the result is swapped in whole.
  std::string scratch = (dir_ / (std::string(kTempPrefix) + "selfsigned" +
                                 std::string(kTempMarker) + "XXXXXX")).string();
  if (!::mkdtemp(scratch.data())) {
    error = "cannot create a scratch folder in " + dir_.string();
    return std::nullopt;
  }
  std::string pem;
  const fs::path file = fs::path(scratch) / "new.pem";
  const bool ok = ensureSelfSignedCertificate(file, hostName, error) && readSmall(file, pem, error) &&
                  store(id, pem, error);
  std::error_code ec;
  fs::remove_all(scratch, ec);
  if (!ok) return std::nullopt;
  moduleLogger("setup")->info("certificate '{}': self-signed for {}", id, hostName);
  return pem;
}

std::optional<std::string> CertificateStore::createRequest(
    const std::string& id, const std::string& hostName, const std::vector<std::string>& altNames,
    const std::string& organization, const std::string& country, std::string& error) {
  if (auto problem = idProblem(id)) {
    error = *problem;
    return std::nullopt;
  }
  bool namesOk = isCertificateHostName(hostName, true);
  for (const auto& alt : altNames) namesOk = namesOk && isCertificateHostName(alt, true);
  if (!namesOk) {
    error = "Every host name must be a valid DNS name (a wildcard only as \"*.\" in front).";
    return std::nullopt;
  }
  if (!country.empty() && (country.size() != 2 || !std::all_of(country.begin(), country.end(), [](char c) {
                             return c >= 'A' && c <= 'Z';
                           }))) {
    error = "The country is two capital letters (ISO 3166), e.g. FR.";
    return std::nullopt;
  }
  if (organization.size() > 64) {
    error = "The organization has at most 64 characters.";
    return std::nullopt;
  }
  if (contains(id)) {
    error = "A certificate with id '" + id + "' exists; a request needs a new id.";
    return std::nullopt;
  }
  ossl::Pkey key(EVP_EC_gen("P-256"));
  auto csr = key ? makeCsr(key.get(), hostName, altNames, organization, country) : std::nullopt;
  auto keyText = key ? keyPem(key.get()) : std::nullopt;
  ERR_clear_error();
  if (!csr || !keyText) {
    error = "OpenSSL could not make the key and request.";
    return std::nullopt;
  }
  // The request is kept beside the key, so the list can show what waits and
  // the CSR can be downloaded again; the key is written last, as it is what
  // makes the id a waiting one.
  if (!prepareDir(error) || !writeFileAtomically(dir_, id + ".csr", *csr, error) ||
      !writeFileAtomically(dir_, id + ".key", *keyText, error)) {
    return std::nullopt;
  }
  moduleLogger("setup")->info("certificate '{}': key and request made for {}", id, hostName);
  return csr;
}

bool CertificateStore::remove(const std::string& id, std::string& error) {
  if (auto problem = idProblem(id)) {
    error = *problem;
    return false;
  }
  std::error_code ec;
  const bool removedPem = contains(id) && fs::remove(pemPath(id), ec);
  const bool removedKey = fs::is_regular_file(fs::symlink_status(keyPath(id), ec)) &&
                          fs::remove(keyPath(id), ec);
  if (removedKey) fs::remove(csrPath(id), ec);
  if (!removedPem && !removedKey) {
    error = "There is no certificate '" + id + "'.";
    return false;
  }
  std::string ignored;
  syncDir(dir_, ignored);
  return true;
}

}  // namespace exlb::agent
