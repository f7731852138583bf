#pragma once
// The backup file's envelope (guide 7.2 "configuration save", beyond it: a
// file that holds the saved configuration, the certificates with their
// private keys, and the licenses). The payload (a serialized
// exlb.v1.BackupPayload) is encrypted and authenticated as a whole:
//
//   offset size
//        0    8  magic "EXLBBAK\0"
//        8    2  format version, big endian (kBackupFormatVersion)
//       10    1  key derivation: 1 = scrypt
//       11    3  scrypt log2(N), r, p
//       14   16  salt (random)
//       30   12  AES-GCM nonce (random)
//       42    4  ciphertext length, big endian
//       46    n  ciphertext (AES-256-GCM, key = scrypt(passphrase, salt))
//     46+n   16  GCM tag; the 46 header bytes are the additional data
//
// So a wrong passphrase, a changed bit anywhere (header included), a
// truncated or extended file are all refused before anything is used.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace exlb::agent {

inline constexpr std::uint16_t kBackupFormatVersion = 1;
inline constexpr std::size_t kMinBackupPassphrase = 8;
inline constexpr std::size_t kMaxBackupBytes = 4 * 1024 * 1024;

struct ScryptCost {
  std::uint8_t log2n = 15;  // N = 32768: ~32 MiB and a fraction of a second
  std::uint8_t r = 8;
  std::uint8_t p = 1;
};

// Encrypts `payload` under `passphrase`. nullopt with `error` on a
// passphrase shorter than kMinBackupPassphrase or a crypto failure.
std::optional<std::string> sealBackup(std::string_view payload, std::string_view passphrase,
                                      std::string& error, ScryptCost cost = {});

// Verifies and decrypts a backup file. Refused with a sentence: not an exlb
// backup, another format version, a cost outside what this agent accepts,
// truncated or extended, wrong passphrase or altered.
std::optional<std::string> openBackup(std::string_view file, std::string_view passphrase,
                                      std::string& error);

}  // namespace exlb::agent
