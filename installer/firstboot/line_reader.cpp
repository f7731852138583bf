#include "line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>

namespace exlb::firstboot {

LineReader::Result LineReader::readLine(
    std::optional<std::chrono::steady_clock::time_point> deadline) {
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  for (;;) {
    if (const auto eol = buffer_.find('\n'); eol != std::string::npos) {
      std::string line = buffer_.substr(0, eol);
      buffer_.erase(0, eol + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return {Status::Line, std::move(line)};
    }
    if (closed_) return {Status::Closed, {}};
    int wait_ms = -1;
    if (deadline) {
      const auto left = duration_cast<milliseconds>(*deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return {Status::Timeout, {}};
      wait_ms = static_cast<int>(left.count());
    }
    pollfd p{fd_, POLLIN, 0};
    const int rc = ::poll(&p, 1, wait_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) {
      closed_ = true;
      continue;
    }
    if (rc == 0) continue;  // the deadline check above decides
    char chunk[256];
    const ssize_t n = ::read(fd_, chunk, sizeof chunk);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) {
      // End of input: a last line without Enter still counts.
      closed_ = true;
      if (!buffer_.empty()) buffer_ += '\n';
      continue;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

}  // namespace exlb::firstboot
