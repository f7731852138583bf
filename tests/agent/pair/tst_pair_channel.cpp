// The pair channel over real mutual TLS on loopback: a request passes only
// when each side pins the other's certificate; anyone else gets no answer.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "pair/channel_tls.h"
#include "pair/pair_identity.h"
#include "pair/peer_channel_server.h"
#include "pair/peer_client.h"

using namespace exlb::agent;
namespace fs = std::filesystem;

namespace {

class PairChannelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("exlb-chan-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    std::string error;
    auto a = loadOrCreatePairIdentity(root_ / "a", "lb-a", error);
    auto b = loadOrCreatePairIdentity(root_ / "b", "lb-b", error);
    auto c = loadOrCreatePairIdentity(root_ / "c", "intruder", error);
    ASSERT_TRUE(a && b && c) << error;
    a_ = *a;
    b_ = *b;
    c_ = *c;
  }
  void TearDown() override { fs::remove_all(root_); }

  // Server with identity `server` pinning `serverPin`; client with `client`
  // pinning `clientPin`. Returns the answer and whether the handler ran.
  ChannelAnswer exchange(const PairIdentity& server, std::string serverPin,
                         const PairIdentity& client, std::string clientPin, bool& handled) {
    boost::asio::io_context io;
    std::string error;
    serverSaw_.clear();
    clientSaw_.clear();
    auto serverTls = makeChannelTls(server, [serverPin] { return serverPin; }, true, error,
                                    [this](std::string pem) { serverSaw_.push_back(pem); });
    auto clientTls = makeChannelTls(client, [clientPin] { return clientPin; }, false, error,
                                    [this](std::string pem) { clientSaw_.push_back(pem); });
    EXPECT_TRUE(serverTls && clientTls) << error;
    handled = false;
    PeerChannelServer channel(io, *serverTls, [&](ChannelRequest r, ChannelReply reply) {
      handled = true;
      EXPECT_EQ(r.op, "state");
      EXPECT_EQ(r.peerAddress, "127.0.0.1");
      reply(200, "hello " + r.body);
    });
    EXPECT_TRUE(channel.open("127.0.0.1", 0, error)) << error;
    PeerClient peer(io, *clientTls);
    ChannelAnswer answer;
    bool done = false;
    peer.post("127.0.0.1", channel.port(), "state", "peer", std::chrono::seconds(5),
              [&](ChannelAnswer a) {
                answer = std::move(a);
                done = true;
                channel.stop();
              });
    io.run_for(std::chrono::seconds(10));
    EXPECT_TRUE(done);
    return answer;
  }

  fs::path root_;
  PairIdentity a_, b_, c_;
  // The certificates each side's channel handed over (the peer certificate store's feed).
  std::vector<std::string> serverSaw_, clientSaw_;
};

}  // namespace

TEST_F(PairChannelTest, IdentityIsEcdsaP256WithAStableFingerprintAndAPrivateKeyFile) {
  EXPECT_EQ(a_.sha256.size(), 64u);
  EXPECT_NE(a_.sha256, b_.sha256);
  EXPECT_NE(a_.certificatePem.find("BEGIN CERTIFICATE"), std::string::npos);
  EXPECT_EQ(a_.certificatePem.find("PRIVATE KEY"), std::string::npos) << "the key never leaves";
  const auto perms = fs::status(a_.pemFile).permissions();
  EXPECT_EQ(perms & (fs::perms::group_all | fs::perms::others_all), fs::perms::none);
  std::string error;
  auto again = loadOrCreatePairIdentity(root_ / "a", "lb-a", error);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->sha256, a_.sha256) << "made once, kept across restarts";
}

TEST_F(PairChannelTest, BothSidesPinnedGetAnAnswer) {
  bool handled = false;
  const auto answer = exchange(a_, b_.sha256, b_, a_.sha256, handled);
  EXPECT_TRUE(handled);
  EXPECT_TRUE(answer.reached) << answer.error;
  EXPECT_EQ(answer.status, 200u);
  EXPECT_EQ(answer.body, "hello peer");
  // Each side hands over the other's certificate, for the stick-table
  // replication's TLS (pair/peer_certificate_store.h): OpenSSL asks about a
  // self-signed certificate more than once per handshake, always the same.
  ASSERT_FALSE(serverSaw_.empty());
  ASSERT_FALSE(clientSaw_.empty());
  for (const auto& pem : serverSaw_) EXPECT_EQ(pem, b_.certificatePem);
  for (const auto& pem : clientSaw_) EXPECT_EQ(pem, a_.certificatePem);
}

TEST_F(PairChannelTest, AClientTheServerDoesNotPinIsRefusedBeforeAnyRequest) {
  bool handled = false;
  // The intruder knows the server's fingerprint, but has its own key.
  const auto answer = exchange(a_, b_.sha256, c_, a_.sha256, handled);
  EXPECT_FALSE(handled);
  EXPECT_FALSE(answer.reached);
  EXPECT_TRUE(serverSaw_.empty()) << "an unpinned certificate is never handed over";
}

TEST_F(PairChannelTest, AServerTheClientDoesNotPinGetsNoRequest) {
  bool handled = false;
  // An impostor server (c) where the client expects a.
  const auto answer = exchange(c_, b_.sha256, b_, a_.sha256, handled);
  EXPECT_FALSE(handled);
  EXPECT_FALSE(answer.reached);
  EXPECT_TRUE(clientSaw_.empty()) << "an unpinned certificate is never handed over";
  EXPECT_NE(answer.error.find("pinned"), std::string::npos) << answer.error;
}

TEST_F(PairChannelTest, NoPinRefusesEveryone) {
  bool handled = false;
  const auto answer = exchange(a_, "", b_, a_.sha256, handled);
  EXPECT_FALSE(handled);
  EXPECT_FALSE(answer.reached);
}

TEST_F(PairChannelTest, NothingListeningIsUnreachableWithAReason) {
  boost::asio::io_context io;
  std::string error;
  auto tls = makeChannelTls(a_, [this] { return b_.sha256; }, false, error);
  ASSERT_TRUE(tls);
  PeerClient peer(io, *tls);
  ChannelAnswer answer;
  // Port 1 on loopback: nothing listens there.
  peer.post("127.0.0.1", 1, "state", "", std::chrono::seconds(2),
            [&](ChannelAnswer a) { answer = std::move(a); });
  io.run_for(std::chrono::seconds(5));
  EXPECT_FALSE(answer.reached);
  EXPECT_NE(answer.error.find("connect"), std::string::npos) << answer.error;
}
