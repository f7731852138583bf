#pragma once
// Crash-safe file primitives for the agent's data directory.
//
// A write either leaves the old file or the new one, never a mixture: the
// content goes to a fresh temporary file in the same folder (created with
// O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600, so a planted file or symlink is never
// written through), is fsync'ed, renamed over the target (rename replaces a
// symlink itself, it does not follow it) and the folder is fsync'ed so the
// rename survives a power cut.
//
// Reads refuse anything that is not a regular file (symlink, folder, fifo,
// device), so a planted link cannot make the agent read or trust another file.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace exlb::agent {

// Every temporary file name starts with this prefix and contains kTempMarker,
// so leftovers of a crash can be recognised and removed at start.
inline constexpr std::string_view kTempPrefix = ".";
inline constexpr std::string_view kTempMarker = ".tmp-";

// Writes `content` to `dir`/`name` atomically (see above). `name` is a plain
// file name (no '/'). Returns false and sets `error` on failure; the previous
// file, if any, is then untouched and no temporary file is left behind.
bool writeFileAtomically(const std::filesystem::path& dir, const std::string& name,
                         std::string_view content, std::string& error);

enum class ReadStatus {
  Ok,
  Missing,   // no such file: not damage
  Refused,   // exists but is not a readable regular file, or is too large
};

// Reads `path` whole into `out` without following a final symlink. Files
// larger than `maxBytes` are refused (a damaged or planted file must not
// exhaust memory).
ReadStatus readRegularFile(const std::filesystem::path& path, std::size_t maxBytes,
                           std::string& out, std::string& error);

// Makes sure `path` is a real folder (mode 0700), creating it when
// missing. A symlink or a file planted in its place is NOT followed: it is
// reported through `planted` (true) so the caller can move it aside first.
bool ensurePrivateDir(const std::filesystem::path& path, bool& planted, std::string& error);

// Removes leftovers of interrupted atomic writes in `dir` (files whose name
// starts with kTempPrefix and contains kTempMarker). Returns how many.
int removeStaleTempFiles(const std::filesystem::path& dir);

// fsync of a folder, so renames and removals in it are durable.
bool syncDir(const std::filesystem::path& dir, std::string& error);

}  // namespace exlb::agent
