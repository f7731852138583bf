#pragma once
// The management page's TLS identity, swappable while the agent runs
// (issue 5: "assign a certificate to ... the management page itself").
//
// The identity is the certificate store's <id>.pem for the running
// configuration's management.certificate ("default": the self-signed
// certificate made at first start). After a configuration or certificate
// change, refresh() reads that file again; when its content differs from the
// identity in use, it builds a new TLS context and new connections get it.
// Connections already open keep theirs: each SSL holds its own reference to
// the context it was made from (OpenSSL reference counting), and the context
// carries no callbacks that could dangle.
//
// A certificate that cannot be used (missing, damaged, key not matching) is
// never switched to: the current identity stays and the reason is logged, so
// a bad assignment cannot lock the administrator out of the page.

#include <filesystem>
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

namespace exlb::agent {

class ManagementTls {
 public:
  // `defaultFile`: the identity for id "default" (or an empty id), created
  // self-signed for `hostName` when missing. `certsDir`: the store's folder.
  ManagementTls(std::filesystem::path defaultFile, std::filesystem::path certsDir,
                std::string hostName);

  // At start: the identity for `id`, falling back to the default one (with
  // a warning) when `id`'s file cannot be used. False only when not even the
  // default identity can be made or loaded.
  bool start(const std::string& id, std::string& error);
  // After a change: switches new connections to `id`'s file when its
  // content changed. Returns true when it switched.
  bool refresh(const std::string& id);

  // The context for a new connection.
  std::shared_ptr<boost::asio::ssl::context> current() const { return current_; }
  // SHA-256 of the certificate in use (64 lower-case hex digits).
  const std::string& fingerprint() const { return fingerprint_; }

 private:
  std::filesystem::path fileFor(const std::string& id) const;
  // Builds a context from `pem`; nullptr with `error` when it is unusable.
  std::shared_ptr<boost::asio::ssl::context> build(const std::string& pem, std::string& fingerprint,
                                                   std::string& error) const;
  bool use(const std::filesystem::path& file, std::string& error);

  std::filesystem::path default_file_;
  std::filesystem::path certs_dir_;
  std::string host_name_;
  std::shared_ptr<boost::asio::ssl::context> current_;
  std::string content_;  // the PEM file in use: refresh() compares it
  std::string fingerprint_;
  std::filesystem::path file_;
};

}  // namespace exlb::agent
