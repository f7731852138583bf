#pragma once
// Helpers for the store's tests: a temporary data folder and small file tools.

#include <cstdint>
#include <filesystem>
#include <string>

#include "config/config_store.h"

namespace exlb::agent::test {

// A fresh folder under the system's temporary folder, removed at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

std::string readText(const std::filesystem::path& path);
void writeText(const std::filesystem::path& path, const std::string& text);
// Names of the entries of a folder, sorted ("" if it does not exist).
std::vector<std::string> listDir(const std::filesystem::path& dir);

// The factory configuration with a different host name: a distinct version.
v1::ApplianceConfig configNamed(const std::string& hostname);

// Options with a clock that advances one second per call from 2026-11-24.
StoreOptions fixedClockOptions(StartMode mode = StartMode::Resume);

}  // namespace exlb::agent::test
