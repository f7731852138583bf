// The peer certificate store (pair/peer_certificate_store.h): what the pair
// channel hands it is kept only under the pin, written only when it changes,
// and used for the stick-table replication's TLS only while it still fits the
// pin and this node's identity. Real pair identities, real files.
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include <gtest/gtest.h>

#include "pair/pair_identity.h"
#include "pair/peer_certificate_store.h"

using namespace exlb::agent;
namespace fs = std::filesystem;

namespace {

using Kept = PeerCertificateStore::Kept;

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

ino_t inodeOf(const fs::path& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? st.st_ino : 0;
}

// "AB:CD:..." as an administrator may paste it from a browser.
std::string colonUpper(const std::string& hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty()) out += ':';
    for (char c : hex.substr(i, 2)) out += static_cast<char>(std::toupper(c));
  }
  return out;
}

class PeerCertificateStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("exlb-peercert-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    std::string error;
    auto self = loadOrCreatePairIdentity(root_ / "node", "lb-a", error);
    auto peer = loadOrCreatePairIdentity(root_ / "peer", "lb-b", error);
    auto other = loadOrCreatePairIdentity(root_ / "other", "intruder", error);
    ASSERT_TRUE(self && peer && other) << error;
    self_ = *self;
    peer_ = *peer;
    other_ = *other;
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  PairIdentity self_, peer_, other_;
};

}  // namespace

TEST_F(PeerCertificateStoreTest, ThePinnedCertificateIsKeptWithThisNodesOwnForTheRender) {
  PeerCertificateStore store(root_ / "node");
  EXPECT_FALSE(store.tlsFor(peer_.sha256).on()) << "nothing kept yet: clear";
  std::string error;
  ASSERT_EQ(store.keep(peer_.certificatePem, peer_.sha256, error), Kept::Stored) << error;
  EXPECT_EQ(store.file(), root_ / "node" / "pair-peer.pem");
  // HAProxy's ca-file: the peer's certificate, then this node's (the old
  // worker's at a reload); no key ever.
  EXPECT_EQ(readAll(store.file()), peer_.certificatePem + self_.certificatePem);
  EXPECT_EQ(fs::status(store.file()).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  const PairPeersTls tls = store.tlsFor(peer_.sha256);
  EXPECT_EQ(tls.identityFile, self_.pemFile);
  EXPECT_EQ(tls.trustFile, store.file());
  // The pin as an administrator may type it.
  EXPECT_TRUE(store.tlsFor(colonUpper(peer_.sha256)).on());
}

TEST_F(PeerCertificateStoreTest, ACertificateThatIsNotThePinnedOneIsNotKept) {
  PeerCertificateStore store(root_ / "node");
  std::string error;
  EXPECT_EQ(store.keep(other_.certificatePem, peer_.sha256, error), Kept::Refused);
  EXPECT_EQ(store.keep(peer_.certificatePem, other_.sha256, error), Kept::Refused);
  EXPECT_EQ(store.keep(peer_.certificatePem, "", error), Kept::Refused) << "no pin, no peer";
  EXPECT_EQ(store.keep("not a certificate", peer_.sha256, error), Kept::Refused);
  EXPECT_EQ(store.keep(peer_.certificatePem + other_.certificatePem, peer_.sha256, error),
            Kept::Refused) << "one certificate, not a bundle";
  EXPECT_FALSE(fs::exists(store.file()));
  EXPECT_FALSE(store.tlsFor(peer_.sha256).on());
}

TEST_F(PeerCertificateStoreTest, TheSameCertificateAgainDoesNotRewriteTheFile) {
  PeerCertificateStore store(root_ / "node");
  std::string error;
  ASSERT_EQ(store.keep(peer_.certificatePem, peer_.sha256, error), Kept::Stored);
  const ino_t before = inodeOf(store.file());
  ASSERT_NE(before, 0u);
  // Every handshake hands it over again: an atomic write would be a new file.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(store.keep(peer_.certificatePem, colonUpper(peer_.sha256), error), Kept::Unchanged);
  }
  EXPECT_EQ(inodeOf(store.file()), before);
  // Gone (removed by hand): kept again at the next handshake.
  fs::remove(store.file());
  EXPECT_EQ(store.keep(peer_.certificatePem, peer_.sha256, error), Kept::Stored);
}

