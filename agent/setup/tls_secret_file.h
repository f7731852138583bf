#pragma once
// Writing secrets (private keys, password hashes) to disk: atomically, so a
// crash or power cut leaves the old file or the new one and never half of
// either, and readable by the agent's user only.

#include <filesystem>
#include <string>
#include <string_view>

namespace exlb::agent {

// Writes `content` to `file` through a temporary file in the same folder
// (mode 0600, fsync, rename, fsync of the folder). Creates missing parent
// folders with mode 0700. Returns false with a sentence in `error`.
bool writeSecretFile(const std::filesystem::path& file, std::string_view content,
                     std::string& error);

// Reads a whole file. Returns false with a sentence in `error`.
bool readWholeFile(const std::filesystem::path& file, std::string& content, std::string& error);

}  // namespace exlb::agent
