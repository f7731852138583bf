#pragma once
// The appliance's certificate store: <data-dir>/certs/<id>.pem, each file the
// leaf certificate, its chain and its private key (the format HAProxy's `crt`
// reads and the renderer names), mode 0600, written atomically without
// following links planted in the folder. A key made for a CSR waits in
// <id>.key until the CA's certificate is uploaded under the same id.
//
// Nothing is written unless the whole upload verified; private keys are
// never returned by anything here except to the data plane's files.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exlb::agent {

class CertificateStore {
 public:
  explicit CertificateStore(std::filesystem::path dir);

  // A sentence when `id` cannot name a certificate (a-z 0-9 . _ -, 1 to 64,
  // starting with a letter or digit: the renderer's rule), else nullopt.
  static std::optional<std::string> idProblem(std::string_view id);

  // Ids of the stored certificates, sorted.
  std::vector<std::string> ids() const;
  bool contains(const std::string& id) const;
  // The stored PEM (with its key: for describing it, never for the API).
  std::optional<std::string> readPem(const std::string& id, std::string& error) const;

  // Imports an uploaded .pfx/.pem (see certificate_import.h) and stores it.
  // An existing id is refused unless `replace`. Returns the stored PEM.
  std::optional<std::string> importFile(const std::string& id, std::string_view file,
                                        std::string_view password, bool replace,
                                        std::int64_t nowUnix, std::string& error);

  // A new self-signed ECDSA P-256 certificate for `hostName`.
  std::optional<std::string> createSelfSigned(const std::string& id, const std::string& hostName,
                                              bool replace, std::string& error);

  // A new ECDSA P-256 key (kept as <id>.key) and a CSR (kept as <id>.csr) for `hostName` and
  // `altNames`; returns the CSR (PEM). Refused when <id>.pem exists.
  std::optional<std::string> createRequest(const std::string& id, const std::string& hostName,
                                           const std::vector<std::string>& altNames,
                                           const std::string& organization,
                                           const std::string& country, std::string& error);

  // Ids of the keys waiting for their CA certificate (<id>.key), sorted.
  std::vector<std::string> pendingIds() const;
  // The request (CSR, PEM) made with a waiting key, kept as <id>.csr; nullopt
  // when there is none (a key restored from an older backup).
  std::optional<std::string> readPendingRequest(const std::string& id) const;
  // A waiting key (PEM), for the encrypted backup only.
  std::optional<std::string> readPendingKey(const std::string& id, std::string& error) const;
  // Checks that `keyPem` is one unencrypted private key (a restored backup's
  // waiting key); a sentence in `error` otherwise. Writes nothing.
  static bool checkPendingKey(const std::string& keyPem, std::string& error);
  // Checks that `csrPem` is one signing request made with `keyPem` (a
  // restored backup's request); a sentence in `error` otherwise. Writes nothing.
  static bool checkPendingRequest(const std::string& keyPem, const std::string& csrPem,
                                  std::string& error);

  // Removes <id>.pem (and a waiting <id>.key with its <id>.csr). False when there is none.
  bool remove(const std::string& id, std::string& error);

  const std::filesystem::path& dir() const { return dir_; }

 private:
  bool prepareDir(std::string& error) const;
  // Valid ids of the regular files named <id><extension> (links skipped), sorted.
  std::vector<std::string> idsOfFiles(std::string_view extension) const;
  bool store(const std::string& id, const std::string& pem, std::string& error) const;
  std::filesystem::path pemPath(const std::string& id) const { return dir_ / (id + ".pem"); }
  std::filesystem::path keyPath(const std::string& id) const { return dir_ / (id + ".key"); }
  std::filesystem::path csrPath(const std::string& id) const { return dir_ / (id + ".csr"); }

  std::filesystem::path dir_;
};

// True for a DNS host name the certificate code accepts (letters, digits,
// '-', '.'; with `allowWildcard`, "*" as the whole first label; 1 to 253
// characters).
bool isCertificateHostName(std::string_view name, bool allowWildcard);

}  // namespace exlb::agent
