#pragma once
// keepalived's notify_fifo lines, parsed. keepalived writes one line per
// state change, in order:
//
//   INSTANCE "exlb_vip" MASTER 150
//   INSTANCE "exlb_vip" BACKUP 100
//   INSTANCE "exlb_vip" FAULT 0
//   INSTANCE "exlb_vip" STOP 0
//
// (GROUP lines and, in other setups, virtual server lines also appear; they
// are not ours and are skipped). The fifo is a trust boundary of sorts: a
// line that does not have exactly this shape is refused, never guessed at.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exlb::agent {

enum class VrrpNotifyState { Master, Backup, Fault, Stop, Deleted };

struct VrrpNotification {
  std::string instance;
  VrrpNotifyState state = VrrpNotifyState::Backup;
  int priority = 0;
};

// One line without its newline. Nothing for anything but a well-formed
// INSTANCE line (instance name [A-Za-z0-9_.-]{1,64}, priority 0..255).
std::optional<VrrpNotification> parseNotifyLine(std::string_view line);

// Splits the fifo's byte stream into lines. A line longer than `maxLine` is
// dropped whole (up to its newline), so a hostile writer cannot make the
// agent hold unbounded memory.
class NotifyLineSplitter {
 public:
  explicit NotifyLineSplitter(std::size_t maxLine = 512) : maxLine_(maxLine) {}
  // Returns the complete lines in `bytes` (with what was held before).
  std::vector<std::string> feed(std::string_view bytes);

 private:
  std::size_t maxLine_;
  std::string partial_;
  bool discarding_ = false;
};

const char* notifyStateName(VrrpNotifyState state);

}  // namespace exlb::agent
