#pragma once
// A/B firmware slots under the system root (guide 7.3: update, then reboot).
//
//   <root>/boot/exlb/slot-a/{payload.img, manifest.pb}
//   <root>/boot/exlb/slot-b/{payload.img, manifest.pb}
//   <root>/boot/exlb/state          active=a pending=b booted=a attempts=0
//
// Staging writes only the inactive slot, and in an order that keeps a
// bootable, confirmed slot at every instant: the pending mark is cleared
// before the slot is touched, the payload is written and synced before the
// manifest, and the slot becomes pending last. A crash anywhere leaves the
// active slot as it was. At boot, selectBootSlot() (the boot loader's part)
// boots a pending slot once; the agent confirms it when healthy; a pending
// slot that booted without confirming is abandoned at the next boot.

#include <cstdint>
#include <filesystem>
#include <string>

#include "exlb/v1/firmware.pb.h"
#include "setup/firmware_bundle.h"

namespace exlb::agent {

class FirmwareSlots {
 public:
  explicit FirmwareSlots(std::filesystem::path systemRoot);

  // Verifies `bundle` completely, then installs it into the inactive slot and
  // marks it pending. Nothing is written unless verification passed.
  // `options.current_revision` is filled in from the active slot.
  bool stage(const std::filesystem::path& bundle, VerifyOptions options, std::string& error);

  // The boot loader's decision at (simulated) boot: returns the slot to boot
  // and records it. Boots a pending slot at most kMaxBootAttempts times
  // without a confirmation, then rolls back to the active slot.
  std::string selectBootSlot();

  // Called by the agent once the booted slot is healthy: a booted pending
  // slot becomes the active one.
  bool confirmBoot(std::string& error);

  v1::FirmwareStatus status() const;

  // Revision of the active slot (0 for a factory install without a slot).
  std::uint64_t activeRevision() const;

  static constexpr std::uint32_t kMaxBootAttempts = 1;

 private:
  struct State {
    std::string active = "a";
    std::string pending;
    std::string booted = "a";
    std::uint32_t attempts = 0;
  };
  State readState() const;
  bool writeState(const State& state, std::string& error) const;
  std::filesystem::path slotDir(const std::string& slot) const;
  v1::FirmwareSlotInfo slotInfo(const std::string& slot) const;

  std::filesystem::path dir_;
};

}  // namespace exlb::agent
