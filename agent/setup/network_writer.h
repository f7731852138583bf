#pragma once
// Writes rendered system files (network_render.h) under a system root: "/" on
// the appliance, a temporary folder in tests and in the image recipe.

#include <filesystem>
#include <string>
#include <vector>

#include "setup/network_render.h"

namespace exlb::agent {

// Writes every file of `files` under `system_root` (a file's absolute path is
// taken relative to the root), then removes the `obsolete` ones.
//
// Each file is written atomically: a temporary file beside it, fsync, rename,
// fsync of the folder, so a power cut leaves the old or the new file, never a
// torn one. All temporary files are written before the first rename, so a
// failure while writing changes nothing. Missing folders are created (0755).
// A symbolic link anywhere below the root (a planted
// /etc/systemd/network -> /somewhere) is refused, never followed.
//
// Returns an empty string on success, else a sentence naming the path and
// the system error.
std::string writeSystemFiles(const std::filesystem::path& system_root,
                             const std::vector<RenderedFile>& files,
                             const std::vector<std::string>& obsolete = {});

// Convenience for a whole rendering; refuses one that carries an error.
std::string writeNetworkRendering(const std::filesystem::path& system_root,
                                  const NetworkRendering& rendering);

}  // namespace exlb::agent
