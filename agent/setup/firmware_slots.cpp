#include "setup/firmware_slots.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "config/atomic_file.h"
#include "log/log.h"

namespace exlb::agent {

namespace {

constexpr const char* kStateFile = "state";
constexpr const char* kPayloadFile = "payload.img";
constexpr const char* kManifestFile = "manifest.pb";
constexpr std::size_t kMaxSmallFile = 64 * 1024;

std::string otherSlot(const std::string& slot) { return slot == "a" ? "b" : "a"; }

bool validSlot(const std::string& s) { return s == "a" || s == "b"; }

// Copies `size` bytes of `from` at `offset` into `dir`/`name` through a
// temporary file, fsync'ed and renamed: the payload is either whole or absent.
bool copyRangeDurably(const std::filesystem::path& from, std::uint64_t offset, std::uint64_t size,
                      const std::filesystem::path& dir, const std::string& name,
                      std::string& error) {
  const auto temp = dir / (std::string(kTempPrefix) + name + std::string(kTempMarker) + "stage");
  {
    std::ifstream in(from, std::ios::binary);
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!in || !out) {
      error = "cannot open " + temp.string() + " for the firmware payload";
      return false;
    }
    in.seekg(static_cast<std::streamoff>(offset));
    std::vector<char> buf(1 << 16);
    std::uint64_t left = size;
    while (left > 0) {
      const auto want = static_cast<std::streamsize>(std::min<std::uint64_t>(left, buf.size()));
      in.read(buf.data(), want);
      if (in.gcount() != want) {
        error = "the firmware file changed while it was being installed";
        return false;
      }
      out.write(buf.data(), want);
      left -= static_cast<std::uint64_t>(want);
    }
    out.flush();
    if (!out) {
      error = "cannot write the firmware payload (disk full?)";
      return false;
    }
  }
  const int fd = ::open(temp.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced) {
    error = "cannot sync the firmware payload to disk";
    return false;
  }
  std::error_code ec;
  std::filesystem::rename(temp, dir / name, ec);
  if (ec) {
    error = "cannot put the firmware payload in place: " + ec.message();
    return false;
  }
  return syncDir(dir, error);
}

}  // namespace

FirmwareSlots::FirmwareSlots(std::filesystem::path systemRoot)
    : dir_(std::move(systemRoot) / "boot" / "exlb") {}

std::filesystem::path FirmwareSlots::slotDir(const std::string& slot) const {
  return dir_ / ("slot-" + slot);
}

FirmwareSlots::State FirmwareSlots::readState() const {
  State state;
  std::string text, error;
  if (readRegularFile(dir_ / kStateFile, kMaxSmallFile, text, error) != ReadStatus::Ok)
    return state;  // factory: slot a, nothing pending
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "active" && validSlot(value)) state.active = value;
    if (key == "pending" && validSlot(value)) state.pending = value;
    if (key == "booted" && validSlot(value)) state.booted = value;
    if (key == "attempts") state.attempts = static_cast<std::uint32_t>(std::stoul("0" + value));
  }
  if (state.pending == state.active) state.pending.clear();
  return state;
}

bool FirmwareSlots::writeState(const State& state, std::string& error) const {
  std::ostringstream text;
  text << "active=" << state.active << "\npending=" << state.pending << "\nbooted="
       << state.booted << "\nattempts=" << state.attempts << "\n";
  return writeFileAtomically(dir_, kStateFile, text.str(), error);
}

v1::FirmwareSlotInfo FirmwareSlots::slotInfo(const std::string& slot) const {
  v1::FirmwareSlotInfo info;
  info.set_slot(slot);
  std::string bytes, error;
  if (readRegularFile(slotDir(slot) / kManifestFile, kMaxSmallFile, bytes, error) !=
          ReadStatus::Ok ||
      !info.mutable_manifest()->ParseFromString(bytes)) {
    info.clear_manifest();
    return info;
  }
  const auto digest =
      sha256OfRange(slotDir(slot) / kPayloadFile, 0, info.manifest().payload_size());
  std::error_code ec;
  const auto size = std::filesystem::file_size(slotDir(slot) / kPayloadFile, ec);
  info.set_complete(!ec && size == info.manifest().payload_size() && digest &&
                    *digest == info.manifest().payload_sha256());
  return info;
}

std::uint64_t FirmwareSlots::activeRevision() const {
  const auto info = slotInfo(readState().active);
  return info.complete() ? info.manifest().revision() : 0;
}

bool FirmwareSlots::stage(const std::filesystem::path& bundle, VerifyOptions options,
                          std::string& error) {
  options.current_revision = activeRevision();
  const auto layout = verifyFirmwareBundle(bundle, options, error);
  if (!layout) return false;

  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  State state = readState();
  const std::string target = otherSlot(state.active);
  if (state.booted == target) {
    error = "the appliance is running the new firmware in slot " + target +
            " without having confirmed it; reboot (or wait for the confirmation) before "
            "installing another update";
    return false;
  }
  // 1. The target stops being pending before it is touched.
  state.pending.clear();
  state.attempts = 0;
  if (!writeState(state, error)) return false;
  // 2. The slot loses its manifest first: a half-written slot is never "complete".
  std::filesystem::create_directories(slotDir(target), ec);
  std::filesystem::remove(slotDir(target) / kManifestFile, ec);
  if (!syncDir(slotDir(target), error)) return false;
  // 3. Payload, durable, then the manifest that vouches for it.
  if (!copyRangeDurably(bundle, layout->payload_offset, layout->manifest.payload_size(),
                        slotDir(target), kPayloadFile, error))
    return false;
  if (!writeFileAtomically(slotDir(target), kManifestFile, layout->manifest.SerializeAsString(),
                           error))
    return false;
  // 4. Only now does the next boot try it.
  state.pending = target;
  if (!writeState(state, error)) return false;
  moduleLogger("firmware")->info("staged firmware {} (revision {}) in slot {}; reboot to use it",
                                 layout->manifest.version(), layout->manifest.revision(), target);
  return true;
}

std::string FirmwareSlots::selectBootSlot() {
  State state = readState();
  std::string error;
  if (!state.pending.empty() && state.attempts < kMaxBootAttempts &&
      slotInfo(state.pending).complete()) {
    ++state.attempts;
    state.booted = state.pending;
  } else {
    if (!state.pending.empty())
      moduleLogger("firmware")->warn(
          "slot {} did not confirm a healthy boot: rolling back to slot {}", state.pending,
          state.active);
    state.pending.clear();
    state.attempts = 0;
    state.booted = state.active;
  }
  if (!writeState(state, error)) moduleLogger("firmware")->error("boot state: {}", error);
  return state.booted;
}

bool FirmwareSlots::confirmBoot(std::string& error) {
  State state = readState();
  if (state.pending.empty() || state.booted != state.pending) return true;  // nothing to confirm
  state.active = state.pending;
  state.pending.clear();
  state.attempts = 0;
  if (!writeState(state, error)) return false;
  moduleLogger("firmware")->info("slot {} confirmed healthy and is now the active slot",
                                 state.active);
  return true;
}

v1::FirmwareStatus FirmwareSlots::status() const {
  const State state = readState();
  v1::FirmwareStatus s;
  s.set_active_slot(state.active);
  s.set_pending_slot(state.pending);
  s.set_booted_slot(state.booted);
  s.set_boot_attempts(state.attempts);
  *s.add_slots() = slotInfo("a");
  *s.add_slots() = slotInfo("b");
  return s;
}

}  // namespace exlb::agent
