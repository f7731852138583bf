#include "ha/notify_parser.h"

#include <algorithm>
#include <charconv>

namespace exlb::agent {

namespace {

bool nameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '-';
}

std::optional<VrrpNotifyState> stateOf(std::string_view word) {
  if (word == "MASTER") return VrrpNotifyState::Master;
  if (word == "BACKUP") return VrrpNotifyState::Backup;
  if (word == "FAULT") return VrrpNotifyState::Fault;
  if (word == "STOP") return VrrpNotifyState::Stop;
  if (word == "DELETED") return VrrpNotifyState::Deleted;
  return std::nullopt;
}

}  // namespace

std::optional<VrrpNotification> parseNotifyLine(std::string_view line) {
  constexpr std::string_view kPrefix = "INSTANCE \"";
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.substr(0, kPrefix.size()) != kPrefix) return std::nullopt;
  line.remove_prefix(kPrefix.size());
  const auto quote = line.find('"');
  if (quote == std::string_view::npos || quote == 0 || quote > 64) return std::nullopt;
  const std::string_view name = line.substr(0, quote);
  if (!std::all_of(name.begin(), name.end(), nameChar)) return std::nullopt;
  line.remove_prefix(quote + 1);
  if (line.empty() || line.front() != ' ') return std::nullopt;
  line.remove_prefix(1);
  const auto space = line.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const auto state = stateOf(line.substr(0, space));
  if (!state) return std::nullopt;
  const std::string_view prio = line.substr(space + 1);
  int value = -1;
  if (prio.empty() || prio.size() > 3) return std::nullopt;
  const auto [end, ec] = std::from_chars(prio.data(), prio.data() + prio.size(), value);
  if (ec != std::errc() || end != prio.data() + prio.size() || value < 0 || value > 255)
    return std::nullopt;
  return VrrpNotification{std::string(name), *state, value};
}

std::vector<std::string> NotifyLineSplitter::feed(std::string_view bytes) {
  std::vector<std::string> lines;
  while (!bytes.empty()) {
    const auto nl = bytes.find('\n');
    const std::string_view piece = bytes.substr(0, nl);
    if (!discarding_) {
      if (partial_.size() + piece.size() > maxLine_) {
        partial_.clear();
        discarding_ = true;
      } else {
        partial_.append(piece);
      }
    }
    if (nl == std::string_view::npos) break;
    if (!discarding_) lines.push_back(std::move(partial_));
    partial_.clear();
    discarding_ = false;
    bytes.remove_prefix(nl + 1);
  }
  return lines;
}

const char* notifyStateName(VrrpNotifyState state) {
  switch (state) {
    case VrrpNotifyState::Master: return "MASTER";
    case VrrpNotifyState::Backup: return "BACKUP";
    case VrrpNotifyState::Fault: return "FAULT";
    case VrrpNotifyState::Stop: return "STOP";
    case VrrpNotifyState::Deleted: return "DELETED";
  }
  return "?";
}

}  // namespace exlb::agent
