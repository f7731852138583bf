#pragma once
// The appliance's own TLS identities: when no certificate is configured the
// agent makes a self-signed one at first start (ECDSA P-256, about four times
// the handshakes per core of RSA-2048). Used for the management API's
// identity and for the data plane's "default" certificate.

#include <filesystem>
#include <string>

namespace exlb::agent {

// Makes sure `pemFile` holds a usable certificate chain and private key (PEM,
// certificate first, then the key). If the file exists and parses, it is left
// alone (an imported certificate is never replaced). Otherwise writes a new
// self-signed ECDSA P-256 certificate, CN and subjectAltName = `hostName`
// (plus "localhost" when different), valid 10 years, SHA-256, written
// atomically (temp file, fsync, rename) with mode 0600; parent folders are
// created 0700. Returns false with a sentence in `error` on failure.
bool ensureSelfSignedCertificate(const std::filesystem::path& pemFile, const std::string& hostName,
                                 std::string& error);

}  // namespace exlb::agent
