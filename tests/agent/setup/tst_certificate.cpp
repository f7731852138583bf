// The certificate store: .pfx (legacy RC2/3DES and AES) and .pem imports,
// what the list shows (names, dates, status, fingerprint, warnings), the
// self-signed and CSR paths, and a table of bad uploads that each get a
// clear error and leave the folder exactly as it was.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "setup/certificate_import.h"
#include "setup/certificate_info.h"
#include "setup/certificate_store.h"
#include "tst_certificate_test_pki.h"

namespace exlb::agent::testing {
namespace {

namespace fs = std::filesystem;
constexpr long kDay = 24 * 3600;

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = fs::temp_directory_path() / ("exlb-cert-test-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Every file of a folder with its content: "nothing changed" is equality.
std::map<std::string, std::string> snapshot(const fs::path& dir) {
  std::map<std::string, std::string> out;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    std::ifstream in(e.path(), std::ios::binary);
    out[e.path().filename().string()] = std::string(std::istreambuf_iterator<char>(in), {});
  }
  return out;
}

class CertificateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(loadLegacyProvider()) << "OpenSSL's legacy provider is needed for Windows .pfx files";
    ca_ = makeIdentity("exlb test CA", nullptr, -kDay, 3650 * kDay, "", true);
    leaf_ = makeIdentity("mail.example.test", &ca_, -kDay, 365 * kDay,
                         "DNS:mail.example.test,DNS:autodiscover.example.test");
  }
  fs::path certDir() const { return tmp_.path() / "certs"; }

  TempDir tmp_;
  CertificateStore store_{tmp_.path() / "certs"};
  Identity ca_;
  Identity leaf_;
};

TEST_F(CertificateTest, ImportsALegacyWindowsPfxWithItsChain) {
  const std::string pfx = makePfx(leaf_, &ca_, "Exch@nge1", true);
  ASSERT_FALSE(pfx.empty());
  std::string error;
  auto pem = store_.importFile("mail", pfx, "Exch@nge1", false, nowUnix(), error);
  ASSERT_TRUE(pem) << error;
  struct stat st {};
  ASSERT_EQ(::lstat((certDir() / "mail.pem").c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);

  auto info = describeCertificate(*pem, {"mail.example.test"}, nowUnix(), error);
  ASSERT_TRUE(info) << error;
  EXPECT_EQ(info->common_name(), "mail.example.test");
  EXPECT_EQ(info->status(), v1::CERTIFICATE_STATUS_CA_SIGNED);
  EXPECT_FALSE(info->self_signed());
  EXPECT_EQ(info->chain_length(), 1u);
  EXPECT_EQ(info->key_type(), "EC P-256");
  EXPECT_NE(info->issuer().find("exlb test CA"), std::string::npos);
  ASSERT_EQ(info->subject_alt_names_size(), 2);
  EXPECT_EQ(info->subject_alt_names(1), "DNS:autodiscover.example.test");
  EXPECT_TRUE(info->warnings().empty()) << info->warnings(0);
  unsigned char md[32];
  unsigned int len = 0;
  X509_digest(leaf_.cert.get(), EVP_sha256(), md, &len);
  EXPECT_EQ(info->sha256_fingerprint().size(), 32u * 3 - 1);
  char first[3];
  std::snprintf(first, sizeof first, "%02X", md[0]);
  EXPECT_EQ(info->sha256_fingerprint().substr(0, 2), first);
  EXPECT_EQ(info->not_after_unix() - info->not_before_unix(), 366 * kDay);
}

TEST_F(CertificateTest, ImportsAModernAesPfxAndAnRsaKey) {
  Identity rsa = makeIdentity("owa.example.test", &ca_, -kDay, 90 * kDay, "DNS:owa.example.test",
                              false, true);
  std::string error;
  auto pem = store_.importFile("owa", makePfx(rsa, nullptr, "pw", false), "pw", false, nowUnix(), error);
  ASSERT_TRUE(pem) << error;
  auto info = describeCertificate(*pem, {}, nowUnix(), error);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->key_type(), "RSA 2048");
  EXPECT_EQ(info->chain_length(), 0u);
}

