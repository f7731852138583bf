#pragma once
// The TLS session-ticket keys HAProxy encrypts and decrypts tickets with
// (`tls-ticket-keys <file>` on every TLS bind line). Without a key file each
// HAProxy process makes up its own keys, so a reload (a new worker) cannot
// read the tickets the old one issued and every returning client pays a full
// handshake. The agent keeps the file in the run dir instead, so the keys
// outlive reloads and restarts of HAProxy (a reboot empties /run: new keys).
//
// The file holds exactly kKeyCount base64 lines, oldest first, as HAProxy
// reads them: the penultimate line encrypts new tickets, all three decrypt.
// Rotation drops the oldest line and appends a new one (HAProxy's runtime
// `set ssl tls-key <file> <key>` does the same in a running worker). So a
// ticket stays readable for at least one rotation period after it was issued
// and at most two; with the period equal to the session lifetime rendered
// (tune.ssl.lifetime), no ticket that is still valid is lost to a rotation,
// and a key is never in memory longer than three periods (forward secrecy).

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace exlb::agent::tls_ticket_keys {

// HAProxy's TLS_TICKETS_NO (Debian builds with the default, 3).
inline constexpr std::size_t kKeyCount = 3;
// 16-byte key name + 32-byte HMAC-SHA256 key + 32-byte AES-256 key.
inline constexpr std::size_t kKeyBytes = 80;
// Equal to the rendered tune.ssl.lifetime (see the header comment).
inline constexpr std::chrono::seconds kRotationPeriod{3600};

// A new key: kKeyBytes from OpenSSL's CSPRNG, base64 without line breaks.
// Empty if the generator fails.
std::string newKey();

// The keys of a key file's text, oldest first, or nullopt unless it holds
// exactly kKeyCount well-formed keys (kKeyBytes each once decoded).
std::optional<std::vector<std::string>> parse(const std::string& text);

// The ring a pair shares (docs/ha.md, "TLS session tickets"): both nodes
// hold the same three keys, so a client resumes on either node.
//
// True when `keys` is a ring HAProxy can use: exactly kKeyCount well-formed
// keys, no two alike; else `error` says what is wrong (never a key).
bool checkRing(const std::vector<std::string>& keys, std::string& error);
// Names a ring without revealing it: the first 16 hex digits of the SHA-256
// of its keys' 16-byte names, which TLS sends in the clear in every ticket.
// Empty for a ring that checkRing refuses.
std::string ringId(const std::vector<std::string>& keys);
// A key between the file's form (base64) and its raw kKeyBytes; nullopt for
// anything else.
std::optional<std::string> decodeKey(const std::string& line);
std::optional<std::string> encodeKey(const std::string& raw);

class KeyFile {
 public:
  explicit KeyFile(std::filesystem::path path) : path_(std::move(path)) {}

  // Makes sure the file holds kKeyCount valid keys with mode 0600: a missing
  // or damaged file is replaced by new keys (`created` says so). A valid file
  // is left as it is, keys and time stamp.
  bool ensure(bool& created, std::string& error) const;

  // Drops the oldest key and appends a new one, atomically (temporary file,
  // rename; mode 0600). Returns the new key, which is what a running HAProxy
  // needs (`set ssl tls-key`), or nullopt with `error`.
  std::optional<std::string> rotate(std::string& error) const;

  // The keys in the file, oldest first; nullopt when it is missing or damaged.
  std::optional<std::vector<std::string>> read() const;

  // Puts `keys` (checkRing) in place of the file's, atomically, mode 0600:
  // a ring received from the pair's peer.
  bool replace(const std::vector<std::string>& keys, std::string& error) const;

  // How long until the next rotation is due: the period less the file's age
  // (its modification time is when it was last created or rotated), zero
  // when it is overdue or the file cannot be read.
  std::chrono::milliseconds untilDue(std::chrono::milliseconds period) const;

  const std::filesystem::path& path() const { return path_; }

 private:
  bool write(const std::vector<std::string>& keys, std::string& error) const;

  std::filesystem::path path_;
};

}  // namespace exlb::agent::tls_ticket_keys
