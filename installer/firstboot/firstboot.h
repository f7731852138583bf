#pragma once
// The first-boot network prompt of the guide's chapter 4.1: with no saved IP
// configuration, warn, ask "DHCP or static" for a few seconds, and configure
// the appliance's one NIC so its web interface can be reached.
//
// Outcomes, as in the guide:
// - static, committed with "y": saved (/etc/systemd/network, hostname), so
//   the prompt does not come back at the next boot;
// - DHCP (typed "D", Enter, or the question timed out): the lease is set as
//   a static address for this boot only (/run/systemd/network): the guide's
//   appliance performs no renew, and a reset brings the prompt back;
// - DHCP without a lease: 192.168.0.200/24, for this boot only too;
// - static refused at "Commit and save": nothing is written and the question
//   is asked again (and times out to DHCP if nobody is there).

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace exlb::firstboot {

struct Options {
  std::filesystem::path system_root = "/";
  std::chrono::seconds answer_timeout{10};   // the guide's 10 seconds
  std::vector<std::string> dhcp_client{"/usr/lib/exlb/exlb-dhcp-probe"};
  std::chrono::seconds dhcp_timeout{30};
  std::string interface_match = "en* eth*";  // see NetworkRenderOptions
  bool force = false;                        // ask even when a configuration is saved
};

// Runs the prompt on `in_fd` / `out_fd`. Returns the exit status: 0 when the
// appliance has an address (or already had a saved one), 1 when writing it
// failed.
int runFirstBoot(const Options& options, int in_fd, int out_fd);

}  // namespace exlb::firstboot
