// `exlb-agent --check-config FILE`, run as an administrator runs it: the
// built binary on files in a temporary folder, its exit code and its lines.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

extern char** environ;

namespace {

namespace fs = std::filesystem;

struct AgentRun {
  int exitCode = -1;
  std::string out;
  std::string err;
};

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> result;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) result.push_back(line);
  return result;
}

class CheckConfig : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "tst_check_config.XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  fs::path write(const std::string& name, const std::string& content) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  static std::string slurp(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }

  // Runs the agent with `args` (an argument vector, no shell), its output in
  // files of the temporary folder.
  AgentRun agent(const std::vector<std::string>& args) {
    const fs::path outPath = dir_ / "stdout";
    const fs::path errPath = dir_ / "stderr";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, outPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> argv = {EXLB_AGENT_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargv;
    for (auto& a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    pid_t pid = 0;
    AgentRun run;
    const int spawned = posix_spawn(&pid, EXLB_AGENT_BINARY, &actions, nullptr, cargv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    EXPECT_EQ(spawned, 0) << "cannot start " << EXLB_AGENT_BINARY;
    if (spawned != 0) return run;
    int status = 0;
    EXPECT_EQ(waitpid(pid, &status, 0), pid);
    EXPECT_TRUE(WIFEXITED(status)) << "the agent did not exit normally (crash?)";
    run.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    run.out = slurp(outPath);
    run.err = slurp(errPath);
    return run;
  }

  fs::path dir_;
};

// One mistake or more in every area of the guide.
constexpr const char* kBrokenConfig = R"({
  "schema_version": 1,
  "network": {
    "hostname": "lb 1", "address": "10.0.0.17", "netmask": "255.255.0.0",
    "gateway": "10.1.0.1", "vlan_id": 5000,
    "static_routes": [{"network": "172.16.1.0", "netmask": "255.255.0.0", "router": "192.168.9.9"}]
  },
  "high_availability": {"role": "HA_ROLE_MASTER", "virtual_address": "10.0.0.17", "cluster_id": 0},
  "cas_servers": [
    {"address": "10.0.0.300", "admin_state": "SERVER_ADMIN_STATE_READY"},
    {"address": "10.0.0.15", "admin_state": "SERVER_ADMIN_STATE_READY"},
    {"address": "10.0.0.15", "name": "cas 3", "admin_state": "SERVER_ADMIN_STATE_READY"}
  ],
  "http": {
    "mode": "HTTP_MODE_SSL_OFFLOAD", "host_name": "", "virtual_https_port": 443,
    "redirect_http_port": 80, "cas_http_port": 80, "cas_https_port": 443,
    "timeout_seconds": 0, "certificate": "",
    "applications": {
      "outlook_web_app": "TOGGLE_ENABLED", "exchange_control_panel": "TOGGLE_ENABLED",
      "offline_address_book": "TOGGLE_ENABLED", "autodiscover": "TOGGLE_DISABLED",
      "exchange_web_services": "TOGGLE_ENABLED", "activesync": "TOGGLE_ENABLED",
      "outlook_anywhere": "TOGGLE_ENABLED", "remote_powershell": "TOGGLE_DISABLED"
    }
  },
  "imap": {"mode": "MAIL_MODE_CLEAR", "virtual_port": 443, "server_port": 143, "timeout_seconds": 25},
  "pop3": {"mode": "MAIL_MODE_SSL_OFFLOAD", "virtual_tls_port": 995, "server_port": 110,
           "timeout_seconds": 25, "certificate": ""},
  "rpc": {"state": "TOGGLE_ENABLED", "endpoint_mapper_port": 135, "client_access_port": 60000,
          "address_book_port": 60000, "timeout_seconds": 25},
  "smtp": {"mode": "MAIL_MODE_CLEAR", "virtual_port": 25, "server_port": 25, "timeout_seconds": 25},
  "system": {"language": "LANGUAGE_ENGLISH", "timezone": "Europe Paris"},
  "management": {"port": 4444, "certificate": ""}
})";

