#include "config/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace exlb::agent {

namespace {

std::string errnoText(int err) { return std::generic_category().message(err); }

// Closes a file descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() { reset(); }
  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  // Closes now and reports close()'s own error (it can report a failed
  // write-back on some file systems).
  int reset() {
    int rc = 0;
    if (fd_ >= 0) rc = ::close(fd_);
    fd_ = -1;
    return rc;
  }

 private:
  int fd_;
};

std::string tempNameFor(const std::string& name) {
  static std::atomic<unsigned> counter{0};
  return std::string(kTempPrefix) + name + std::string(kTempMarker) + std::to_string(::getpid()) +
         "-" + std::to_string(counter.fetch_add(1));
}

bool writeAll(int fd, std::string_view content, std::string& error) {
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "write failed: " + errnoText(errno);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

bool syncDir(const std::filesystem::path& dir, std::string& error) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd.valid()) {
    error = "cannot open folder " + dir.string() + ": " + errnoText(errno);
    return false;
  }
  if (::fsync(fd.get()) != 0) {
    error = "fsync of folder " + dir.string() + " failed: " + errnoText(errno);
    return false;
  }
  return true;
}

bool writeFileAtomically(const std::filesystem::path& dir, const std::string& name,
                         std::string_view content, std::string& error) {
  if (name.empty() || name.find('/') != std::string::npos) {
    error = "invalid file name '" + name + "'";
    return false;
  }
  Fd dirFd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dirFd.valid()) {
    error = "cannot open folder " + dir.string() + ": " + errnoText(errno);
    return false;
  }
  const std::string temp = tempNameFor(name);
  Fd fd(::openat(dirFd.get(), temp.c_str(),
                 O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd.valid()) {
    error = "cannot create " + (dir / temp).string() + ": " + errnoText(errno);
    return false;
  }
  auto fail = [&](std::string why) {
    fd.reset();
    ::unlinkat(dirFd.get(), temp.c_str(), 0);
    error = std::move(why);
    return false;
  };
  std::string why;
  if (!writeAll(fd.get(), content, why)) return fail(why + " (" + (dir / name).string() + ")");
  if (::fsync(fd.get()) != 0) return fail("fsync of " + (dir / name).string() + " failed: " +
                                          errnoText(errno));
  if (fd.reset() != 0) return fail("close of " + (dir / name).string() + " failed: " +
                                   errnoText(errno));
  if (::renameat(dirFd.get(), temp.c_str(), dirFd.get(), name.c_str()) != 0) {
    return fail("cannot rename into " + (dir / name).string() + ": " + errnoText(errno));
  }
  if (::fsync(dirFd.get()) != 0) {
    // The new file is in place; only its durability across a power cut is in
    // doubt. Report it: the caller must not claim the write is safe.
    error = "fsync of folder " + dir.string() + " failed: " + errnoText(errno);
    return false;
  }
  return true;
}

ReadStatus readRegularFile(const std::filesystem::path& path, std::size_t maxBytes,
                           std::string& out, std::string& error) {
  out.clear();
  // O_NONBLOCK: a fifo planted in place of the file must not block the agent.
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK));
  if (!fd.valid()) {
    const int err = errno;
    if (err == ENOENT) return ReadStatus::Missing;
    if (err == ELOOP) {
      error = "is a symbolic link (never followed)";
    } else {
      error = "cannot be opened: " + errnoText(err);
    }
    return ReadStatus::Refused;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    error = "cannot be examined: " + errnoText(errno);
    return ReadStatus::Refused;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "is not a regular file";
    return ReadStatus::Refused;
  }
  if (static_cast<std::uint64_t>(st.st_size) > maxBytes) {
    error = "is too large (" + std::to_string(st.st_size) + " bytes, at most " +
            std::to_string(maxBytes) + ")";
    return ReadStatus::Refused;
  }
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot be read: " + errnoText(errno);
      return ReadStatus::Refused;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > maxBytes) {
      error = "is too large (more than " + std::to_string(maxBytes) + " bytes)";
      return ReadStatus::Refused;
    }
  }
  return ReadStatus::Ok;
}

bool ensurePrivateDir(const std::filesystem::path& path, bool& planted, std::string& error) {
  planted = false;
  if (::mkdir(path.c_str(), 0700) == 0) return true;
  if (errno != EEXIST) {
    error = "cannot create folder " + path.string() + ": " + errnoText(errno);
    return false;
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    error = "cannot examine " + path.string() + ": " + errnoText(errno);
    return false;
  }
  if (!S_ISDIR(st.st_mode)) {
    planted = true;
    error = path.string() + " is not a folder (a symlink or file is in its place)";
    return false;
  }
  return true;
}

int removeStaleTempFiles(const std::filesystem::path& dir) {
  int removed = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.starts_with(kTempPrefix) && name.find(kTempMarker) != std::string::npos) {
      // remove() unlinks a symlink itself, never its target.
      if (std::filesystem::remove(entry.path(), ec)) ++removed;
    }
  }
  return removed;
}

}  // namespace exlb::agent