TEST_F(CertificateTest, ImportsAPemWithEncryptedKeyAndPutsTheLeafFirst) {
  // Chain first, key in the middle, leaf last: the stored file is leaf, chain, key.
  const std::string file =
      certPem(ca_.cert.get()) + keyPem(leaf_.key.get(), "secret") + certPem(leaf_.cert.get());
  std::string error;
  auto pem = store_.importFile("mail", file, "secret", false, nowUnix(), error);
  ASSERT_TRUE(pem) << error;
  EXPECT_EQ(pem->rfind(certPem(leaf_.cert.get()), 0), 0u);
  EXPECT_EQ(pem->find("ENCRYPTED"), std::string::npos);
  auto info = describeCertificate(*pem, {}, nowUnix(), error);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->chain_length(), 1u);
  EXPECT_EQ(store_.ids(), std::vector<std::string>{"mail"});
}

TEST_F(CertificateTest, StatusTellsSelfSignedExpiringExpiredAndKeyMismatch) {
  const Identity self = makeIdentity("lb.example.test", nullptr, -kDay, 400 * kDay, "DNS:lb.example.test");
  const Identity soon = makeIdentity("soon.example.test", &ca_, -kDay, 10 * kDay, "DNS:soon.example.test");
  const Identity old = makeIdentity("old.example.test", &ca_, -90 * kDay, -kDay, "DNS:old.example.test");
  const Identity later = makeIdentity("later.example.test", &ca_, 5 * kDay, 90 * kDay, "");
  struct Case {
    std::string pem;
    v1::CertificateStatus status;
  } cases[] = {
      {certPem(self.cert.get()) + keyPem(self.key.get()), v1::CERTIFICATE_STATUS_SELF_SIGNED},
      {certPem(soon.cert.get()) + keyPem(soon.key.get()), v1::CERTIFICATE_STATUS_EXPIRING},
      {certPem(old.cert.get()) + keyPem(old.key.get()), v1::CERTIFICATE_STATUS_EXPIRED},
      {certPem(later.cert.get()) + keyPem(later.key.get()), v1::CERTIFICATE_STATUS_NOT_YET_VALID},
      {certPem(leaf_.cert.get()) + keyPem(soon.key.get()), v1::CERTIFICATE_STATUS_KEY_MISMATCH},
  };
  for (const auto& c : cases) {
    std::string error;
    auto info = describeCertificate(c.pem, {}, nowUnix(), error);
    ASSERT_TRUE(info) << error;
    EXPECT_EQ(info->status(), c.status) << info->common_name();
    if (c.status != v1::CERTIFICATE_STATUS_SELF_SIGNED) {
      EXPECT_FALSE(info->warnings().empty());
    }
  }
}

TEST_F(CertificateTest, WarnsWhenTheNamesDoNotCoverTheHostName) {
  const Identity wild = makeIdentity("*.example.test", &ca_, -kDay, 90 * kDay, "DNS:*.example.test");
  const std::string pem = certPem(wild.cert.get()) + keyPem(wild.key.get());
  std::string error;
  auto covered = describeCertificate(pem, {"mail.example.test"}, nowUnix(), error);
  ASSERT_TRUE(covered);
  EXPECT_TRUE(covered->warnings().empty());
  auto uncovered = describeCertificate(pem, {"mail.other.test", "a.b.example.test"}, nowUnix(), error);
  ASSERT_TRUE(uncovered);
  ASSERT_EQ(uncovered->warnings_size(), 2);
  EXPECT_NE(uncovered->warnings(0).find("'mail.other.test'"), std::string::npos);
}

TEST_F(CertificateTest, MakesASelfSignedEcdsaCertificate) {
  std::string error;
  auto pem = store_.createSelfSigned("lab", "lb1.example.test", false, error);
  ASSERT_TRUE(pem) << error;
  auto info = describeCertificate(*pem, {"lb1.example.test"}, nowUnix(), error);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->status(), v1::CERTIFICATE_STATUS_SELF_SIGNED);
  EXPECT_EQ(info->key_type(), "EC P-256");
  EXPECT_EQ(info->common_name(), "lb1.example.test");
  EXPECT_EQ(snapshot(certDir()).size(), 1u) << "no scratch folder is left behind";
  EXPECT_FALSE(store_.createSelfSigned("lab", "lb1.example.test", false, error));
  EXPECT_FALSE(store_.createSelfSigned("lab2", "bad host;rm", false, error));
}

