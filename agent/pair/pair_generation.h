#pragma once
// The pair generation of this node: a number that grows with every pair-wide
// change and is persisted atomically (<data-dir>/pair-generation), so a node
// can refuse a change that is not newer than what it runs (a replayed or
// delayed older configuration), across agent restarts too.

#include <cstdint>
#include <filesystem>
#include <string>

namespace exlb::agent {

class PairGeneration {
 public:
  explicit PairGeneration(std::filesystem::path dataDir);

  // Reads the file; a missing file is generation 0. A damaged file is an
  // error (the node must not silently go back to 0 and accept replays).
  bool load(std::string& error);
  // After a failed load(): the generation is unknown. No change is accepted
  // on generation alone (accepts() is false) until advance() writes a new
  // one, which an administrator's sync does (docs/ha-pair.md).
  void markDamaged(std::string why);
  bool damaged() const { return damaged_; }
  const std::string& damage() const { return damage_; }
  std::uint64_t current() const { return current_; }
  // A change carrying `generation` may be applied: it is newer.
  bool accepts(std::uint64_t generation) const { return !damaged_ && generation > current_; }
  // Persists `generation` when it is newer than the current one (never goes
  // back), or whatever it is when the file was damaged. False with `error`
  // when the file cannot be written.
  bool advance(std::uint64_t generation, std::string& error);

  static constexpr const char* kFileName = "pair-generation";

 private:
  std::filesystem::path dataDir_;
  std::uint64_t current_ = 0;
  bool damaged_ = false;
  std::string damage_;
};

}  // namespace exlb::agent
