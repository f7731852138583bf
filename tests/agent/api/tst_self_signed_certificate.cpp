// The appliance's self-signed identity: ECDSA P-256, the host name as CN and
// SAN, a private file, never replacing one that exists.
#include <gtest/gtest.h>

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <fstream>

#include "dispatcher_harness.h"
#include "setup/self_signed_certificate.h"

namespace exlb::agent::testing {
namespace {

TEST(SelfSignedCertificate, CreatesAPrivateEcdsaP256IdentityForTheHostName) {
  TempFolder folder;
  const auto file = folder.path() / "certs" / "default.pem";
  std::string error;
  ASSERT_TRUE(ensureSelfSignedCertificate(file, "lb1.example.test", error)) << error;
  const auto perms = std::filesystem::status(file).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);

  FILE* f = std::fopen(file.c_str(), "r");
  ASSERT_NE(f, nullptr);
  X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr);
  EVP_PKEY* key = PEM_read_PrivateKey(f, nullptr, nullptr, nullptr);
  std::fclose(f);
  ASSERT_NE(cert, nullptr);
  ASSERT_NE(key, nullptr);
  EXPECT_EQ(X509_check_private_key(cert, key), 1);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
  char group[64] = {};
  EVP_PKEY_get_group_name(key, group, sizeof group, nullptr);
  EXPECT_STREQ(group, "prime256v1");
  EXPECT_EQ(X509_check_host(cert, "lb1.example.test", 0, 0, nullptr), 1);
  EXPECT_NE(X509_check_host(cert, "other.example.test", 0, 0, nullptr), 1);
  X509_free(cert);
  EVP_PKEY_free(key);
}

TEST(SelfSignedCertificate, LeavesAnExistingIdentityAlone) {
  TempFolder folder;
  const auto file = folder.path() / "default.pem";
  std::string error;
  ASSERT_TRUE(ensureSelfSignedCertificate(file, "one", error));
  std::ifstream first(file);
  const std::string before((std::istreambuf_iterator<char>(first)), std::istreambuf_iterator<char>());
  ASSERT_TRUE(ensureSelfSignedCertificate(file, "two", error));
  std::ifstream second(file);
  const std::string after((std::istreambuf_iterator<char>(second)), std::istreambuf_iterator<char>());
  EXPECT_EQ(before, after);

  std::ofstream(folder.path() / "broken.pem") << "not a certificate";
  EXPECT_FALSE(ensureSelfSignedCertificate(folder.path() / "broken.pem", "x", error));
}

}  // namespace
}  // namespace exlb::agent::testing
