// exlb-network-apply: applies the agent's network settings on the appliance.
//
// The agent runs unprivileged in a read-only system (its unit's sandbox), so
// it cannot write /etc/systemd/network or /etc/hostname itself. It writes
// the wanted NetworkConfig (protobuf JSON) to /var/lib/exlb/network-request.json;
// exlb-network-apply.path notices and runs this program as root, which
// validates it through the same renderer as everything else, writes the
// files atomically, has systemd-networkd reload them and sets the host name.
// The outcome goes to network-result.json beside the request, for the agent.
//
//   exlb-network-apply [--system-root DIR] [--result FILE] [--no-reload] REQUEST
#include <google/protobuf/util/json_util.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string_view>

#include "setup/network_render.h"
#include "setup/network_writer.h"

extern char** environ;

namespace {

namespace fs = std::filesystem;
using exlb::agent::RenderedFile;

constexpr std::size_t kMaxRequestBytes = 64 * 1024;

std::string readRequest(const fs::path& path, exlb::v1::NetworkConfig& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read " + path.string();
  std::string text(kMaxRequestBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxRequestBytes) return path.string() + " is larger than 64 KiB";
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(text, &out, options);
  if (!status.ok()) return path.string() + ": " + std::string(status.message());
  return {};
}

// Runs argv without a shell; true when it exits 0.
bool runProgram(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (::posix_spawn(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return false;
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return false;
  }
  return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

std::string jsonQuoted(std::string_view s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out + "\"";
}

int finish(const fs::path& result, const std::string& error) {
  if (!error.empty()) std::cerr << "exlb-network-apply: " << error << "\n";
  if (!result.empty()) {
    const std::string body = std::string("{\"ok\": ") + (error.empty() ? "true" : "false") +
                             ", \"message\": " + jsonQuoted(error.empty() ? "applied" : error) +
                             "}\n";
    const std::string e = exlb::agent::writeSystemFiles(
        result.parent_path(), {{"/" + result.filename().string(), body, 0644}});
    if (!e.empty()) std::cerr << "exlb-network-apply: " << e << "\n";
  }
  return error.empty() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = "/";
  fs::path request;
  fs::path result;
  bool reload = true;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--system-root" && i + 1 < argc) {
      root = argv[++i];
    } else if (arg == "--result" && i + 1 < argc) {
      result = argv[++i];
    } else if (arg == "--no-reload") {
      reload = false;
    } else if (!arg.empty() && arg.front() != '-' && request.empty()) {
      request = std::string(arg);
    } else {
      std::cerr << "usage: exlb-network-apply [--system-root DIR] [--result FILE] "
                   "[--no-reload] REQUEST.json\n";
      return 2;
    }
  }
  if (request.empty()) {
    std::cerr << "exlb-network-apply: no request file given\n";
    return 2;
  }
  if (result.empty()) result = request.parent_path() / "network-result.json";

  exlb::v1::NetworkConfig network;
  if (std::string e = readRequest(request, network); !e.empty()) return finish(result, e);
  const auto rendering = exlb::agent::renderNetwork(network);
  if (std::string e = exlb::agent::writeNetworkRendering(root, rendering); !e.empty()) {
    return finish(result, e);
  }
  if (reload) {
    if (!network.hostname().empty() &&
        ::sethostname(network.hostname().data(), network.hostname().size()) != 0) {
      return finish(result, "files written, but the host name could not be set");
    }
    if (!runProgram({"/usr/bin/networkctl", "reload"})) {
      return finish(result, "files written, but systemd-networkd did not reload them");
    }
  }
  return finish(result, {});
}
