// The writer under a system root: what lands on disk, with which mode, what
// it removes, and the planted links it refuses to follow.
#include "setup/network_writer.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

namespace exlb::agent {
namespace {

namespace fs = std::filesystem;

class NetworkWriter : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    root_ = fs::temp_directory_path() / ("exlb-writer-" + std::to_string(rd()));
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::string read(const std::string& path) const {
    std::ifstream in(root_ / fs::path(path).relative_path());
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
  bool exists(const std::string& path) const {
    return fs::exists(fs::symlink_status(root_ / fs::path(path).relative_path()));
  }
  unsigned mode(const std::string& path) const {
    struct stat st {};
    ::lstat((root_ / fs::path(path).relative_path()).c_str(), &st);
    return st.st_mode & 07777;
  }

  static v1::NetworkConfig config(unsigned vlan) {
    v1::NetworkConfig n;
    n.set_hostname("exlb");
    n.set_address("10.0.0.17");
    n.set_netmask("255.255.0.0");
    n.set_gateway("10.0.1.1");
    n.set_vlan_id(vlan);
    return n;
  }

  fs::path root_;
};

TEST_F(NetworkWriter, WritesEveryFileWithItsModeUnderTheRoot) {
  const auto rendering = renderNetwork(config(0));
  ASSERT_EQ(writeNetworkRendering(root_, rendering), "");
  for (const auto& f : rendering.files) {
    EXPECT_EQ(read(f.path), f.content) << f.path;
    EXPECT_EQ(mode(f.path), f.mode) << f.path;
  }
  // No temporary file is left beside them.
  for (const auto& e : fs::directory_iterator(root_ / "etc/systemd/network")) {
    EXPECT_EQ(e.path().string().find(".exlb-new"), std::string::npos) << e.path();
  }
}

TEST_F(NetworkWriter, RemovingTheVlanRemovesItsFiles) {
  ASSERT_EQ(writeNetworkRendering(root_, renderNetwork(config(120))), "");
  ASSERT_TRUE(exists("/etc/systemd/network/10-exlb-vlan.netdev"));
  ASSERT_EQ(writeNetworkRendering(root_, renderNetwork(config(0))), "");
  EXPECT_FALSE(exists("/etc/systemd/network/10-exlb-vlan.netdev"));
  EXPECT_FALSE(exists("/etc/systemd/network/10-exlb-vlan.network"));
  EXPECT_EQ(read("/etc/systemd/network/10-exlb-lan.network").find("VLAN="), std::string::npos);
}

TEST_F(NetworkWriter, SavingRemovesTheRuntimeFileOfTheFirstBoot) {
  NetworkRenderOptions runtime;
  runtime.persistence = NetworkPersistence::Runtime;
  ASSERT_EQ(writeNetworkRendering(root_, renderNetwork(config(0), runtime)), "");
  ASSERT_TRUE(exists("/run/systemd/network/10-exlb-lan.network"));
  ASSERT_EQ(writeNetworkRendering(root_, renderNetwork(config(0))), "");
  EXPECT_FALSE(exists("/run/systemd/network/10-exlb-lan.network"));
  EXPECT_TRUE(exists("/etc/systemd/network/10-exlb-lan.network"));
}

TEST_F(NetworkWriter, ReplacesAPlantedFileLinkInsteadOfWritingThroughIt) {
  const fs::path victim = root_ / "victim";
  { std::ofstream(victim) << "precious\n"; }
  fs::create_directories(root_ / "etc");
  fs::create_symlink(victim, root_ / "etc/hostname");
  ASSERT_EQ(writeNetworkRendering(root_, renderNetwork(config(0))), "");
  EXPECT_FALSE(fs::is_symlink(root_ / "etc/hostname"));
  EXPECT_EQ(read("/etc/hostname"), "exlb\n");
  std::ifstream in(victim);
  std::string line;
  std::getline(in, line);
  EXPECT_EQ(line, "precious");
}

TEST_F(NetworkWriter, RefusesAPlantedFolderLinkAndWritesNothing) {
  const fs::path elsewhere = root_ / "elsewhere";
  fs::create_directories(elsewhere);
  fs::create_directories(root_ / "etc/systemd");
  fs::create_symlink(elsewhere, root_ / "etc/systemd/network");
  const std::string error = writeNetworkRendering(root_, renderNetwork(config(0)));
  EXPECT_NE(error.find("etc/systemd/network"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_empty(elsewhere));
  EXPECT_FALSE(exists("/etc/hostname")) << "a refused write changes nothing";
}

TEST_F(NetworkWriter, RefusesPathsOutsideTheRoot) {
  const std::string error =
      writeSystemFiles(root_, {{"/etc/../../escaped", "x", 0644}}, {});
  EXPECT_NE(error.find("refusing"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(root_.parent_path() / "escaped"));
  EXPECT_NE(writeSystemFiles(root_, {{"relative/path", "x", 0644}}).find("refusing"),
            std::string::npos);
}

TEST_F(NetworkWriter, RefusesARenderingWithAnError) {
  auto bad = config(0);
  bad.set_address("10.0.0.300");
  const std::string error = writeNetworkRendering(root_, renderNetwork(bad));
  EXPECT_NE(error.find("network.address"), std::string::npos) << error;
  EXPECT_TRUE(fs::is_empty(root_));
}

TEST_F(NetworkWriter, ModeIgnoresTheUmask) {
  const mode_t old = ::umask(0077);
  const std::string error = writeSystemFiles(root_, {{"/etc/hostname", "exlb\n", 0644}});
  ::umask(old);
  ASSERT_EQ(error, "");
  EXPECT_EQ(mode("/etc/hostname"), 0644u);
}

}  // namespace
}  // namespace exlb::agent
