#include "pair/channel_tls.h"

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include "log/log.h"

namespace exlb::agent {

namespace ssl = boost::asio::ssl;

namespace {

std::string pemOf(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  if (bio == nullptr) return "";
  std::string out;
  if (PEM_write_bio_X509(bio, cert) == 1) {
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    if (size > 0) out.assign(data, static_cast<std::size_t>(size));
  }
  BIO_free(bio);
  return out;
}

}  // namespace

std::unique_ptr<ssl::context> makeChannelTls(const PairIdentity& identity, PinSource pin,
                                             bool server, std::string& error,
                                             PeerCertificateSink onPeer) {
  auto tls = std::make_unique<ssl::context>(server ? ssl::context::tls_server
                                                   : ssl::context::tls_client);
  SSL_CTX* ctx = tls->native_handle();
  SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_TICKET);
  // No resumption: every connection proves its key again.
  SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
  boost::system::error_code ec;
  const std::string file = identity.pemFile.string();
  tls->use_certificate_chain_file(file, ec);
  if (!ec) tls->use_private_key_file(file, ssl::context::pem, ec);
  if (ec) {
    error = "cannot use the pair identity " + file + ": " + ec.message();
    return nullptr;
  }
  tls->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  // The chain's CA checks do not apply: the pin alone decides, on the leaf
  // (depth 0). Intermediate certificates a peer might send are irrelevant.
  tls->set_verify_callback([pin = std::move(pin), onPeer = std::move(onPeer)](
                              bool, ssl::verify_context& vc) {
    X509_STORE_CTX* store = vc.native_handle();
    if (X509_STORE_CTX_get_error_depth(store) != 0) return true;
    X509* cert = X509_STORE_CTX_get_current_cert(store);
    if (cert == nullptr) return false;
    unsigned char* der = nullptr;
    const int size = i2d_X509(cert, &der);
    if (size <= 0) return false;
    const std::string seen = certificateSha256(der, static_cast<std::size_t>(size));
    OPENSSL_free(der);
    const std::string expected = pin();
    const bool ok = !expected.empty() && seen == expected;
    if (!ok) {
      moduleLogger("pair")->debug("pair channel: peer certificate {} refused (pinned: {})", seen,
                                  expected.empty() ? "none" : expected);
    } else if (onPeer) {
      // The certificate is the pinned one whoever sent it (the handshake
      // still has to prove its key): what it tells is the pin's certificate.
      onPeer(pemOf(cert));
    }
    return ok;
  });
  return tls;
}

}  // namespace exlb::agent
