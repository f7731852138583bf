#include "firstboot.h"

#include <google/protobuf/util/json_util.h>
#include <unistd.h>

#include <optional>

#include "dhcp_client.h"
#include "exlb/common/defaults.h"
#include "exlb/common/ipv4.h"
#include "line_reader.h"
#include "setup/network_render.h"
#include "setup/network_writer.h"

namespace exlb::firstboot {

namespace {

using Clock = std::chrono::steady_clock;

class Console {
 public:
  Console(int in_fd, int out_fd) : reader_(in_fd), out_fd_(out_fd) {}

  void print(const std::string& text) {
    const char* data = text.data();
    std::size_t left = text.size();
    while (left > 0) {
      const ssize_t n = ::write(out_fd_, data, left);
      if (n <= 0) return;  // the console went away; nothing better to do
      data += n;
      left -= static_cast<std::size_t>(n);
    }
  }

  LineReader::Result ask(const std::string& question,
                         std::optional<Clock::time_point> deadline = std::nullopt) {
    print(question);
    auto answer = reader_.readLine(deadline);
    if (answer.status != LineReader::Status::Line) print("\n");
    return answer;
  }

 private:
  LineReader reader_;
  int out_fd_;
};

std::string trim(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return {};
  const auto end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

bool savedConfigurationExists(const std::filesystem::path& root) {
  std::error_code ec;
  return std::filesystem::exists(
      root / std::filesystem::path(agent::kSavedLanNetworkPath).relative_path(), ec);
}

enum class Choice { Dhcp, Static };

// "Retrieve IP using DHCP or configure static ... 10sec (D/s)?": D, d, Enter,
// silence or a closed console mean DHCP; s or S static; anything else asks
// again within the same ten seconds.
Choice askDhcpOrStatic(Console& console, std::chrono::seconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const std::string question = "Retrieve IP using DHCP or configure static ... " +
                               std::to_string(timeout.count()) + "sec (D/s)? ";
  for (;;) {
    const auto answer = console.ask(question, deadline);
    if (answer.status != LineReader::Status::Line) return Choice::Dhcp;
    const std::string a = trim(answer.line);
    if (a.empty() || a == "D" || a == "d") return Choice::Dhcp;
    if (a == "s" || a == "S") return Choice::Static;
  }
}

// "Use IP address (192.168.0.200)? ": Enter keeps the value in brackets.
// `valid` returns an empty string or why the answer is refused.
template <typename Check>
std::optional<std::string> askValue(Console& console, const std::string& label,
                                    const std::string& shown_default, const Check& valid) {
  for (;;) {
    const auto answer = console.ask("Use " + label + " (" + shown_default + ")? ");
    if (answer.status != LineReader::Status::Line) return std::nullopt;
    std::string value = trim(answer.line);
    if (value.empty()) value = shown_default;
    if (const std::string why = valid(value); !why.empty()) {
      console.print(why + "\n");
      continue;
    }
    return value;
  }
}

std::string checkAddress(const std::string& v) {
  const auto a = parseIpv4(v);
  if (!a || isUnusableHostAddress(*a)) return "Invalid IP address: " + v;
  return {};
}

std::string checkNetmask(const std::string& v) {
  const auto mask = parseIpv4(v);
  const auto p = mask ? netmaskPrefix(*mask) : std::nullopt;
  if (!p || *p == 0) return "Invalid netmask: " + v;
  return {};
}

// Asks the guide's three questions; nothing when the console closed.
std::optional<v1::NetworkConfig> askStatic(Console& console) {
  console.print("Configure IP manually\n");
  const v1::NetworkConfig factory = defaultNetwork();
  v1::NetworkConfig n = factory;
  const auto address = askValue(console, "IP address", factory.address(), checkAddress);
  if (!address) return std::nullopt;
  const auto netmask = askValue(console, "netmask", factory.netmask(), checkNetmask);
  if (!netmask) return std::nullopt;
  const Subnet subnet{*parseIpv4(*address), *parseIpv4(*netmask)};
  const auto gateway = askValue(console, "default gateway", "none", [&](const std::string& v) {
    if (v == "none") return std::string();
    const auto g = parseIpv4(v);
    if (!g) return "Invalid gateway: " + v;
    if (!subnet.contains(*g)) return "The gateway " + v + " is not in the appliance's subnet";
    return std::string();
  });
  if (!gateway) return std::nullopt;
  n.set_address(*address);
  n.set_netmask(*netmask);
  n.set_gateway(*gateway == "none" ? "" : *gateway);
  return n;
}

bool confirmCommit(Console& console) {
  const auto answer = console.ask("Commit and save this configuration (N/y) ? ");
  if (answer.status != LineReader::Status::Line) return false;
  const std::string a = trim(answer.line);
  return a == "y" || a == "Y";
}

// The network settings for the agent to adopt at its first start: it keeps
// its configuration in its own data folder, which exlb-firstboot does not
// write (see docs/installer.md).
agent::RenderedFile agentSeed(const v1::NetworkConfig& n) {
  std::string json;
  google::protobuf::util::JsonPrintOptions o;
  o.add_whitespace = true;
  o.always_print_primitive_fields = true;
  o.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(n, &json, o);
  return {"/etc/exlb/firstboot-network.json", json, 0644};
}

std::string write(const Options& options, const v1::NetworkConfig& n,
                  agent::NetworkPersistence persistence) {
  agent::NetworkRenderOptions ro;
  ro.persistence = persistence;
  ro.interface_match = options.interface_match;
  auto rendering = agent::renderNetwork(n, ro);
  if (!rendering.ok()) return rendering.error;
  if (persistence == agent::NetworkPersistence::Saved) rendering.files.push_back(agentSeed(n));
  return agent::writeNetworkRendering(options.system_root, rendering);
}

v1::NetworkConfig dhcpOrFallback(Console& console, const Options& options) {
  console.print("Retrieving IP using DHCP ...\n");
  v1::NetworkConfig n = defaultNetwork();
  const auto attempt = runDhcpClient(options.dhcp_client, options.dhcp_timeout);
  if (attempt.lease) {
    n.set_address(attempt.lease->address);
    n.set_netmask(attempt.lease->netmask);
    n.set_gateway(attempt.lease->gateway);
    console.print("DHCP lease: " + n.address() + " netmask " + n.netmask() +
                  (n.gateway().empty() ? std::string() : " gateway " + n.gateway()) + "\n");
  } else {
    console.print("DHCP failed (" + attempt.failure + "): using " + n.address() + " netmask " +
                  n.netmask() + "\n");
  }
  return n;
}

}  // namespace

int runFirstBoot(const Options& options, int in_fd, int out_fd) {
  if (!options.force && savedConfigurationExists(options.system_root)) return 0;
  Console console(in_fd, out_fd);
  console.print(
      "Warning: No IP configuration found !\n"
      "Warning: DHCP configuration is available for test purpose only.\n"
      "Warning: exlb does not perform any renew at end of lease time.\n"
      "Warning: A static IP configuration is recommended.\n");
  for (;;) {
    v1::NetworkConfig n;
    agent::NetworkPersistence persistence = agent::NetworkPersistence::Runtime;
    if (askDhcpOrStatic(console, options.answer_timeout) == Choice::Dhcp) {
      n = dhcpOrFallback(console, options);
    } else {
      const auto entered = askStatic(console);
      if (!entered || !confirmCommit(console)) {
        console.print("Configuration not saved.\n");
        continue;
      }
      n = *entered;
      persistence = agent::NetworkPersistence::Saved;
    }
    if (const std::string error = write(options, n, persistence); !error.empty()) {
      console.print("Cannot write the network configuration: " + error + "\n");
      return 1;
    }
    console.print("You can now access the Web User Interface at https://" + n.address() + ":" +
                  std::to_string(defaultManagement().port()) + "/\n");
    return 0;
  }
}

}  // namespace exlb::firstboot
