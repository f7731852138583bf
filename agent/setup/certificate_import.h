#pragma once
// Importing a TLS certificate an administrator uploads (guide 4.2 and every
// "Certificate" block): a .pfx/.p12 (PKCS#12, as Windows and Exchange export
// it, RC2/3DES included) or a .pem holding the certificate, its private key
// (possibly encrypted with the file's password) and the chain.
//
// Every upload is hostile until it parses: the result is either a normalised
// PEM (leaf certificate, chain, unencrypted PKCS#8 key: the order HAProxy's
// `crt` reads) or an error sentence; nothing here writes a file.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exlb::agent {

// Uploads bigger than this are not certificates (a chain of a few
// certificates and a key is a few kilobytes).
inline constexpr std::size_t kMaxCertificateFileBytes = 256 * 1024;

struct ImportedCertificate {
  std::string pem;  // leaf, chain (issuer order), then the private key
};

// Parses `file` (PKCS#12 or PEM, detected from its content). `password`
// opens the PKCS#12 file or the encrypted PEM key. `keptKeyPem` is a key the
// appliance generated for a CSR under the same id: used when the file holds
// certificates only. Refuses, with a sentence in `error`: empty, oversized,
// truncated or damaged files, a wrong password, no certificate, no private
// key, a key that does not belong to any certificate in the file, and a
// certificate that has expired at `nowUnix` or is not valid yet.
std::optional<ImportedCertificate> importCertificate(std::string_view file,
                                                     std::string_view password,
                                                     std::string_view keptKeyPem,
                                                     std::int64_t nowUnix, std::string& error);

// Loads OpenSSL's "legacy" provider (RC2, 3DES: what Windows exports) next to
// the "default" one, once per process. False when the legacy provider is not
// installed (then only modern AES PKCS#12 files import).
bool loadLegacyProvider();

}  // namespace exlb::agent
