#include "setup/tls_secret_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <system_error>

namespace exlb::agent {

namespace {

std::string errnoText(const std::string& what, const std::filesystem::path& path) {
  return what + " " + path.string() + ": " + std::strerror(errno);
}

bool writeAll(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

bool ensureFolder(const std::filesystem::path& folder, std::string& error) {
  if (folder.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) {
    error = "cannot create folder " + folder.string() + ": " + ec.message();
    return false;
  }
  return true;
}

void syncFolder(const std::filesystem::path& folder) {
  const int fd = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;  // best effort: the rename already happened
  (void)::fsync(fd);
  ::close(fd);
}

}  // namespace

bool writeSecretFile(const std::filesystem::path& file, std::string_view content,
                     std::string& error) {
  const auto folder = file.parent_path();
  if (!ensureFolder(folder, error)) return false;
  std::string tmpl = (folder / ("." + file.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkostemp(tmpl.data(), O_CLOEXEC);  // mkstemp creates with 0600
  if (fd < 0) {
    error = errnoText("cannot create a temporary file next to", file);
    return false;
  }
  const bool ok = ::fchmod(fd, 0600) == 0 && writeAll(fd, content) && ::fsync(fd) == 0;
  if (!ok) error = errnoText("cannot write", tmpl);
  ::close(fd);
  if (ok && ::rename(tmpl.c_str(), file.c_str()) == 0) {
    syncFolder(folder);
    return true;
  }
  if (ok) error = errnoText("cannot rename into", file);
  ::unlink(tmpl.c_str());
  return false;
}

bool readWholeFile(const std::filesystem::path& file, std::string& content, std::string& error) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    error = "cannot open " + file.string();
    return false;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "cannot read " + file.string();
    return false;
  }
  content = std::move(buffer).str();
  return true;
}

}  // namespace exlb::agent
