#pragma once
// One logging format for the whole agent. Each module asks for its own named
// logger ("store", "haproxy", "api", ...) so every line says where it comes
// from; lines carry the object's identity in their text.
//
// Format: 2026-11-24T03:12:21.123Z info  [haproxy] message
//
// Audit lines (one per change a person makes) go through auditLogger(); they
// are written to <data-dir>/audit.log (rotated) as well as to stderr.

#include <filesystem>
#include <memory>
#include <string_view>

#include <spdlog/spdlog.h>

namespace exlb::agent {

// Sets the format and level of every logger, present and future.
// `level` is one of spdlog's names ("debug", "info", ...). Call once, early.
void initLogging(std::string_view level);

// The logger of one module, created on first use with the common sinks.
std::shared_ptr<spdlog::logger> moduleLogger(std::string_view module);

// Adds the rotated audit file under `dataDir` to the audit logger.
void openAuditLog(const std::filesystem::path& dataDir);

// The audit logger (module "audit"): stderr and, once opened, audit.log.
std::shared_ptr<spdlog::logger> auditLogger();

}  // namespace exlb::agent
