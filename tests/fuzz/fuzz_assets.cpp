// The fuzz build's stand-in for the embedded web page (generated into the
// agent's build folder, which the fuzz library does not build): one page is
// enough to reach the static-file path of the dispatcher.
#include "web/static_assets.h"

namespace exlb::agent {

const StaticAssets& builtinAssets() {
  static const StaticAssets assets{
      {"/index.html", {"text/html; charset=utf-8", "<!doctype html><title>exlb</title>"}},
  };
  return assets;
}

}  // namespace exlb::agent
