#pragma once
// The peer's pair certificate, kept for TLS on the pair's stick-table
// replication (HAProxy `peers exlb-pair`, docs/dataplane-rendering.md).
//
// HAProxy verifies the other end against certificates it is given (ca-file),
// while the pair channel knows the peer only by the SHA-256 pin of its
// certificate (high_availability.peer_certificate_sha256). So the channel
// hands every certificate it accepted to this store, which keeps it in
// <data-dir>/pair-peer.pem, followed by this node's own certificate: at a
// reload HAProxy's old worker shows this node's certificate to the new one,
// which must trust it too (measured: with the peer's alone a reload loses the
// tables). Certificates only, never a key; written atomically (temp file,
// fsync, rename) and only when its content changes.
//
// The file is used only while its first certificate is the pinned one and its
// second this node's identity: after a change of pin, a new identity or with
// high availability reconfigured, the replication stays clear until the
// channel meets the pinned peer again.

#include <filesystem>
#include <string>

#include "render/haproxy_renderer.h"

namespace exlb::agent {

class PeerCertificateStore {
 public:
  explicit PeerCertificateStore(std::filesystem::path dataDir);

  std::filesystem::path identityFile() const;  // <data-dir>/pair-identity.pem (certificate, key)
  std::filesystem::path file() const;          // <data-dir>/pair-peer.pem

  enum class Kept {
    Unchanged,  // the file already holds it (and this node's certificate)
    Stored,     // written: the render's files changed
    Refused,    // not one PEM certificate whose SHA-256 is `pin`
    Failed,     // this node's identity cannot be read, or the write failed (`error`)
  };
  // Keeps `peerPem`, a certificate the pair channel accepted under `pin` (any
  // form normalizeFingerprint() takes; empty refuses).
  Kept keep(const std::string& peerPem, const std::string& pin, std::string& error);

  // The files the renderer puts the replication on TLS with, when the stored
  // file fits `pin` and this node's identity; empty otherwise (clear).
  PairPeersTls tlsFor(const std::string& pin) const;

  // Removes a stored file that does not fit `pin` (it may never be used
  // again). True when it removed one.
  bool discardUnless(const std::string& pin);

 private:
  std::filesystem::path dataDir_;
};

}  // namespace exlb::agent
