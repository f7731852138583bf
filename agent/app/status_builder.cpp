#include "app/status_builder.h"

#include <charconv>

namespace exlb::agent {

namespace {

std::uint64_t number(const StatRow& row, const char* column) {
  auto it = row.find(column);
  if (it == row.end()) return 0;
  std::uint64_t v = 0;
  std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  return v;
}

std::string text(const StatRow& row, const char* column) {
  auto it = row.find(column);
  return it == row.end() ? std::string() : it->second;
}

const StatRow* findRow(const std::vector<StatRow>& rows, const std::string& proxy,
                       const std::string& server) {
  for (const auto& r : rows)
    if (text(r, "pxname") == proxy && text(r, "svname") == server) return &r;
  return nullptr;
}

v1::ServerAdminState adminStateOf(const v1::ApplianceConfig& config, const std::string& name,
                                  const std::string& area) {
  const auto& list = area == "smtp" ? config.smtp().hub_servers() : config.cas_servers();
  const char* prefix = area == "smtp" ? "hub" : "cas";
  for (int i = 0; i < list.size(); ++i) {
    const auto& s = list[i];
    const std::string effective = s.name().empty() ? prefix + std::to_string(i + 1) : s.name();
    if (effective == name) return s.admin_state();
  }
  return v1::SERVER_ADMIN_STATE_UNSPECIFIED;
}

}  // namespace

v1::ServerHealth healthOf(const std::string& status) {
  if (status.rfind("UP", 0) == 0) return v1::SERVER_HEALTH_UP;  // "UP", "UP 1/2"
  if (status.rfind("DOWN", 0) == 0) return v1::SERVER_HEALTH_DOWN;
  if (status.rfind("NOLB", 0) == 0 || status.rfind("DRAIN", 0) == 0) return v1::SERVER_HEALTH_DRAIN;
  if (status.rfind("MAINT", 0) == 0) return v1::SERVER_HEALTH_MAINT;
  if (status == "no check") return v1::SERVER_HEALTH_NO_CHECK;
  return v1::SERVER_HEALTH_UNSPECIFIED;
}

std::vector<v1::ServiceStatus> buildServices(const std::vector<StatRow>& rows,
                                             const std::vector<RenderedBackend>& backends,
                                             const v1::ApplianceConfig& config) {
  std::vector<v1::ServiceStatus> services;
  for (const auto& b : backends) {
    v1::ServiceStatus s;
    s.set_name(b.service);
    s.set_area(b.area);
    s.set_enabled(true);  // only enabled services are rendered
    if (const auto* row = findRow(rows, b.backend, "BACKEND")) {
      s.set_current_sessions(number(*row, "scur"));
      s.set_total_sessions(number(*row, "stot"));
      s.set_session_rate(number(*row, "rate"));
      s.set_request_rate(number(*row, "req_rate"));
    }
    for (const auto& server : b.servers) {
      auto* out = s.add_servers();
      out->set_name(server.name);
      out->set_address(server.address);
      out->set_admin_state(adminStateOf(config, server.name, b.area));
      if (const auto* row = findRow(rows, b.backend, server.name)) {
        auto health = healthOf(text(*row, "status"));
        // A drained server with weight 0 shows as UP with no new clients.
        if (health == v1::SERVER_HEALTH_UP &&
            out->admin_state() == v1::SERVER_ADMIN_STATE_DRAIN)
          health = v1::SERVER_HEALTH_DRAIN;
        out->set_health(health);
        std::string check = text(*row, "check_status");
        const std::string code = text(*row, "check_code");
        if (!code.empty()) check += "/" + code;
        out->set_last_check(check);
        out->set_current_sessions(number(*row, "scur"));
        out->set_total_sessions(number(*row, "stot"));
        out->set_session_rate(number(*row, "rate"));
      }
    }
    services.push_back(std::move(s));
  }
  return services;
}

std::vector<v1::ListenerStatus> buildListeners(const std::vector<StatRow>& rows,
                                               const std::vector<RenderedListener>& listeners) {
  std::vector<v1::ListenerStatus> out;
  for (const auto& l : listeners) {
    v1::ListenerStatus s;
    s.set_name(l.name);
    s.set_address(l.address);
    s.set_port(l.port);
    if (const auto* row = findRow(rows, l.name, "FRONTEND")) s.set_accepting(text(*row, "status") == "OPEN");
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace exlb::agent
