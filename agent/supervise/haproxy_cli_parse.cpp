#include "supervise/haproxy_cli_parse.h"

#include <charconv>
#include <regex>
#include <sstream>

namespace exlb::agent {

namespace {

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    lines.push_back(text.substr(0, nl));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return lines;
}

std::vector<std::string_view> splitWords(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

template <typename T>
bool toNumber(std::string_view s, T& out) {
  const auto* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, out);
  return ec == std::errc() && ptr == end;
}

}  // namespace

std::optional<pid_t> ProcTable::currentWorker() const {
  for (const auto& w : workers)
    if (w.reloads == 0) return w.pid;
  return std::nullopt;
}

std::optional<ProcTable> parseShowProc(std::string_view text) {
  // 2.6 prints:
  //   #<PID>  <type>  <reloads>  <uptime>  <version>
  //   16722   master  1 [failed: 0]  0d00h00m02s  2.6.12
  //   # workers
  //   16810   worker  0  0d00h00m01s  2.6.12
  //   # programs
  ProcTable table;
  bool sawMaster = false;
  for (auto line : splitLines(text)) {
    if (line.empty() || line[0] == '#') continue;
    const auto words = splitWords(line);
    if (words.size() < 3) continue;
    pid_t pid = 0;
    unsigned reloads = 0;
    if (!toNumber(words[0], pid) || !toNumber(words[2], reloads)) continue;
    if (words[1] == "master") {
      sawMaster = true;
      table.masterPid = pid;
      table.masterReloads = reloads;
      if (words.size() >= 5 && words[3] == "[failed:") {
        std::string_view n = words[4];
        if (!n.empty() && n.back() == ']') n.remove_suffix(1);
        toNumber(n, table.failedReloads);
      }
    } else if (words[1] == "worker") {
      table.workers.push_back({pid, reloads});
    }
  }
  if (!sawMaster) return std::nullopt;
  return table;
}

std::vector<StatRow> parseShowStat(std::string_view text) {
  std::vector<StatRow> rows;
  std::vector<std::string> columns;
  for (auto line : splitLines(text)) {
    if (line.empty()) continue;
    std::vector<std::string_view> fields;
    std::string_view rest = line;
    if (rest.rfind("# ", 0) == 0) rest.remove_prefix(2);
    while (true) {
      const auto comma = rest.find(',');
      fields.push_back(rest.substr(0, comma));
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
    if (line[0] == '#') {
      columns.assign(fields.begin(), fields.end());
      continue;
    }
    if (columns.empty()) continue;
    StatRow row;
    for (std::size_t i = 0; i < fields.size() && i < columns.size(); ++i)
      if (!columns[i].empty()) row.emplace(columns[i], std::string(fields[i]));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::map<std::string, std::string, std::less<>> parseShowInfo(std::string_view text) {
  std::map<std::string, std::string, std::less<>> info;
  for (auto line : splitLines(text)) {
    const auto colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    info.emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  return info;
}

std::string checkAlerts(const std::string& output) {
  static const std::regex prefix(R"(^\[(ALERT|EMERG)\]\s+\(\d+\)\s*:\s*)");
  std::istringstream in(output);
  std::string line;
  std::string result;
  while (std::getline(in, line)) {
    std::smatch m;
    if (!std::regex_search(line, m, prefix)) continue;
    if (!result.empty()) result += "\n";
    result += line.substr(static_cast<std::size_t>(m.length(0)));
  }
  if (result.empty()) result = output;
  while (!result.empty() && (result.back() == '\n' || result.back() == ' ')) result.pop_back();
  return result;
}

}  // namespace exlb::agent
