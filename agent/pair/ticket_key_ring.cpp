#include "pair/ticket_key_ring.h"

#include <openssl/crypto.h>

#include "exlb/v1/pair.pb.h"
#include "supervise/haproxy_supervisor.h"
#include "supervise/tls_ticket_keys.h"

namespace exlb::agent {

std::optional<std::vector<std::string>> HaproxyTicketKeys::keys() const {
  return supervisor_.ticketKeys();
}

void HaproxyTicketKeys::install(std::vector<std::string> keys, Done done) {
  supervisor_.installTicketKeys(std::move(keys), std::move(done));
}

void HaproxyTicketKeys::setFollowing(bool following) {
  supervisor_.setTicketKeysFollowing(following);
}

void HaproxyTicketKeys::setRotationListener(std::function<void()> listener) {
  supervisor_.setTicketKeysListener(std::move(listener));
}

std::string encodeTicketRing(const std::vector<std::string>& keys, const std::string& hostname) {
  v1::PeerTicketKeys message;
  message.set_hostname(hostname);
  for (const auto& k : keys) {
    auto raw = tls_ticket_keys::decodeKey(k);
    if (!raw) return {};
    message.add_keys(*raw);
    OPENSSL_cleanse(raw->data(), raw->size());
  }
  std::string body = message.SerializeAsString();
  for (auto& k : *message.mutable_keys()) OPENSSL_cleanse(k.data(), k.size());
  return body;
}

std::optional<ReceivedRing> decodeTicketRing(const std::string& body, std::string& error) {
  v1::PeerTicketKeys message;
  if (!message.ParseFromString(body)) {
    error = "the ticket-key message could not be read";
    return std::nullopt;
  }
  ReceivedRing ring;
  ring.hostname = message.hostname();
  for (int i = 0; i < message.keys_size(); ++i) {
    const auto& raw = message.keys(i);
    auto line = tls_ticket_keys::encodeKey(raw);
    if (!line) {
      error = "key " + std::to_string(i + 1) + " is " + std::to_string(raw.size()) +
              " bytes, not " + std::to_string(tls_ticket_keys::kKeyBytes);
      return std::nullopt;
    }
    ring.keys.push_back(std::move(*line));
  }
  for (auto& k : *message.mutable_keys()) OPENSSL_cleanse(k.data(), k.size());
  if (!tls_ticket_keys::checkRing(ring.keys, error)) return std::nullopt;
  return ring;
}

}  // namespace exlb::agent
