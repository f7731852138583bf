// The pair generation: persisted, monotonic, refusing what is not newer.
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include <gtest/gtest.h>

#include "pair/pair_generation.h"

using namespace exlb::agent;
namespace fs = std::filesystem;

namespace {

class PairGenerationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("exlb-gen-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

}  // namespace

TEST_F(PairGenerationTest, StartsAtZeroAndAcceptsOnlyNewer) {
  PairGeneration g(dir_);
  std::string error;
  ASSERT_TRUE(g.load(error)) << error;
  EXPECT_EQ(g.current(), 0u);
  EXPECT_FALSE(g.accepts(0));
  EXPECT_TRUE(g.accepts(1));
  ASSERT_TRUE(g.advance(5, error)) << error;
  EXPECT_FALSE(g.accepts(5)) << "the same generation again is a replay";
  EXPECT_FALSE(g.accepts(4));
  EXPECT_TRUE(g.accepts(6));
}

TEST_F(PairGenerationTest, SurvivesARestartAndNeverGoesBack) {
  std::string error;
  {
    PairGeneration g(dir_);
    ASSERT_TRUE(g.load(error));
    ASSERT_TRUE(g.advance(9, error));
    ASSERT_TRUE(g.advance(3, error));
    EXPECT_EQ(g.current(), 9u);
  }
  PairGeneration again(dir_);
  ASSERT_TRUE(again.load(error)) << error;
  EXPECT_EQ(again.current(), 9u);
  EXPECT_FALSE(again.accepts(9));
}

TEST_F(PairGenerationTest, ADamagedFileIsAnErrorNotAReturnToZero) {
  std::ofstream(dir_ / PairGeneration::kFileName) << "seven\n";
  PairGeneration g(dir_);
  std::string error;
  EXPECT_FALSE(g.load(error));
  EXPECT_NE(error.find("generation"), std::string::npos);
}

TEST_F(PairGenerationTest, APlantedSymlinkIsNotFollowed) {
  std::ofstream(dir_ / "elsewhere") << "99\n";
  fs::create_symlink(dir_ / "elsewhere", dir_ / PairGeneration::kFileName);
  PairGeneration g(dir_);
  std::string error;
  EXPECT_FALSE(g.load(error));
}
