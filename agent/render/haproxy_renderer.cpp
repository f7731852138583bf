#include "render/haproxy_renderer.h"

#include <algorithm>
#include <optional>

#include "render/haproxy_plan.h"
#include "render/haproxy_syntax.h"
#include "render/haproxy_writer.h"

namespace exlb::agent {

namespace {

// A UNIX socket path must fit sockaddr_un.sun_path (108 bytes with its NUL);
// HAProxy also appends ".<pid>.tmp" while it creates the socket.
constexpr std::size_t kMaxSocketPath = 107 - 16;
constexpr std::size_t kMaxPath = 1024;

// A context path as HAProxy will read it: lexically normal, no trailing slash.
std::string contextPath(const std::filesystem::path& dir) {
  std::string s = dir.lexically_normal().generic_string();
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

void checkPath(std::vector<std::string>& errors, const char* what, const std::string& path,
               std::size_t maxLength) {
  if (auto problem = haproxy_syntax::checkPath(path, maxLength)) {
    errors.push_back(std::string(what) + ": '" + path + "' " + *problem + ".");
  }
}

std::string standalonePeerName(const std::string& runDir) {
  std::uint32_t hash = 2166136261u;  // FNV-1a
  for (const char c : runDir) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string name = "local-";
  for (int shift = 28; shift >= 0; shift -= 4) name += kHex[(hash >> shift) & 0xf];
  return name;
}

}  // namespace

std::string localPeerName(const v1::ApplianceConfig& config, const HaproxyRenderContext& context) {
  const haproxy_plan::Plan plan = haproxy_plan::makePlan(config, context.pairTls.on());
  return plan.peers.localName.empty() ? standalonePeerName(contextPath(context.runDir))
                                      : plan.peers.localName;
}

RenderedHaproxy renderHaproxyConfig(const v1::ApplianceConfig& config,
                                    const HaproxyRenderContext& context) {
  RenderedHaproxy out;
  haproxy_plan::Plan plan = haproxy_plan::makePlan(config, context.pairTls.on());
  out.errors = std::move(plan.errors);

  const std::string runDir = contextPath(context.runDir);
  const std::string certDir = contextPath(context.certDir);
  if (plan.peers.localName.empty()) plan.peers.localName = standalonePeerName(runDir);
  const haproxy_writer::Paths paths{runDir + "/" + kStatsSocketName,
                                    runDir + "/" + kServerStateFileName,
                                    certDir,
                                    runDir + "/" + kTlsTicketKeysFileName,
                                    context.pairPeersPort,
                                    runDir + "/" + kLocalPeersSocketName,
                                    contextPath(context.pairTls.identityFile),
                                    contextPath(context.pairTls.trustFile)};
  if (context.pairPeersPort == 0) out.errors.push_back("peers port: 0 is not a port.");
  checkPath(out.errors, "run directory (stats socket)", paths.statsSocket, kMaxSocketPath);
  checkPath(out.errors, "run directory (peers socket)", paths.localPeersSocket, kMaxSocketPath);
  checkPath(out.errors, "run directory (server state file)", paths.serverStateFile, kMaxPath);
  checkPath(out.errors, "run directory (TLS ticket keys)", paths.ticketKeysFile, kMaxPath);
  checkPath(out.errors, "certificate directory", certDir, kMaxPath);
  if (plan.peers.tls) {
    checkPath(out.errors, "pair identity", paths.pairIdentityFile, kMaxPath);
    checkPath(out.errors, "pair peer certificate", paths.pairTrustFile, kMaxPath);
  }

  if (out.errors.empty()) out.text = haproxy_writer::write(plan, paths);
  return out;
}

std::vector<RenderedListener> renderedListeners(const v1::ApplianceConfig& config) {
  std::vector<RenderedListener> out;
  for (const auto& l : haproxy_plan::makePlan(config, false).listeners) {
    out.push_back({l.name, l.address, l.port, l.tls});
  }
  return out;
}

PairReplication renderedPairReplication(const v1::ApplianceConfig& config,
                                        const PairPeersTls& pairTls) {
  const auto plan = haproxy_plan::makePlan(config, pairTls.on());
  if (plan.peers.remoteName.empty()) return PairReplication::None;
  // The writer renders the pair's section only for a table that crosses it.
  const bool shared = std::any_of(plan.backends.begin(), plan.backends.end(),
                                  [](const auto& b) { return b.replicated && b.ownsTable(); });
  if (!shared) return PairReplication::None;
  return plan.peers.tls ? PairReplication::Tls : PairReplication::Clear;
}

std::vector<RenderedBackend> renderedBackends(const v1::ApplianceConfig& config) {
  std::vector<RenderedBackend> out;
  for (const auto& b : haproxy_plan::makePlan(config, false).backends) {
    RenderedBackend r{b.name, b.name, b.area, {}};
    for (const auto& s : b.servers) r.servers.push_back({s.name, s.address, s.port});
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace exlb::agent
