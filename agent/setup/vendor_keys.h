#pragma once
// The vendor public keys built into this agent: licenses and firmware bundles
// must be signed by one of them. Set at build time by the CMake cache variable
// EXLB_VENDOR_PUBLIC_KEYS (hex, comma-separated). Its default is the
// development key of tests/data/vendor-dev-key.hex, whose private half is
// public: a release build must override it.

#include <vector>

#include "setup/ed25519.h"

namespace exlb::agent {

const std::vector<Ed25519PublicKey>& builtinVendorKeys();

// True when the build trusts the public development key (shown in system
// information so nobody ships such a build unknowingly).
bool trustsDevelopmentKey();

}  // namespace exlb::agent
