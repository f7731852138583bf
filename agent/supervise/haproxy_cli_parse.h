#pragma once
// Pure parsers for what HAProxy 2.6's CLIs (and `haproxy -c`) answer. No I/O: unit-tested with
// captured answers.

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exlb::agent {

// `show proc` on the master CLI.
struct ProcWorker {
  pid_t pid = 0;
  unsigned reloads = 0;  // 0: the current generation; >0: an older one, leaving
};
struct ProcTable {
  pid_t masterPid = 0;
  unsigned masterReloads = 0;  // reloads the master has done since it started
  unsigned failedReloads = 0;  // "[failed: N]": reloads whose new config did not load
  std::vector<ProcWorker> workers;
  // The worker of the newest generation, if one is running.
  std::optional<pid_t> currentWorker() const;
};
std::optional<ProcTable> parseShowProc(std::string_view text);

// `show stat` (CSV with its "# pxname,svname,..." header): one map per row,
// keyed by the header's column names.
using StatRow = std::map<std::string, std::string, std::less<>>;
std::vector<StatRow> parseShowStat(std::string_view text);

// `show info`: "Name: value" lines.
std::map<std::string, std::string, std::less<>> parseShowInfo(std::string_view text);

// `haproxy -c` output reduced to the sentences an administrator needs: the
// ALERT/EMERG lines without their "[ALERT]    (123) : " prefix, one per
// line. Output without such a line comes back whole (less trailing blanks).
std::string checkAlerts(const std::string& output);

}  // namespace exlb::agent
