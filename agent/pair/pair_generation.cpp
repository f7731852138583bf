#include "pair/pair_generation.h"

#include <charconv>

#include "config/atomic_file.h"

namespace exlb::agent {

PairGeneration::PairGeneration(std::filesystem::path dataDir) : dataDir_(std::move(dataDir)) {}

bool PairGeneration::load(std::string& error) {
  std::string text;
  const auto status = readRegularFile(dataDir_ / kFileName, 64, text, error);
  if (status == ReadStatus::Missing) {
    current_ = 0;
    return true;
  }
  if (status != ReadStatus::Ok) return false;
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    error = (dataDir_ / kFileName).string() + " does not hold a generation number";
    return false;
  }
  current_ = value;
  return true;
}

void PairGeneration::markDamaged(std::string why) {
  damaged_ = true;
  damage_ = std::move(why);
  current_ = 0;
}

bool PairGeneration::advance(std::uint64_t generation, std::string& error) {
  if (generation <= current_ && !damaged_) return true;
  if (!writeFileAtomically(dataDir_, kFileName, std::to_string(generation) + "\n", error))
    return false;
  current_ = generation;
  damaged_ = false;
  damage_.clear();
  return true;
}

}  // namespace exlb::agent
