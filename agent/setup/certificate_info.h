#pragma once
// What the appliance shows about a stored certificate (guide: common name,
// from, until, status; beyond it: issuer, subject alternative names, SHA-256
// fingerprint, key type, and warnings). Pure: PEM text in, message out.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exlb/v1/setup.pb.h"

namespace exlb::agent {

// A certificate that ends within this many days is EXPIRING.
inline constexpr std::int64_t kExpiringDays = 30;

// Describes the first certificate of `pem` (leaf, then chain, then key, as
// stored). `hostNames` are the names clients use (the HTTP(s) host name and
// the other published names): a warning names each one the certificate does
// not cover. Returns nullopt with `error` when `pem` holds no certificate.
std::optional<v1::CertificateInfo> describeCertificate(std::string_view pem,
                                                       const std::vector<std::string>& hostNames,
                                                       std::int64_t nowUnix, std::string& error);

// Describes a key made here that waits for its CA's certificate, from the
// request (CSR) sent to the CA: status WAITING_FOR_CERTIFICATE, subject,
// names, key type and the CSR itself. An empty or unreadable `csrPem` (a
// key restored from a backup without its request) still gives the status,
// with a warning saying the request is not there.
v1::CertificateInfo describeWaitingKey(std::string_view csrPem);

}  // namespace exlb::agent
