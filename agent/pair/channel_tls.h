#pragma once
// TLS for the pair channel: TLS 1.3 only, this node's pair identity on both
// ends (mutual TLS), and the peer recognised by the SHA-256 of its
// certificate alone (pinning): no CA, no host name, no password. A peer
// without a certificate, or with another one, fails the handshake.

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/ssl/context.hpp>

#include "pair/pair_identity.h"

namespace exlb::agent {

// The pin in force (64 lower-case hex digits), read at every handshake so a
// configuration change takes effect at once; empty refuses every peer.
using PinSource = std::function<std::string()>;

// Told the certificate (PEM) of every peer whose SHA-256 matched the pin, so
// the stick-table replication can verify the same peer (PeerCertificateStore).
// Called inside the handshake: it must not block or reenter the connection.
using PeerCertificateSink = std::function<void(std::string pem)>;

// A context for the server (`server` true) or client side. nullptr with
// `error` when the identity cannot be used. `onPeer` may be empty.
std::unique_ptr<boost::asio::ssl::context> makeChannelTls(const PairIdentity& identity,
                                                          PinSource pin, bool server,
                                                          std::string& error,
                                                          PeerCertificateSink onPeer = {});

}  // namespace exlb::agent
