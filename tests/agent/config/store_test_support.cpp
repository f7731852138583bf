#include "store_test_support.h"

#include <stdlib.h>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "exlb/common/defaults.h"

namespace exlb::agent::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string pattern = (fs::temp_directory_path() / "exlb-store-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ec;
  // Restore permissions that a test removed, so the folder can be deleted.
  for (auto it = fs::recursive_directory_iterator(path_, ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_symlink(ec)) fs::permissions(it->path(), fs::perms::owner_all, fs::perm_options::add, ec);
  }
  fs::remove_all(path_, ec);
}

std::string readText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeText(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::vector<std::string> listDir(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

v1::ApplianceConfig configNamed(const std::string& hostname) {
  auto config = defaultConfig();
  config.mutable_network()->set_hostname(hostname);
  return config;
}

StoreOptions fixedClockOptions(StartMode mode) {
  StoreOptions options;
  options.startMode = mode;
  auto t = std::make_shared<std::int64_t>(1795490541000);  // 2026-11-24T03:22:21Z
  options.clock = [t] { return *t += 1000; };
  return options;
}

}  // namespace exlb::agent::test
