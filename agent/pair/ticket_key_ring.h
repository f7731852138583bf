#pragma once
// The TLS session-ticket key ring a pair shares (docs/ha.md, "TLS session
// tickets"): both nodes' HAProxy hold the same three keys, so a client that
// got a ticket on one node resumes on the other after a failover instead of
// making a full handshake at the moment every client reconnects.
//
// - TicketKeyStore: what the pair needs of this node's keys (HaproxySupervisor
//   in the daemon, a fake in tests).
// - The channel message (PeerTicketKeys): the ring as raw keys, checked
//   whole on receipt: a short, long or garbled ring is refused.

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace exlb::agent {

class HaproxySupervisor;

class TicketKeyStore {
 public:
  using Done = std::function<void(bool ok, std::string message)>;
  virtual ~TicketKeyStore() = default;
  // The ring in force, oldest first (base64 lines, as in the key file).
  virtual std::optional<std::vector<std::string>> keys() const = 0;
  // Installs a peer's ring at run time (file, then the running HAProxy).
  virtual void install(std::vector<std::string> keys, Done done) = 0;
  // While following a peer, this node does not rotate on its own.
  virtual void setFollowing(bool following) = 0;
  // Told after each rotation here (the source then pushes its new ring).
  virtual void setRotationListener(std::function<void()> listener) = 0;
};

class HaproxyTicketKeys final : public TicketKeyStore {
 public:
  explicit HaproxyTicketKeys(HaproxySupervisor& supervisor) : supervisor_(supervisor) {}
  std::optional<std::vector<std::string>> keys() const override;
  void install(std::vector<std::string> keys, Done done) override;
  void setFollowing(bool following) override;
  void setRotationListener(std::function<void()> listener) override;

 private:
  HaproxySupervisor& supervisor_;
};

// PeerTicketKeys for the channel: the ring's keys raw (never logged).
std::string encodeTicketRing(const std::vector<std::string>& keys, const std::string& hostname);

struct ReceivedRing {
  std::vector<std::string> keys;  // base64 lines, oldest first
  std::string hostname;           // the sender's
};
// The ring in a PeerTicketKeys body, or nullopt with `error` (what is wrong,
// never key material): not a message, not three keys, a key not 80 bytes,
// the same key twice.
std::optional<ReceivedRing> decodeTicketRing(const std::string& body, std::string& error);

}  // namespace exlb::agent
