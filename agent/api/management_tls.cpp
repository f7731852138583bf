#include "api/management_tls.h"

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdio>

#include "config/atomic_file.h"
#include "log/log.h"
#include "setup/certificate_import.h"
#include "setup/certificate_store.h"
#include "setup/self_signed_certificate.h"

namespace exlb::agent {

namespace net = boost::asio;
namespace fs = std::filesystem;

namespace {

// TLS 1.2 with forward-secret AEAD suites only; TLS 1.3's suites are all fine.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

std::string leafSha256(SSL_CTX* ctx) {
  X509* leaf = SSL_CTX_get0_certificate(ctx);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  if (leaf == nullptr || X509_digest(leaf, EVP_sha256(), digest, &size) != 1) return {};
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < size; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", digest[i]);
    hex += byte;
  }
  return hex;
}

}  // namespace

ManagementTls::ManagementTls(fs::path defaultFile, fs::path certsDir, std::string hostName)
    : default_file_(std::move(defaultFile)),
      certs_dir_(std::move(certsDir)),
      host_name_(std::move(hostName)) {}

fs::path ManagementTls::fileFor(const std::string& id) const {
  if (id.empty() || id == "default") return default_file_;
  // Validation already holds ids to the store's rule; checked again here
  // because the id becomes a path.
  if (CertificateStore::idProblem(id)) return {};
  return certs_dir_ / (id + ".pem");
}

std::shared_ptr<net::ssl::context> ManagementTls::build(const std::string& pem,
                                                        std::string& fingerprint,
                                                        std::string& error) const {
  auto tls = std::make_shared<net::ssl::context>(net::ssl::context::tls_server);
  SSL_CTX* ctx = tls->native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION |
                               SSL_OP_CIPHER_SERVER_PREFERENCE);
  static constexpr unsigned char kSessionContext[] = "exlb-api";
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof kSessionContext - 1);
  boost::system::error_code ec;
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) ec = net::error::invalid_argument;
  const net::const_buffer text(pem.data(), pem.size());
  if (!ec) tls->use_certificate_chain(text, ec);
  if (!ec) tls->use_private_key(text, net::ssl::context::pem, ec);
  if (!ec && SSL_CTX_check_private_key(ctx) != 1) ec = net::error::invalid_argument;
  ERR_clear_error();
  if (ec) {
    error = "its certificate chain or private key cannot be used (" + ec.message() + ")";
    return nullptr;
  }
  fingerprint = leafSha256(ctx);
  return tls;
}

bool ManagementTls::use(const fs::path& file, std::string& error) {
  if (file.empty()) {
    error = "it is not a certificate id";
    return false;
  }
  std::string pem;
  const ReadStatus status = readRegularFile(file, kMaxCertificateFileBytes, pem, error);
  if (status != ReadStatus::Ok) {
    if (error.empty()) error = "it does not exist";
    return false;
  }
  if (current_ && file == file_ && pem == content_) return true;
  std::string fingerprint;
  auto tls = build(pem, fingerprint, error);
  if (!tls) return false;
  current_ = std::move(tls);
  content_ = std::move(pem);
  fingerprint_ = std::move(fingerprint);
  file_ = file;
  return true;
}

bool ManagementTls::start(const std::string& id, std::string& error) {
  const fs::path wanted = fileFor(id);
  if (wanted != default_file_) {
    std::string why;
    if (use(wanted, why)) return true;
    moduleLogger("api")->error("management certificate '{}' ({}): {}; using {} instead", id,
                               wanted.string(), why, default_file_.string());
  }
  if (!ensureSelfSignedCertificate(default_file_, host_name_, error)) return false;
  std::string why;
  if (!use(default_file_, why)) {
    error = "cannot use the management certificate " + default_file_.string() + ": " + why;
    return false;
  }
  return true;
}

bool ManagementTls::refresh(const std::string& id) {
  const fs::path wanted = fileFor(id);
  const std::string before = fingerprint_;
  const fs::path beforeFile = file_;
  std::string why;
  if (!use(wanted, why)) {
    moduleLogger("api")->error("management certificate '{}' ({}) cannot be used: {}; new "
                               "connections keep the certificate in use (sha256 {})",
                               id, wanted.string(), why, fingerprint_);
    return false;
  }
  if (fingerprint_ == before && file_ == beforeFile) return false;
  moduleLogger("api")->info("management certificate is now '{}' (sha256 {}) for new connections",
                            id.empty() ? "default" : id, fingerprint_);
  return true;
}

}  // namespace exlb::agent
