// Rules of the real servers: CAS servers (guide 5.3) and HUB servers (5.8.1.1).
#include <cctype>
#include <map>
#include <string>

#include "exlb/common/syntax.h"
#include "validation_internal.h"

namespace exlb::validation {

namespace {

constexpr int kMaxServers = 4;

std::string lowerCase(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

struct ServerList {
  const google::protobuf::RepeatedPtrField<v1::RealServer>& servers;
  std::string path;         // "cas_servers", "smtp.hub_servers"
  std::string kind;         // "CAS", "HUB"
  std::string defaultName;  // "cas" -> cas1..cas4
};

void checkName(ProblemSink& sink, const std::string& path, const std::string& name) {
  if (name.empty() || isServerName(name)) return;
  if (const auto bad = forbiddenCharacter(name)) {
    sink.error(path, quoteValue(name) + " contains " + *bad + ", which a server name cannot hold.");
  } else {
    sink.error(path, quoteValue(name) +
                         " is not a server name: use 1 to 32 letters, digits, '.', '_' or '-'.");
  }
}

void validateList(ProblemSink& sink, const ServerList& list, const Context& context,
                  std::map<std::string, std::string>& namesSeen) {
  if (list.servers.size() > kMaxServers) {
    sink.error(list.path, std::to_string(list.servers.size()) + " " + list.kind +
                              " servers are configured; the appliance balances at most 4.");
  }
  std::map<std::uint32_t, int> addressesSeen;
  for (int i = 0; i < list.servers.size(); ++i) {
    const auto& server = list.servers.Get(i);
    const auto path = indexed(list.path, i);
    const auto addressPath = field(path, "address");
    if (const auto address =
            checkHostAddress(sink, addressPath, server.address(), Use::Required)) {
      if (context.ownAddress && *address == *context.ownAddress) {
        sink.error(addressPath, quoteValue(server.address()) + " is the appliance's own address; give the " +
                                    list.kind + " server's address.");
      } else if (context.virtualAddress && *address == *context.virtualAddress) {
        sink.error(addressPath, quoteValue(server.address()) +
                                    " is the virtual service address; give the " + list.kind +
                                    " server's own address.");
      } else if (const auto [it, inserted] = addressesSeen.emplace(*address, i); !inserted) {
        sink.error(addressPath, quoteValue(server.address()) + " is already " + list.kind +
                                    std::to_string(it->second + 1) +
                                    "'s address; each server must be listed once.");
      }
    }

    const auto namePath = field(path, "name");
    checkName(sink, namePath, server.name());
    // An empty name means the default one (cas1..cas4, hub1..hub4); names
    // become HAProxy server names and must not collide in either list.
    const std::string effective =
        server.name().empty() ? list.defaultName + std::to_string(i + 1) : server.name();
    if (const auto [it, inserted] = namesSeen.emplace(lowerCase(effective), path); !inserted) {
      sink.error(namePath, "the name " + quoteValue(effective) + " is already used by " + it->second +
                               "; server names must be unique across CAS and HUB servers.");
    }
    checkEnum(sink, field(path, "admin_state"), server.admin_state(),
              v1::ServerAdminState_descriptor());
  }
}

}  // namespace

void validateServers(ProblemSink& sink, const v1::ApplianceConfig& config,
                     const Context& context) {
  std::map<std::string, std::string> namesSeen;
  validateList(sink, {config.cas_servers(), "cas_servers", "CAS", "cas"}, context, namesSeen);
  validateList(sink, {config.smtp().hub_servers(), "smtp.hub_servers", "HUB", "hub"}, context,
               namesSeen);

  if (config.cas_servers_size() > 0) return;
  std::string services;
  const auto add = [&services](const char* name) {
    services += services.empty() ? "" : ", ";
    services += name;
  };
  if (httpEnabled(config.http().mode())) add("HTTP(s)");
  if (mailModeUse(config.imap().mode()).enabled) add("IMAP");
  if (mailModeUse(config.pop3().mode()).enabled) add("POP3");
  if (config.rpc().state() == v1::TOGGLE_ENABLED) add("RPC");
  if (!services.empty()) {
    sink.warning("cas_servers", "no CAS server is configured yet, so the enabled services (" +
                                    services + ") have no server to send clients to.");
  }
}

}  // namespace exlb::validation
