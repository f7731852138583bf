#pragma once
// Files the supervisor keeps in its run dir (haproxy.cfg, the last-known-good
// copy, candidates, server-state).
//
// Writes go through a temporary file and a rename, so HAProxy's master (or a
// check) never reads half a file. They are NOT fsync'ed: the run dir is
// volatile (/run, emptied at every boot; the configuration's durable copy is
// the store in the data dir), so durability would buy nothing and an fsync
// sits on the path of every apply.

#include <filesystem>
#include <string>

namespace exlb::agent {

// Writes `content` to `target` (temporary file in the same folder, then
// rename). Returns false and sets `error` on failure.
bool writeRunFile(const std::filesystem::path& target, const std::string& content,
                  std::string& error);

// Reads `from` whole and writes it to `to` as writeRunFile does.
bool copyRunFile(const std::filesystem::path& from, const std::filesystem::path& to,
                 std::string& error);

}  // namespace exlb::agent