TEST_F(CertificateTest, KeyAndRequestThenTheCasCertificateIsPairedWithTheKeptKey) {
  std::string error;
  auto csrPem = store_.createRequest("ca1", "mail.example.test", {"autodiscover.example.test"},
                                     "Example", "FR", error);
  ASSERT_TRUE(csrPem) << error;
  EXPECT_TRUE(fs::exists(certDir() / "ca1.key"));
  EXPECT_TRUE(store_.ids().empty()) << "a waiting key is not a certificate";
  // What the list shows while the key waits: the request's subject and names.
  EXPECT_EQ(store_.pendingIds(), std::vector<std::string>{"ca1"});
  ASSERT_EQ(store_.readPendingRequest("ca1"), csrPem);
  const auto waiting = describeWaitingKey(*csrPem);
  EXPECT_EQ(waiting.status(), v1::CERTIFICATE_STATUS_WAITING_FOR_CERTIFICATE);
  EXPECT_EQ(waiting.common_name(), "mail.example.test");
  EXPECT_NE(waiting.subject().find("O=Example"), std::string::npos) << waiting.subject();
  EXPECT_EQ(std::vector<std::string>(waiting.subject_alt_names().begin(),
                                     waiting.subject_alt_names().end()),
            (std::vector<std::string>{"DNS:mail.example.test", "DNS:autodiscover.example.test"}));
  EXPECT_EQ(waiting.key_type(), "EC P-256");
  auto bio = ossl::readBio(*csrPem);
  ossl::Req req(PEM_read_bio_X509_REQ(bio.get(), nullptr, nullptr, nullptr));
  ASSERT_TRUE(req);
  // The CA signs it.
  Identity issued;
  issued.cert.reset(X509_new());
  X509* c = issued.cert.get();
  X509_set_version(c, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(c), 77);
  X509_gmtime_adj(X509_getm_notBefore(c), -60);
  X509_gmtime_adj(X509_getm_notAfter(c), 100 * kDay);
  X509_set_subject_name(c, X509_REQ_get_subject_name(req.get()));
  X509_set_issuer_name(c, X509_get_subject_name(ca_.cert.get()));
  X509_set_pubkey(c, X509_REQ_get0_pubkey(req.get()));
  X509_sign(c, ca_.key.get(), EVP_sha256());
  auto pem = store_.importFile("ca1", certPem(c) + certPem(ca_.cert.get()), "", false, nowUnix(), error);
  ASSERT_TRUE(pem) << error;
  EXPECT_FALSE(fs::exists(certDir() / "ca1.key"));
  EXPECT_FALSE(fs::exists(certDir() / "ca1.csr")) << "paired: nothing waits any more";
  auto info = describeCertificate(*pem, {}, nowUnix(), error);
  ASSERT_TRUE(info);
  EXPECT_EQ(info->status(), v1::CERTIFICATE_STATUS_CA_SIGNED);
  EXPECT_NE(info->subject().find("O=Example"), std::string::npos);
}

TEST_F(CertificateTest, AWaitingKeyIsOnlyShownTheRequestMadeWithIt) {
  std::string error;
  ASSERT_TRUE(store_.createRequest("ca2", "mail.example.test", {}, "", "", error)) << error;
  const auto first = store_.readPendingRequest("ca2");
  ASSERT_TRUE(first);
  // A backup restores a different waiting key under the same id, without
  // its request: the request left from the earlier key is not offered.
  const Identity other = makeIdentity("other.example.test", &ca_, -kDay, 90 * kDay, "");
  std::ofstream(certDir() / "ca2.key") << keyPem(other.key.get(), "");
  EXPECT_FALSE(store_.readPendingRequest("ca2"));
  const auto waiting = describeWaitingKey("");
  EXPECT_EQ(waiting.status(), v1::CERTIFICATE_STATUS_WAITING_FOR_CERTIFICATE);
  EXPECT_EQ(waiting.csr_pem(), "");
  EXPECT_FALSE(waiting.warnings().empty());
  // Deleting the waiting key takes its request too.
  ASSERT_TRUE(store_.remove("ca2", error)) << error;
  EXPECT_FALSE(fs::exists(certDir() / "ca2.key"));
  EXPECT_FALSE(fs::exists(certDir() / "ca2.csr"));
}

TEST_F(CertificateTest, ABackupsRequestIsCheckedAgainstItsKey) {
  std::string error;
  auto csrPem = store_.createRequest("ca3", "mail.example.test", {}, "", "", error);
  ASSERT_TRUE(csrPem) << error;
  const auto key = store_.readPendingKey("ca3", error);
  ASSERT_TRUE(key) << error;
  EXPECT_TRUE(CertificateStore::checkPendingRequest(*key, *csrPem, error)) << error;
  // Another key's request, a truncated one and something else are refused.
  const Identity other = makeIdentity("other.example.test", &ca_, -kDay, 90 * kDay, "");
  const std::string otherKey = keyPem(other.key.get(), "");
  EXPECT_FALSE(CertificateStore::checkPendingRequest(otherKey, *csrPem, error));
  EXPECT_NE(error.find("signing request"), std::string::npos) << error;
  EXPECT_FALSE(CertificateStore::checkPendingRequest(*key, csrPem->substr(0, csrPem->size() / 2), error));
  EXPECT_FALSE(CertificateStore::checkPendingRequest(*key, certPem(ca_.cert.get()), error));
}