TEST_F(PeerCertificateStoreTest, AStoredCertificateThatNoLongerFitsThePinIsNotUsed) {
  PeerCertificateStore store(root_ / "node");
  std::string error;
  ASSERT_EQ(store.keep(peer_.certificatePem, peer_.sha256, error), Kept::Stored);
  // The administrator pins another peer, or clears the pin.
  EXPECT_FALSE(store.tlsFor(other_.sha256).on());
  EXPECT_FALSE(store.tlsFor("").on());
  EXPECT_FALSE(store.discardUnless(peer_.sha256)) << "still the pinned one: kept";
  EXPECT_TRUE(fs::exists(store.file()));
  EXPECT_TRUE(store.discardUnless(other_.sha256));
  EXPECT_FALSE(fs::exists(store.file()));
  EXPECT_FALSE(store.discardUnless(other_.sha256)) << "nothing left to remove";
  // The new peer is met: its certificate replaces nothing and is used.
  ASSERT_EQ(store.keep(other_.certificatePem, other_.sha256, error), Kept::Stored);
  EXPECT_TRUE(store.tlsFor(other_.sha256).on());
  EXPECT_EQ(readAll(store.file()), other_.certificatePem + self_.certificatePem);
}

TEST_F(PeerCertificateStoreTest, ANewIdentityOfThisNodeMakesTheStoredFileUnusableUntilKeptAgain) {
  PeerCertificateStore store(root_ / "node");
  std::string error;
  ASSERT_EQ(store.keep(peer_.certificatePem, peer_.sha256, error), Kept::Stored);
  fs::remove(self_.pemFile);
  auto fresh = loadOrCreatePairIdentity(root_ / "node", "lb-a", error);
  ASSERT_TRUE(fresh) << error;
  ASSERT_NE(fresh->sha256, self_.sha256);
  // The old worker would show the new certificate, which the file lacks.
  EXPECT_FALSE(store.tlsFor(peer_.sha256).on());
  ASSERT_EQ(store.keep(peer_.certificatePem, peer_.sha256, error), Kept::Stored);
  EXPECT_EQ(readAll(store.file()), peer_.certificatePem + fresh->certificatePem);
  EXPECT_TRUE(store.tlsFor(peer_.sha256).on());
}

TEST_F(PeerCertificateStoreTest, AFileThatIsNotWhatTheStoreWritesIsNotUsed) {
  PeerCertificateStore store(root_ / "node");
  const auto write = [&](const std::string& text) { std::ofstream(store.file()) << text; };
  write(peer_.certificatePem);  // the peer's alone: a reload would lose the tables
  EXPECT_FALSE(store.tlsFor(peer_.sha256).on());
  write(self_.certificatePem + peer_.certificatePem);  // the wrong order
  EXPECT_FALSE(store.tlsFor(peer_.sha256).on());
  write(peer_.certificatePem + self_.certificatePem + other_.certificatePem);  // one too many
  EXPECT_FALSE(store.tlsFor(peer_.sha256).on());
  write(peer_.certificatePem + self_.certificatePem);
  EXPECT_TRUE(store.tlsFor(peer_.sha256).on());
  // A planted link is not followed.
  fs::remove(store.file());
  const fs::path elsewhere = root_ / "elsewhere.pem";
  std::ofstream(elsewhere) << peer_.certificatePem + self_.certificatePem;
  fs::create_symlink(elsewhere, store.file());
  EXPECT_FALSE(store.tlsFor(peer_.sha256).on());
}

TEST_F(PeerCertificateStoreTest, WithoutThisNodesIdentityNothingIsKept) {
  PeerCertificateStore store(root_ / "nobody");
  std::string error;
  EXPECT_EQ(store.keep(peer_.certificatePem, peer_.sha256, error), Kept::Failed);
  EXPECT_NE(error.find("pair-identity.pem"), std::string::npos) << error;
  EXPECT_FALSE(store.tlsFor(peer_.sha256).on());
}
