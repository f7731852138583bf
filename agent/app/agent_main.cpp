#include "app/agent_main.h"

#include <cstdio>
#include <iostream>
#include <string_view>
#include <vector>

#include "app/check_config.h"
#include "app/daemon.h"
#include "exlb/common/config_json.h"
#include "exlb/common/defaults.h"

namespace exlb::agent {

namespace {

void printUsage() {
  std::cout << "usage: exlb-agent [--version] [--print-default-config] [--check-config FILE]\n"
               "       exlb-agent --data-dir DIR [daemon options]\n"
            << daemonUsage() << apiTuningUsage();
}

// Daemon options start with one of these; the agent then runs as the daemon.
bool isDaemonOption(std::string_view arg) {
  for (const char* o : {"--data-dir", "--run-dir", "--system-root", "--haproxy", "--config",
                        "--listen", "--log-level"})
    if (arg == o) return true;
  return false;
}

}  // namespace

int agentMain(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--version") {
      std::cout << "exlb-agent " << EXLB_VERSION << "\n";
      return 0;
    }
    if (arg == "--print-default-config") {
      std::cout << configToJson(defaultConfig()) << "\n";
      return 0;
    }
    if (arg == "--check-config") {
      if (i + 1 >= argc) {
        std::cerr << "exlb-agent: --check-config needs a FILE\n";
        return 2;
      }
      return checkConfigFile(argv[i + 1], std::cout, std::cerr);
    }
    if (isDaemonOption(arg)) {
      DaemonOptions options;
      std::string error;
      if (!parseDaemonOptions(std::vector<std::string>(argv + i, argv + argc), options, error)) {
        std::cerr << "exlb-agent: " << error << "\n";
        printUsage();
        return 2;
      }
      return runDaemon(options);
    }
    if (arg == "--help" || arg == "-h") {
      printUsage();
      return 0;
    }
    std::cerr << "exlb-agent: unknown option '" << arg << "'\n";
    printUsage();
    return 2;
  }
  printUsage();
  return 2;
}

}  // namespace exlb::agent
