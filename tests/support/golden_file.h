// Golden-file comparison shared by the renderer tests (HAProxy, keepalived):
// a rendered text must equal the file checked in beside the test, byte for
// byte. After an intended change, run the test with EXLB_UPDATE_GOLDEN=1 to
// rewrite the files, then review `git diff` before committing them.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace exlb::test {

inline std::string readWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string joinedLines(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

inline bool updatingGolden() {
  const char* env = std::getenv("EXLB_UPDATE_GOLDEN");
  return env && std::string(env) == "1";
}

// Compares `rendered` with the golden file at `path`, or rewrites the file
// when EXLB_UPDATE_GOLDEN=1.
inline void expectMatchesGolden(const std::filesystem::path& path, const std::string& rendered) {
  if (updatingGolden()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::trunc) << rendered;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(path))
      << path << " is missing; run with EXLB_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(readWholeFile(path), rendered)
      << path.filename() << " changed; if intended, regenerate with EXLB_UPDATE_GOLDEN=1 and review the diff";
}

}  // namespace exlb::test