TEST_F(CheckConfig, ReportsEveryProblemOfABrokenFileAtOnceErrorsFirst) {
  const AgentRun run = agent({"--check-config", write("broken.json", kBrokenConfig).string()});
  EXPECT_EQ(run.exitCode, 1);
  const auto printed = lines(run.out);
  const std::vector<std::string> expectedErrors = {
      "network.hostname", "network.gateway", "network.vlan_id",
      "network.static_routes[0].network", "network.static_routes[0].router",
      "high_availability.virtual_address", "high_availability.cluster_id",
      "cas_servers[0].address", "cas_servers[2].address", "cas_servers[2].name",
      "http.host_name", "http.timeout_seconds", "http.certificate", "imap.virtual_port",
      "pop3.certificate", "rpc.address_book_port", "smtp.hub_servers", "system.timezone",
      "exchange_version", "management.certificate"};
  for (const auto& path : expectedErrors) {
    bool found = false;
    for (const auto& line : printed) found |= line.starts_with("error: " + path + ": ");
    EXPECT_TRUE(found) << "no error line for " << path << " in:\n" << run.out;
  }
  bool warningSeen = false;
  bool autodiscoverWarned = false;
  for (const auto& line : printed) {
    const bool isError = line.starts_with("error: ");
    const bool isWarning = line.starts_with("warning: ");
    EXPECT_TRUE(isError || isWarning) << "not a problem line: " << line;
    EXPECT_FALSE(isError && warningSeen) << "error after a warning: " << line;
    warningSeen |= isWarning;
    autodiscoverWarned |= line.starts_with("warning: http.applications.autodiscover: ");
  }
  EXPECT_TRUE(autodiscoverWarned) << run.out;
  EXPECT_NE(run.out.find("error: cas_servers[0].address: '10.0.0.300' is not an IPv4 address"),
            std::string::npos) << run.out;
}

TEST_F(CheckConfig, FactoryConfigurationPassesWithItsOneWarning) {
  const AgentRun printed = agent({"--print-default-config"});
  ASSERT_EQ(printed.exitCode, 0) << printed.err;
  const AgentRun run = agent({"--check-config", write("factory.json", printed.out).string()});
  EXPECT_EQ(run.exitCode, 0) << run.out << run.err;
  const auto out = lines(run.out);
  ASSERT_EQ(out.size(), 1u) << run.out;
  EXPECT_TRUE(out[0].starts_with("warning: cas_servers: ")) << out[0];
}

TEST_F(CheckConfig, MissingFileIsAOneLineError) {
  const AgentRun run = agent({"--check-config", (dir_ / "nope.json").string()});
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_TRUE(run.out.empty()) << run.out;
  ASSERT_EQ(lines(run.err).size(), 1u) << run.err;
  EXPECT_NE(run.err.find("nope.json' cannot be read"), std::string::npos) << run.err;
}

TEST_F(CheckConfig, FolderIsAOneLineError) {
  const AgentRun run = agent({"--check-config", dir_.string()});
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_NE(run.err.find("is a folder"), std::string::npos) << run.err;
}

TEST_F(CheckConfig, EmptyFileIsAOneLineError) {
  const AgentRun run = agent({"--check-config", write("empty.json", "").string()});
  EXPECT_EQ(run.exitCode, 1);
  ASSERT_EQ(lines(run.err).size(), 1u) << run.err;
  EXPECT_NE(run.err.find("empty"), std::string::npos) << run.err;
}

TEST_F(CheckConfig, MalformedJsonIsAOneLineError) {
  const std::vector<std::string> texts = {"{\"network\": {\"hostname\": ", "not json at all",
                                          std::string("\x7F" "ELF\x02\x01\x01\x00\x00", 9), "[]"};
  for (const std::string& text : texts) {
    const AgentRun run = agent({"--check-config", write("bad.json", text).string()});
    EXPECT_EQ(run.exitCode, 1) << text;
    EXPECT_TRUE(run.out.empty()) << run.out;
    EXPECT_EQ(lines(run.err).size(), 1u) << run.err;
    EXPECT_TRUE(run.err.starts_with("error: ")) << run.err;
  }
}

TEST_F(CheckConfig, UnknownFieldIsNamed) {
  const AgentRun run = agent({"--check-config", write("typo.json", R"({"http": {"virtual_http_port": 443}})").string()});
  EXPECT_EQ(run.exitCode, 1);
  EXPECT_NE(run.err.find("http.virtual_http_port: unknown field"), std::string::npos) << run.err;
}

TEST_F(CheckConfig, MissingFileArgumentIsAUsageError) {
  const AgentRun run = agent({"--check-config"});
  EXPECT_EQ(run.exitCode, 2);
  EXPECT_NE(run.err.find("needs a FILE"), std::string::npos) << run.err;
}

}  // namespace