TEST_F(CertificateTest, BadUploadsAreRefusedClearlyAndChangeNothing) {
  std::string error;
  ASSERT_TRUE(store_.createSelfSigned("existing", "lb.example.test", false, error)) << error;
  const Identity other = makeIdentity("other.example.test", &ca_, -kDay, 90 * kDay, "");
  const Identity old = makeIdentity("old.example.test", &ca_, -90 * kDay, -kDay, "");
  const Identity later = makeIdentity("later.example.test", &ca_, 5 * kDay, 90 * kDay, "");
  const std::string legacy = makePfx(leaf_, &ca_, "right", true);
  const std::string goodPem = certPem(leaf_.cert.get()) + keyPem(leaf_.key.get(), "right");
  struct Bad {
    const char* label;
    std::string id;
    std::string file;
    std::string password;
    const char* says;
  } table[] = {
      {"empty file", "n1", "", "", "empty"},
      {"oversized", "n1", std::string(kMaxCertificateFileBytes + 1, 'A'), "", "too large"},
      {"garbage", "n1", "this is not a certificate", "", "neither"},
      {"truncated pfx", "n1", legacy.substr(0, legacy.size() / 2), "right", "truncated"},
      {"pfx wrong password", "n1", legacy, "wrong", "password"},
      {"pfx no password", "n1", legacy, "", "password"},
      {"pem truncated", "n1", goodPem.substr(0, goodPem.size() - 40), "right", "truncated"},
      {"pem wrong key password", "n1", goodPem, "wrong", "password"},
      {"pem encrypted key, no password", "n1", goodPem, "", "give the file's password"},
      {"pem without key", "n1", certPem(leaf_.cert.get()), "", "no private key"},
      {"pem key of another certificate", "n1", certPem(leaf_.cert.get()) + keyPem(other.key.get()),
       "", "does not belong"},
      {"expired", "n1", certPem(old.cert.get()) + keyPem(old.key.get()), "", "expired"},
      {"not yet valid", "n1", certPem(later.cert.get()) + keyPem(later.key.get()), "", "not valid yet"},
      {"key only", "n1", keyPem(other.key.get()), "", "no readable certificate"},
      {"id with a slash", "../evil", goodPem, "right", "certificate id"},
      {"id upper case", "Mail", goodPem, "right", "certificate id"},
      {"id empty", "", goodPem, "right", "certificate id"},
      {"existing id", "existing", goodPem, "right", "exists"},
  };
  const auto before = snapshot(certDir());
  for (const auto& bad : table) {
    error.clear();
    EXPECT_FALSE(store_.importFile(bad.id, bad.file, bad.password, false, nowUnix(), error))
        << bad.label;
    EXPECT_NE(error.find(bad.says), std::string::npos) << bad.label << ": " << error;
    EXPECT_EQ(snapshot(certDir()), before) << bad.label;
  }
}

TEST_F(CertificateTest, APlantedLinkIsReplacedNotWrittenThrough) {
  const fs::path outside = tmp_.path() / "outside.txt";
  std::ofstream(outside) << "precious";
  fs::create_directories(certDir());
  fs::create_symlink(outside, certDir() / "mail.pem");
  EXPECT_TRUE(store_.ids().empty()) << "a link is not a stored certificate";
  std::string error;
  ASSERT_TRUE(store_.importFile("mail", makePfx(leaf_, nullptr, "pw", true), "pw", true, nowUnix(), error))
      << error;
  std::ifstream in(outside);
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "precious");
  EXPECT_FALSE(fs::is_symlink(certDir() / "mail.pem"));
  EXPECT_EQ(store_.ids(), std::vector<std::string>{"mail"});
}

TEST_F(CertificateTest, RemoveDeletesTheFileAndRefusesUnknownIds) {
  std::string error;
  ASSERT_TRUE(store_.createSelfSigned("gone", "lb.example.test", false, error));
  EXPECT_TRUE(store_.remove("gone", error)) << error;
  EXPECT_FALSE(fs::exists(certDir() / "gone.pem"));
  EXPECT_FALSE(store_.remove("gone", error));
  EXPECT_FALSE(store_.remove("../x", error));
}

}  // namespace
}  // namespace exlb::agent::testing
