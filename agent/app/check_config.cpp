#include "app/check_config.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <optional>
#include <ostream>

#include "exlb/common/config_json.h"
#include "exlb/common/syntax.h"

namespace exlb::agent {

namespace {

// Far above any real configuration (a few kB); keeps `--check-config /dev/zero`
// from eating the appliance's memory.
constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;

std::optional<std::string> readSmallFile(const std::string& path, std::string& why) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    why = "is a folder, not a configuration file";
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    why = std::string("cannot be read: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::string text(kMaxFileBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (in.bad()) {
    why = "cannot be read: an I/O error occurred";
    return std::nullopt;
  }
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxFileBytes) {
    why = "is larger than 16 MiB; a configuration is a few kilobytes of JSON";
    return std::nullopt;
  }
  return text;
}

}  // namespace

std::string formatProblem(const Problem& problem) {
  return std::string(problem.severity == Severity::Error ? "error: " : "warning: ") +
         problem.path + ": " + problem.message;
}

int checkConfigFile(const std::string& path, std::ostream& out, std::ostream& err) {
  const std::string shownPath = exlb::quoteValue(path);
  std::string why;
  const auto text = readSmallFile(path, why);
  if (!text) {
    err << "error: " << shownPath << " " << why << ".\n";
    return 1;
  }
  v1::ApplianceConfig config;
  std::string parseError;
  if (!configFromJson(*text, config, parseError)) {
    err << "error: " << shownPath << ": " << parseError << "\n";
    return 1;
  }
  const auto problems = validateConfig(config);
  std::size_t errors = 0;
  for (const auto& p : problems) {
    out << formatProblem(p) << "\n";
    if (p.severity == Severity::Error) ++errors;
  }
  out.flush();
  err << shownPath << ": " << errors << " error(s), " << problems.size() - errors
      << " warning(s).\n";
  return errors == 0 ? 0 : 1;
}

}  // namespace exlb::agent
