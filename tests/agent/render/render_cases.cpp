#include "render_cases.h"

#include <algorithm>
#include <filesystem>
#include <functional>

#include "exlb/common/defaults.h"

namespace exlb::test {

namespace {

void addServers(google::protobuf::RepeatedPtrField<v1::RealServer>* list, const char* first,
                const char* second) {
  for (const char* address : {first, second}) {
    auto* s = list->Add();
    s->set_address(address);
    s->set_admin_state(v1::SERVER_ADMIN_STATE_READY);
  }
}

// The factory configuration on a test network with two CAS and two HUB
// servers, every area off: each case turns on what it pins.
v1::ApplianceConfig base() {
  v1::ApplianceConfig c = defaultConfig();
  c.mutable_network()->set_address("198.18.0.10");
  c.mutable_network()->set_netmask("255.254.0.0");
  addServers(c.mutable_cas_servers(), "198.18.0.11", "198.18.0.12");
  addServers(c.mutable_smtp()->mutable_hub_servers(), "198.18.0.21", "198.18.0.22");
  c.mutable_http()->set_mode(v1::HTTP_MODE_DISABLED);
  c.mutable_rpc()->set_state(v1::TOGGLE_DISABLED);
  return c;
}

RenderCase with(std::string name, const std::function<void(v1::ApplianceConfig&)>& change) {
  RenderCase rc{std::move(name), base()};
  change(rc.config);
  return rc;
}

struct MailModeName {
  v1::MailMode mode;
  const char* name;
};
constexpr MailModeName kMailModes[] = {
    {v1::MAIL_MODE_CLEAR, "clear"},
    {v1::MAIL_MODE_SSL_FORWARD, "ssl-forward"},
    {v1::MAIL_MODE_SSL_OFFLOAD, "ssl-offload"},
    {v1::MAIL_MODE_CLEAR_AND_SSL_FORWARD, "clear-and-ssl-forward"},
    {v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD, "clear-and-ssl-offload"},
};

}  // namespace

agent::HaproxyRenderContext goldenContext() { return {"/run/exlb", "/var/lib/exlb/certs"}; }

agent::PairPeersTls pairTlsFiles(const agent::HaproxyRenderContext& context) {
  const std::filesystem::path dataDir = context.certDir.parent_path();
  return {dataDir / "pair-identity.pem", dataDir / "pair-peer.pem"};
}

agent::HaproxyRenderContext caseContext(const RenderCase& rc, agent::HaproxyRenderContext base) {
  if (rc.pairTls) base.pairTls = pairTlsFiles(base);
  return base;
}

std::vector<std::string> certificateIds() { return {"default", "mail.example", "imap-2026"}; }

std::vector<RenderCase> renderCases() {
  using C = v1::ApplianceConfig;
  std::vector<RenderCase> cases;
  // The factory settings (HTTP offload, RPC on) with two CAS servers.
  cases.push_back(with("factory", [](C& c) {
    c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
    c.mutable_rpc()->set_state(v1::TOGGLE_ENABLED);
  }));
  cases.push_back(with("all-disabled", [](C&) {}));
  for (auto version : {v1::EXCHANGE_VERSION_2010, v1::EXCHANGE_VERSION_2013_OR_LATER}) {
    const std::string v = version == v1::EXCHANGE_VERSION_2010 ? "2010" : "2013";
    cases.push_back(with("http-ssl-offload-" + v, [version](C& c) {
      c.set_exchange_version(version);
      c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
      c.mutable_http()->mutable_applications()->set_remote_powershell(v1::TOGGLE_ENABLED);
    }));
    cases.push_back(with("http-ssl-forward-" + v, [version](C& c) {
      c.set_exchange_version(version);
      c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_FORWARD);
    }));
  }
  // Some services refused at the appliance, ECP without OWA (its own
  // address table), HTTPS on a port that the redirect must name.
  cases.push_back(with("http-ssl-offload-2010-some-disabled", [](C& c) {
    auto* h = c.mutable_http();
    h->set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
    h->set_virtual_https_port(8443);
    h->set_redirect_http_port(8080);
    h->set_certificate("mail.example");
    h->set_timeout_seconds(7200);
    auto* a = h->mutable_applications();
    a->set_outlook_web_app(v1::TOGGLE_DISABLED);
    a->set_exchange_web_services(v1::TOGGLE_DISABLED);
    a->set_outlook_anywhere(v1::TOGGLE_DISABLED);
  }));
  cases.push_back(with("http-ssl-offload-2010-none-enabled", [](C& c) {
    c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
    auto* a = c.mutable_http()->mutable_applications();
    for (auto setter : {&v1::HttpApplications::set_outlook_web_app,
                        &v1::HttpApplications::set_exchange_control_panel,
                        &v1::HttpApplications::set_offline_address_book,
                        &v1::HttpApplications::set_autodiscover,
                        &v1::HttpApplications::set_exchange_web_services,
                        &v1::HttpApplications::set_activesync,
                        &v1::HttpApplications::set_outlook_anywhere,
                        &v1::HttpApplications::set_remote_powershell}) {
      (a->*setter)(v1::TOGGLE_DISABLED);
    }
  }));
  for (const auto& m : kMailModes) {
    const v1::MailMode mode = m.mode;
    cases.push_back(with(std::string("imap-") + m.name, [mode](C& c) {
      c.mutable_imap()->set_mode(mode);
      c.mutable_imap()->set_certificate("imap-2026");
    }));
    cases.push_back(with(std::string("pop3-") + m.name, [mode](C& c) {
      c.mutable_pop3()->set_mode(mode);
    }));
    cases.push_back(with(std::string("smtp-") + m.name, [mode](C& c) {
      c.mutable_smtp()->set_mode(mode);
    }));
  }
  cases.push_back(with("rpc-enabled", [](C& c) {
    c.mutable_rpc()->set_state(v1::TOGGLE_ENABLED);
    c.mutable_rpc()->set_timeout_seconds(10800);
  }));
  // A pair's master: listeners on the virtual address.
  const auto haMaster = [](C& c) {
    c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
    c.mutable_rpc()->set_state(v1::TOGGLE_ENABLED);
    auto* ha = c.mutable_high_availability();
    ha->set_role(v1::HA_ROLE_MASTER);
    ha->set_virtual_address("198.18.0.100");
    ha->set_peer_address("198.18.0.9");
  };
  cases.push_back(with("ha-master", haMaster));
  // Its backup: the same shared settings on the other node, which must name
  // the same peers and give every server the same id.
  cases.push_back(with("ha-backup", [](C& c) {
    c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
    c.mutable_rpc()->set_state(v1::TOGGLE_ENABLED);
    c.mutable_network()->set_address("198.18.0.9");
    auto* ha = c.mutable_high_availability();
    ha->set_role(v1::HA_ROLE_BACKUP);
    ha->set_virtual_address("198.18.0.100");
    ha->set_peer_address("198.18.0.10");
  }));
  // The master once its pair channel has met the peer: the replication on
  // TLS, every table shared (the hashed ActiveSync one too).
  cases.push_back(with("ha-master-tls", haMaster));
  cases.back().pairTls = true;
  // Named servers, one drained, one in maintenance, four of each kind.
  cases.push_back(with("server-admin-states", [](C& c) {
    c.mutable_http()->set_mode(v1::HTTP_MODE_SSL_OFFLOAD);
    c.mutable_smtp()->set_mode(v1::MAIL_MODE_CLEAR);
    c.mutable_imap()->set_mode(v1::MAIL_MODE_CLEAR);
    addServers(c.mutable_cas_servers(), "198.18.0.13", "198.18.0.14");
    c.mutable_cas_servers(0)->set_name("cas-paris");
    c.mutable_cas_servers(1)->set_admin_state(v1::SERVER_ADMIN_STATE_DRAIN);
    c.mutable_cas_servers(2)->set_admin_state(v1::SERVER_ADMIN_STATE_MAINT);
    c.mutable_cas_servers(3)->set_name("cas_lyon.2");
    c.mutable_smtp()->mutable_hub_servers(0)->set_admin_state(v1::SERVER_ADMIN_STATE_DRAIN);
    c.mutable_smtp()->mutable_hub_servers(1)->set_name("edge1");
  }));
  return cases;
}

