#include "setup/tls_secret_file.h"

#include <system_error>

#include "config/atomic_file.h"

namespace exlb::agent {

namespace {
// Secrets here are PEM files and account lists: a few KiB. Anything larger
// is not ours and is refused rather than read into memory.
constexpr std::size_t kMaxSecretFileBytes = 16 * 1024 * 1024;
}  // namespace

// Both functions are the secret-file face of config/atomic_file: one
// implementation of atomic, no-symlink-following file access for the agent.
bool writeSecretFile(const std::filesystem::path& file, std::string_view content,
                     std::string& error) {
  const auto folder = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
  std::error_code ec;
  const bool created = std::filesystem::create_directories(folder, ec);
  if (!ec && created)
    std::filesystem::permissions(folder, std::filesystem::perms::owner_all, ec);
  if (ec) {
    error = "cannot create folder " + folder.string() + ": " + ec.message();
    return false;
  }
  return writeFileAtomically(folder, file.filename().string(), content, error);
}

bool readWholeFile(const std::filesystem::path& file, std::string& content, std::string& error) {
  std::string why;
  switch (readRegularFile(file, kMaxSecretFileBytes, content, why)) {
    case ReadStatus::Ok:
      return true;
    case ReadStatus::Missing:
      error = "cannot open " + file.string() + ": no such file";
      return false;
    case ReadStatus::Refused:
      error = file.string() + " " + why;
      return false;
  }
  return false;
}

}  // namespace exlb::agent
