#include "api/audit_trail.h"

#include <google/protobuf/util/message_differencer.h>

#include <deque>
#include <fstream>

#include "log/log.h"

namespace exlb::agent {

namespace {

// Only the tail of each file is read: enough for any sensible `limit`, and
// bounded work whatever the size of the file.
constexpr std::streamoff kTailBytes = 2 * 1024 * 1024;
constexpr int kRotations = 5;

bool needsQuotes(std::string_view value) {
  if (value.empty()) return true;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7f || c == '"' || c == '=' || c == '\\') return true;
  }
  return false;
}

void readTail(const std::filesystem::path& file, std::deque<std::string>& lines,
              std::size_t limit) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  const bool partial = size > kTailBytes;
  in.seekg(partial ? size - kTailBytes : 0);
  std::string line;
  if (partial) std::getline(in, line);  // drop the cut first line
  std::deque<std::string> fileLines;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    fileLines.push_back(std::move(line));
    if (fileLines.size() > limit) fileLines.pop_front();
  }
  lines.insert(lines.begin(), fileLines.begin(), fileLines.end());
}

// Reads one token starting at `pos` (quoted or not) and unescapes it.
std::string readValue(std::string_view line, std::size_t& pos) {
  std::string out;
  if (pos >= line.size() || line[pos] != '"') {
    const auto end = std::min(line.find(' ', pos), line.size());
    out = std::string(line.substr(pos, end - pos));
    pos = end;
    return out;
  }
  ++pos;
  auto hex = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  while (pos < line.size() && line[pos] != '"') {
    if (line[pos] == '\\' && pos + 3 < line.size() && line[pos + 1] == 'x' &&
        hex(line[pos + 2]) >= 0 && hex(line[pos + 3]) >= 0) {
      out.push_back(static_cast<char>(hex(line[pos + 2]) * 16 + hex(line[pos + 3])));
      pos += 4;
      continue;
    }
    if (line[pos] == '\\' && pos + 1 < line.size()) ++pos;
    out.push_back(line[pos++]);
  }
  ++pos;
  return out;
}

}  // namespace

std::string auditValue(std::string_view value) {
  if (!needsQuotes(value)) return std::string(value);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u >= 0x7f) {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

AuditTrail::AuditTrail(std::filesystem::path dataDir) : data_dir_(std::move(dataDir)) {}

void AuditTrail::record(const Actor& actor, std::string_view action,
                        const AuditFields& fields) const {
  std::string line = "user=" + auditValue(actor.user) + " address=" + auditValue(actor.address) +
                     " action=" + auditValue(action);
  for (const auto& [key, value] : fields) line += " " + key + "=" + auditValue(value);
  auditLogger()->info("{}", line);
}

v1::AuditLogResponse AuditTrail::read(std::size_t limit) const {
  std::deque<std::string> lines;
  readTail(data_dir_ / "audit.log", lines, limit + 1);
  for (int i = 1; i <= kRotations && lines.size() <= limit; ++i) {
    readTail(data_dir_ / ("audit." + std::to_string(i) + ".log"), lines, limit + 1);
  }
  v1::AuditLogResponse response;
  response.set_truncated(lines.size() > limit);
  while (lines.size() > limit) lines.pop_front();
  for (const auto& line : lines) *response.add_entries() = parseAuditLine(line);
  return response;
}

v1::AuditEntry parseAuditLine(std::string_view line) {
  v1::AuditEntry entry;
  entry.set_line(std::string(line));
  entry.set_time(std::string(line.substr(0, line.find(' '))));
  const auto marker = line.find("[audit] ");
  if (marker == std::string_view::npos) return entry;
  std::size_t pos = marker + 8;
  std::string detail;
  while (pos < line.size()) {
    const auto eq = line.find('=', pos);
    if (eq == std::string_view::npos) break;
    const std::string key(line.substr(pos, eq - pos));
    const std::size_t valueStart = eq + 1;
    pos = valueStart;
    const std::string value = readValue(line, pos);
    if (key == "user") entry.set_user(value);
    else if (key == "address") entry.set_address(value);
    else if (key == "action") entry.set_action(value);
    else detail += (detail.empty() ? "" : " ") + key + "=" + std::string(line.substr(valueStart, pos - valueStart));
    while (pos < line.size() && line[pos] == ' ') ++pos;
  }
  entry.set_detail(detail);
  return entry;
}

std::string changedAreas(const v1::ApplianceConfig& before, const v1::ApplianceConfig& after) {
  const auto* descriptor = v1::ApplianceConfig::descriptor();
  std::string areas;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* field = descriptor->field(i);
    google::protobuf::util::MessageDifferencer differ;
    std::vector<const google::protobuf::FieldDescriptor*> only{field};
    if (differ.CompareWithFields(before, after, only, only)) continue;
    areas += (areas.empty() ? "" : ",") + field->name();
  }
  return areas.empty() ? "none" : areas;
}

}  // namespace exlb::agent