namespace {

// Draws distinct values from a pool.
class Distinct {
 public:
  explicit Distinct(std::vector<std::uint32_t> pool) : pool_(std::move(pool)) {}
  std::uint32_t take(std::mt19937& rng) {
    std::uniform_int_distribution<std::size_t> pick(0, pool_.size() - 1);
    const std::size_t i = pick(rng);
    const std::uint32_t v = pool_[i];
    pool_.erase(pool_.begin() + static_cast<std::ptrdiff_t>(i));
    return v;
  }

 private:
  std::vector<std::uint32_t> pool_;
};

template <typename T>
T oneOf(std::mt19937& rng, std::initializer_list<T> values) {
  std::uniform_int_distribution<std::size_t> pick(0, values.size() - 1);
  return *(values.begin() + static_cast<std::ptrdiff_t>(pick(rng)));
}

int between(std::mt19937& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

std::string label(std::mt19937& rng, int maxLength) {
  static constexpr char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  const int n = between(rng, 1, maxLength);
  for (int i = 0; i < n; ++i) s += kChars[between(rng, 0, 35)];
  if (s[0] < 'a' || s[0] > 'z') s[0] = 'm';  // labels start with a letter
  return s;
}

// Host number 0..499 -> an address inside 198.18.0.0/15, never a network
// or broadcast address of the /15.
std::string hostAddress(std::uint32_t n) {
  return "198." + std::to_string(18 + n / 250) + ".1." + std::to_string(n % 250 + 2);
}

v1::ServerAdminState anyState(std::mt19937& rng) {
  return oneOf(rng, {v1::SERVER_ADMIN_STATE_READY, v1::SERVER_ADMIN_STATE_READY,
                     v1::SERVER_ADMIN_STATE_DRAIN, v1::SERVER_ADMIN_STATE_MAINT});
}

v1::Toggle anyToggle(std::mt19937& rng) {
  return oneOf(rng, {v1::TOGGLE_ENABLED, v1::TOGGLE_ENABLED, v1::TOGGLE_DISABLED});
}

v1::MailMode anyMailMode(std::mt19937& rng) {
  return oneOf(rng, {v1::MAIL_MODE_DISABLED, v1::MAIL_MODE_CLEAR, v1::MAIL_MODE_SSL_FORWARD,
                     v1::MAIL_MODE_SSL_OFFLOAD, v1::MAIL_MODE_CLEAR_AND_SSL_FORWARD,
                     v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD});
}

}  // namespace

v1::ApplianceConfig randomConfig(std::mt19937& rng) {
  v1::ApplianceConfig c = defaultConfig();
  Distinct hosts([] {
    std::vector<std::uint32_t> v;
    for (std::uint32_t i = 0; i < 500; ++i) v.push_back(i);
    return v;
  }());
  Distinct ports([] {
    std::vector<std::uint32_t> v = {25, 80, 110, 135, 143, 443, 465, 587, 993, 995, 8080, 8443};
    for (std::uint32_t p = 10000; p < 10060; ++p) v.push_back(p);
    return v;
  }());
  Distinct rpcPorts([] {
    std::vector<std::uint32_t> v;
    for (std::uint32_t p = 59531; p <= 60554; p += 97) v.push_back(p);
    return v;
  }());

  auto* n = c.mutable_network();
  n->set_hostname(label(rng, 12));
  n->set_address(hostAddress(hosts.take(rng)));
  n->set_netmask("255.254.0.0");
  n->set_gateway("");
  c.mutable_management()->set_port(4444);

  auto* ha = c.mutable_high_availability();
  ha->set_role(oneOf(rng, {v1::HA_ROLE_DISABLED, v1::HA_ROLE_MASTER, v1::HA_ROLE_BACKUP}));
  if (ha->role() != v1::HA_ROLE_DISABLED) {
    ha->set_virtual_address(hostAddress(hosts.take(rng)));
    ha->set_peer_address(hostAddress(hosts.take(rng)));
    ha->set_cluster_id(static_cast<std::uint32_t>(between(rng, 1, 255)));
  }
  c.set_exchange_version(
      oneOf(rng, {v1::EXCHANGE_VERSION_2010, v1::EXCHANGE_VERSION_2013_OR_LATER}));

  const auto certs = certificateIds();
  auto anyCert = [&] { return certs[static_cast<std::size_t>(between(rng, 0, 2))]; };
  auto addServers = [&](google::protobuf::RepeatedPtrField<v1::RealServer>* list, int count,
                        const char* prefix) {
    for (int i = 0; i < count; ++i) {
      auto* s = list->Add();
      s->set_address(hostAddress(hosts.take(rng)));
      // Named servers get names the defaults (cas1..) never take.
      if (between(rng, 0, 1) == 1) s->set_name(std::string(prefix) + "-" + label(rng, 10));
      s->set_admin_state(anyState(rng));
    }
  };
  addServers(c.mutable_cas_servers(), between(rng, 1, 4), "c");

  auto* h = c.mutable_http();
  h->set_mode(oneOf(rng, {v1::HTTP_MODE_DISABLED, v1::HTTP_MODE_SSL_OFFLOAD,
                          v1::HTTP_MODE_SSL_OFFLOAD, v1::HTTP_MODE_SSL_FORWARD}));
  h->set_host_name(label(rng, 10) + "." + label(rng, 8) + ".example");
  h->set_virtual_https_port(ports.take(rng));
  h->set_redirect_http_port(ports.take(rng));
  h->set_cas_http_port(ports.take(rng));
  h->set_cas_https_port(ports.take(rng));
  h->set_timeout_seconds(static_cast<std::uint32_t>(between(rng, 1, 86400)));
  h->set_certificate(anyCert());
  auto* a = h->mutable_applications();
  a->set_outlook_web_app(anyToggle(rng));
  a->set_exchange_control_panel(anyToggle(rng));
  a->set_offline_address_book(anyToggle(rng));
  a->set_autodiscover(anyToggle(rng));
  a->set_exchange_web_services(anyToggle(rng));
  a->set_activesync(anyToggle(rng));
  a->set_outlook_anywhere(anyToggle(rng));
  a->set_remote_powershell(anyToggle(rng));

  auto mail = [&](auto* m) {
    m->set_mode(anyMailMode(rng));
    m->set_virtual_port(ports.take(rng));
    m->set_virtual_tls_port(ports.take(rng));
    m->set_server_port(ports.take(rng));
    m->set_server_tls_port(ports.take(rng));
    m->set_timeout_seconds(static_cast<std::uint32_t>(between(rng, 1, 86400)));
    m->set_certificate(anyCert());
  };
  mail(c.mutable_imap());
  mail(c.mutable_pop3());
  mail(c.mutable_smtp());
  if (c.smtp().mode() != v1::MAIL_MODE_DISABLED) {
    addServers(c.mutable_smtp()->mutable_hub_servers(), between(rng, 1, 4), "h");
  }

  auto* r = c.mutable_rpc();
  r->set_state(anyToggle(rng));
  r->set_endpoint_mapper_port(oneOf<std::uint32_t>(rng, {135, 10135}));
  r->set_client_access_port(rpcPorts.take(rng));
  r->set_address_book_port(rpcPorts.take(rng));
  r->set_timeout_seconds(static_cast<std::uint32_t>(between(rng, 1, 86400)));
  return c;
}

}  // namespace exlb::test
