#pragma once
// Reads answers from the console one line at a time, with an optional
// deadline: the guide's "10sec (D/s)?" question must give up by itself.

#include <chrono>
#include <optional>
#include <string>

namespace exlb::firstboot {

class LineReader {
 public:
  explicit LineReader(int fd) : fd_(fd) {}

  enum class Status { Line, Timeout, Closed };
  struct Result {
    Status status = Status::Closed;
    std::string line;  // without the end of line; set when status == Line
  };

  // Waits for a whole line until `deadline` (none: wait for ever). Bytes typed
  // before the deadline but not ended by Enter stay buffered.
  Result readLine(std::optional<std::chrono::steady_clock::time_point> deadline = std::nullopt);

 private:
  int fd_;
  std::string buffer_;
  bool closed_ = false;
};

}  // namespace exlb::firstboot
