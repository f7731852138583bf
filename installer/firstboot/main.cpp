// exlb-firstboot: the guide's chapter 4.1 boot prompt (see firstboot.h).
// Run by exlb-firstboot.service on the appliance's console before
// systemd-networkd starts; tests run it under a pseudo-terminal with
// --system-root and a stand-in --dhcp-client.
#include <unistd.h>

#include <charconv>
#include <iostream>
#include <string_view>

#include "firstboot.h"

namespace {

void usage(std::ostream& out) {
  out << "usage: exlb-firstboot [--system-root DIR] [--timeout SECONDS]\n"
         "                      [--dhcp-client PROGRAM] [--dhcp-arg ARG]... "
         "[--dhcp-timeout SECONDS]\n"
         "                      [--interface-match 'GLOB ...'] [--force]\n";
}

bool parseSeconds(std::string_view text, std::chrono::seconds& out) {
  long value = 0;
  const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < 1 || value > 3600) {
    return false;
  }
  out = std::chrono::seconds(value);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  exlb::firstboot::Options options;
  bool client_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "--help" || arg == "-h") {
      usage(std::cout);
      return 0;
    }
    if (arg == "--force") {
      options.force = true;
      continue;
    }
    if (!has_value) {
      std::cerr << "exlb-firstboot: unknown option or missing value: " << arg << "\n";
      usage(std::cerr);
      return 2;
    }
    const std::string_view value = argv[++i];
    bool ok = true;
    if (arg == "--system-root") {
      options.system_root = std::string(value);
    } else if (arg == "--timeout") {
      ok = parseSeconds(value, options.answer_timeout);
    } else if (arg == "--dhcp-timeout") {
      ok = parseSeconds(value, options.dhcp_timeout);
    } else if (arg == "--dhcp-client") {
      options.dhcp_client = {std::string(value)};
      client_given = true;
    } else if (arg == "--dhcp-arg") {
      ok = client_given;  // arguments follow the program they belong to
      options.dhcp_client.emplace_back(value);
    } else if (arg == "--interface-match") {
      options.interface_match = std::string(value);
    } else {
      ok = false;
    }
    if (!ok) {
      std::cerr << "exlb-firstboot: bad option " << arg << " " << value << "\n";
      usage(std::cerr);
      return 2;
    }
  }
  return exlb::firstboot::runFirstBoot(options, STDIN_FILENO, STDOUT_FILENO);
}
