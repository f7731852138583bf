#pragma once
// The configurations whose rendering is pinned by golden files: every mode of
// every service, the two Exchange versions, high availability and the server
// admin states. Addresses come from 198.18.0.0/15 (never a real target: the
// tests only render and `haproxy -c` these files).

#include <random>
#include <string>
#include <vector>

#include "exlb/v1/config.pb.h"
#include "render/haproxy_renderer.h"

namespace exlb::test {

struct RenderCase {
  std::string name;  // golden file: tests/agent/render/golden/<name>.cfg
  v1::ApplianceConfig config;
  // Rendered with both pair certificates at hand (pairTlsFiles()): the
  // pair's stick-table replication on TLS.
  bool pairTls = false;
};

std::vector<RenderCase> renderCases();

// The context golden files are rendered with.
agent::HaproxyRenderContext goldenContext();

// The pair's TLS files where the agent keeps them, in its data directory (the
// parent of `context.certDir`): pair-identity.pem and pair-peer.pem.
agent::PairPeersTls pairTlsFiles(const agent::HaproxyRenderContext& context);

// `base`, with the pair's TLS files when the case has them.
agent::HaproxyRenderContext caseContext(const RenderCase& rc, agent::HaproxyRenderContext base);

// The certificate ids the cases and the generator use (each needs a PEM).
std::vector<std::string> certificateIds();

// A random configuration meant to be valid (validateConfig without error),
// drawn from `rng`: every mode, role, port and admin state can appear.
v1::ApplianceConfig randomConfig(std::mt19937& rng);

}  // namespace exlb::test
