#include "log/log.h"

#include <mutex>

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

namespace exlb::agent {

namespace {

constexpr const char* kPattern = "%Y-%m-%dT%H:%M:%S.%eZ %-5l [%n] %v";
constexpr std::size_t kAuditFileBytes = 10 * 1024 * 1024;
constexpr std::size_t kAuditFiles = 5;

std::unique_ptr<spdlog::formatter> utcFormatter() {
  return std::make_unique<spdlog::pattern_formatter>(kPattern, spdlog::pattern_time_type::utc);
}

std::mutex& registryMutex() {
  static std::mutex m;
  return m;
}

std::shared_ptr<spdlog::sinks::sink> stderrSink() {
  static auto sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
  return sink;
}

}  // namespace

void initLogging(std::string_view level) {
  spdlog::set_pattern(kPattern, spdlog::pattern_time_type::utc);
  spdlog::set_level(spdlog::level::from_str(std::string(level)));
}

std::shared_ptr<spdlog::logger> moduleLogger(std::string_view module) {
  std::lock_guard lock(registryMutex());
  const std::string name(module);
  if (auto existing = spdlog::get(name)) return existing;
  auto logger = std::make_shared<spdlog::logger>(name, stderrSink());
  logger->set_formatter(utcFormatter());
  logger->set_level(spdlog::get_level());
  spdlog::register_logger(logger);
  return logger;
}

std::shared_ptr<spdlog::logger> auditLogger() { return moduleLogger("audit"); }

void openAuditLog(const std::filesystem::path& dataDir) {
  auto logger = auditLogger();
  auto file = std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
      (dataDir / "audit.log").string(), kAuditFileBytes, kAuditFiles);
  file->set_formatter(utcFormatter());
  std::lock_guard lock(registryMutex());
  logger->sinks().push_back(file);
  // Audit lines must reach the disk even if the agent dies right after.
  logger->flush_on(spdlog::level::trace);
}

}  // namespace exlb::agent
