#include "setup/network_writer.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <optional>

namespace exlb::agent {

namespace {

namespace fs = std::filesystem;

std::string systemError(const std::string& what, const fs::path& path, int error) {
  return what + " " + path.string() + ": " + std::strerror(error);
}

// The path of `absolute` below `root`; refuses relative paths and "..".
std::optional<fs::path> underRoot(const fs::path& root, const std::string& absolute) {
  const fs::path p(absolute);
  if (!p.is_absolute()) return std::nullopt;
  for (const auto& part : p.relative_path()) {
    if (part == "..") return std::nullopt;
  }
  return root / p.relative_path();
}

// Creates the folders from `root` down to `dir`, refusing any component that
// is not a real folder (a symbolic link included). The root itself may be a
// link (e.g. /tmp on some systems): it is the caller's choice.
std::string ensureFolders(const fs::path& root, const fs::path& dir) {
  fs::path current = root;
  for (const auto& part : dir.lexically_relative(root)) {
    if (part == ".") continue;
    current /= part;
    struct stat st {};
    if (::lstat(current.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return "refusing " + current.string() + ": not a real folder";
      continue;
    }
    if (errno != ENOENT) return systemError("cannot inspect", current, errno);
    if (::mkdir(current.c_str(), 0755) != 0 && errno != EEXIST) {
      return systemError("cannot create", current, errno);
    }
  }
  return {};
}

std::string fsyncFolder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return systemError("cannot open", dir, errno);
  const int rc = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  return rc == 0 ? std::string() : systemError("cannot sync", dir, error);
}

std::string writeTemporary(const fs::path& temp, const RenderedFile& file) {
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return systemError("cannot create", temp, errno);
  std::string error;
  const char* data = file.content.data();
  std::size_t left = file.content.size();
  while (left > 0 && error.empty()) {
    const ssize_t n = ::write(fd, data, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = systemError("cannot write", temp, errno);
    } else {
      data += n;
      left -= static_cast<std::size_t>(n);
    }
  }
  // fchmod, not the open mode: the umask must not change what the OS reads.
  if (error.empty() && ::fchmod(fd, static_cast<mode_t>(file.mode)) != 0) {
    error = systemError("cannot set the mode of", temp, errno);
  }
  if (error.empty() && ::fsync(fd) != 0) error = systemError("cannot sync", temp, errno);
  if (::close(fd) != 0 && error.empty()) error = systemError("cannot close", temp, errno);
  if (!error.empty()) ::unlink(temp.c_str());
  return error;
}

enum class Folder { Real, Missing, NotReal };

// Whether every folder from `root` down to `dir` exists as a real folder.
Folder inspectFolders(const fs::path& root, const fs::path& dir) {
  fs::path current = root;
  for (const auto& part : dir.lexically_relative(root)) {
    if (part == ".") continue;
    current /= part;
    struct stat st {};
    if (::lstat(current.c_str(), &st) != 0) return Folder::Missing;
    if (!S_ISDIR(st.st_mode)) return Folder::NotReal;
  }
  return Folder::Real;
}

struct Staged {
  fs::path temp;
  fs::path target;
};

void discard(const std::vector<Staged>& staged) {
  for (const auto& s : staged) ::unlink(s.temp.c_str());
}

}  // namespace

std::string writeSystemFiles(const fs::path& system_root, const std::vector<RenderedFile>& files,
                             const std::vector<std::string>& obsolete) {
  std::vector<Staged> staged;
  for (const auto& file : files) {
    const auto target = underRoot(system_root, file.path);
    if (!target) {
      discard(staged);
      return "refusing " + file.path + ": not an absolute path inside the system root";
    }
    if (std::string e = ensureFolders(system_root, target->parent_path()); !e.empty()) {
      discard(staged);
      return e;
    }
    fs::path temp = *target;
    temp += ".exlb-new." + std::to_string(::getpid());
    ::unlink(temp.c_str());  // a leftover of a crashed run with the same pid
    if (std::string e = writeTemporary(temp, file); !e.empty()) {
      discard(staged);
      return e;
    }
    staged.push_back({temp, *target});
  }
  // rename() replaces a planted symbolic link itself, never its target.
  for (std::size_t i = 0; i < staged.size(); ++i) {
    if (::rename(staged[i].temp.c_str(), staged[i].target.c_str()) != 0) {
      const std::string e = systemError("cannot replace", staged[i].target, errno);
      discard({staged.begin() + static_cast<std::ptrdiff_t>(i), staged.end()});
      return e;
    }
  }
  std::vector<fs::path> folders;
  for (const auto& st : staged) folders.push_back(st.target.parent_path());
  for (const auto& path : obsolete) {
    const auto target = underRoot(system_root, path);
    if (!target) return "refusing " + path + ": not an absolute path inside the system root";
    const Folder folder = inspectFolders(system_root, target->parent_path());
    if (folder == Folder::Missing) continue;  // nothing to remove
    if (folder == Folder::NotReal) return "refusing " + path + ": a folder on its way is not real";
    if (::unlink(target->c_str()) != 0) {
      if (errno == ENOENT) continue;
      return systemError("cannot remove", *target, errno);
    }
    folders.push_back(target->parent_path());
  }
  // Make the renames and removals durable.
  std::sort(folders.begin(), folders.end());
  folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
  for (const auto& dir : folders) {
    if (std::string e = fsyncFolder(dir); !e.empty()) return e;
  }
  return {};
}

std::string writeNetworkRendering(const fs::path& system_root, const NetworkRendering& rendering) {
  if (!rendering.ok()) return rendering.error;
  return writeSystemFiles(system_root, rendering.files, rendering.obsolete);
}

}  // namespace exlb::agent
