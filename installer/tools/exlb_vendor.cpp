// exlb-vendor: signs licenses and firmware bundles with the vendor's Ed25519
// private key (a file holding the 32-byte seed in hex; '#' lines ignored).
//
//   exlb-vendor keygen PRIVATE_KEY_FILE            (prints the public key)
//   exlb-vendor public-key PRIVATE_KEY_FILE
//   exlb-vendor sign-license PRIVATE_KEY_FILE --serial S --owner O --units N
//       --feature F... --from YYYY-MM-DD --expire YYYY-MM-DD --uuid U --ethid E
//   exlb-vendor sign-firmware PRIVATE_KEY_FILE --payload FILE --version V
//       --revision N [--model M] --out BUNDLE
#include <ctime>
#include <iomanip>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "config/atomic_file.h"
#include "setup/firmware_bundle.h"
#include "setup/license.h"

using namespace exlb;
using namespace exlb::agent;

namespace {

int usage() {
  std::cerr << "usage: exlb-vendor keygen|public-key|sign-license|sign-firmware KEYFILE "
               "[options]  (see installer/tools/exlb_vendor.cpp)\n";
  return 2;
}

std::optional<Ed25519PrivateKey> readKey(const std::string& path) {
  std::ifstream in(path);
  std::string line, hex;
  while (std::getline(in, line))
    if (!line.empty() && line[0] != '#') hex += line;
  return fromHex<32>(hex);
}

// --name value pairs; repeated names accumulate (for --feature).
std::multimap<std::string, std::string> parseOptions(int argc, char** argv, int first) {
  std::multimap<std::string, std::string> options;
  for (int i = first; i + 1 < argc; i += 2) options.emplace(argv[i], argv[i + 1]);
  return options;
}

std::string one(const std::multimap<std::string, std::string>& o, const std::string& name) {
  const auto it = o.find(name);
  if (it == o.end()) throw std::runtime_error("missing " + name);
  return it->second;
}

std::int64_t parseDate(const std::string& date) {
  std::tm tm{};
  std::istringstream in(date);
  in >> std::get_time(&tm, "%Y-%m-%d");
  if (in.fail()) throw std::runtime_error("not a YYYY-MM-DD date: " + date);
  return static_cast<std::int64_t>(timegm(&tm));
}

int keygen(const std::string& path) {
  const auto pair = generateEd25519KeyPair();
  if (!pair) {
    std::cerr << "exlb-vendor: no random key could be generated\n";
    return 1;
  }
  std::string error;
  const auto file = std::filesystem::absolute(path);
  const std::string seed(pair->private_key.begin(), pair->private_key.end());
  if (!writeFileAtomically(file.parent_path(), file.filename().string(),
                                    "# exlb vendor private key (Ed25519 seed)\n" + toHex(seed) +
                                        "\n",
                                    error)) {
    std::cerr << "exlb-vendor: " << error << "\n";
    return 1;
  }
  const std::string pub(pair->public_key.begin(), pair->public_key.end());
  std::cout << toHex(pub) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return usage();
  const std::string command = argv[1];
  if (command == "keygen") return keygen(argv[2]);
  const auto key = readKey(argv[2]);
  if (!key) {
    std::cerr << "exlb-vendor: " << argv[2] << " does not hold a 32-byte hex key\n";
    return 1;
  }
  try {
    const auto o = parseOptions(argc, argv, 3);
    if (command == "public-key") {
      const auto pub = ed25519PublicKeyOf(*key);
      std::cout << toHex(std::string(pub->begin(), pub->end())) << "\n";
      return 0;
    }
    if (command == "sign-license") {
      v1::LicenseBody body;
      body.set_serial(one(o, "--serial"));
      body.set_owner(one(o, "--owner"));
      body.set_units(static_cast<std::uint32_t>(std::stoul(one(o, "--units"))));
      for (auto [it, end] = o.equal_range("--feature"); it != end; ++it)
        body.add_features(it->second);
      body.set_not_before_unix(parseDate(one(o, "--from")));
      body.set_expires_unix(parseDate(one(o, "--expire")));
      body.set_uuid(one(o, "--uuid"));
      body.set_ethid(one(o, "--ethid"));
      const auto blob = signLicense(body, *key);
      if (!blob) throw std::runtime_error("signing failed");
      std::cout << *blob;
      return 0;
    }
    if (command == "sign-firmware") {
      v1::FirmwareManifest manifest;
      manifest.set_model(o.count("--model") ? one(o, "--model") : std::string(kApplianceModel));
      manifest.set_version(one(o, "--version"));
      manifest.set_revision(std::stoull(one(o, "--revision")));
      manifest.set_built_unix(static_cast<std::int64_t>(std::time(nullptr)));
      std::string error;
      if (!writeFirmwareBundle(one(o, "--out"), manifest, one(o, "--payload"), *key, error))
        throw std::runtime_error(error);
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "exlb-vendor: " << e.what() << "\n";
    return 1;
  }
  return usage();
}
