#include "supervise/run_dir_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace exlb::agent {

namespace fs = std::filesystem;

bool writeRunFile(const fs::path& target, const std::string& content, std::string& error) {
  const fs::path tmp = target.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
    return false;
  }
  // A temporary file left behind by a crash keeps its mode through O_CREAT:
  // set it, since some run files hold secrets (the TLS ticket keys).
  if (::fchmod(fd, 0600) != 0) {
    error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
    ::close(fd);
    return false;
  }
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
      ::close(fd);
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) {
    error = "cannot write " + tmp.string() + ": " + std::strerror(errno);
    return false;
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    error = "cannot rename " + tmp.string() + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

bool copyRunFile(const fs::path& from, const fs::path& to, std::string& error) {
  std::ifstream in(from, std::ios::binary);
  if (!in) {
    error = "cannot read " + from.string();
    return false;
  }
  std::ostringstream content;
  content << in.rdbuf();
  return writeRunFile(to, content.str(), error);
}

}  // namespace exlb::agent
