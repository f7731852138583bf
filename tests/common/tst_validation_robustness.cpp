// validateConfig never crashes, always returns, and keeps its promises
// (errors first, one-line messages, paths that name real fields) whatever a
// configuration holds: random field values, and random byte mutations of
// the binary and JSON forms that still parse. Bounded: about 5,500
// configurations from a fixed seed, so a failure reproduces.
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/stubs/logging.h>
#include <gtest/gtest.h>

#include "exlb/common/config_json.h"
#include "exlb/common/validation.h"
#include "test_configs.h"

using namespace exlb;
namespace pb = google::protobuf;

namespace {

constexpr int kRandomFieldConfigs = 2500;
constexpr int kBinaryMutations = 1500;
constexpr int kJsonMutations = 1500;

class Mutator {
 public:
  // Binary and JSON forms only carry valid UTF-8 strings (protobuf refuses
  // others when parsing), so those phases ask for ASCII-only random strings.
  Mutator(std::uint32_t seed, bool anyBytes) : rng_(seed), anyBytes_(anyBytes) {}

  int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }

  std::string randomString() {
    static const std::string kPool[] = {
        "", "10.0.0.17", "10.0.0.15", "10.0.0.16", "10.0.1.1", "10.0.0.253", "10.0.0.300",
        "255.255.0.0", "255.255.255.0", "255.0.255.0", "0.0.0.0", "255.255.255.255",
        "224.0.0.18", "10.0.0.0", "10.0.255.255", "172.16.0.0", "mail.mydomain.local", "mail",
        "default", "Default", "Europe/Paris", "../x", "cas1", "hub1", "a b", "#", "${x}", "\"",
        "'", "\n", "bind :22\n", std::string(1, '\0'), "\xFF\xFE", std::string(100000, 'a'),
        std::string(300, '.'), "-", "UTC", "\xC3\xA4"};
    if (below(4) != 0) {
      const std::string& s = kPool[below(static_cast<int>(std::size(kPool)))];
      if (anyBytes_ || s != "\xFF\xFE") return s;
    }
    std::string s(static_cast<std::size_t>(below(40)), '\0');
    for (auto& c : s) c = static_cast<char>(below(anyBytes_ ? 256 : 128));
    return s;
  }

  std::uint32_t randomUint() {
    static const std::uint32_t kPool[] = {0,     1,     2,     25,    80,    135,   443,
                                          253,   255,   256,   4094,  4095,  59531, 60000,
                                          60001, 60554, 65535, 65536, 86400, 86401,
                                          std::numeric_limits<std::uint32_t>::max()};
    if (below(3) != 0) return kPool[below(static_cast<int>(std::size(kPool)))];
    return static_cast<std::uint32_t>(rng_());
  }

  // One random change somewhere in `message`.
  void mutate(pb::Message& message, int depth = 0) {
    const auto* descriptor = message.GetDescriptor();
    const auto* reflection = message.GetReflection();
    const auto* f = descriptor->field(below(descriptor->field_count()));
    if (f->is_repeated()) {
      const int size = reflection->FieldSize(message, f);
      const int action = below(3);
      if (action == 0 && size < 7) {
        pb::Message* added = reflection->AddMessage(&message, f);
        const int changes = below(4);
        for (int i = 0; i < changes; ++i) mutate(*added, depth + 1);
      } else if (action == 1 && size > 0) {
        reflection->RemoveLast(&message, f);
      } else if (size > 0) {
        mutate(*reflection->MutableRepeatedMessage(&message, f, below(size)), depth + 1);
      }
      return;
    }
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        mutate(*reflection->MutableMessage(&message, f), depth + 1);
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT32:
        reflection->SetUInt32(&message, f, randomUint());
        break;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        // Proto3 enums are open: unknown numbers survive parsing, so they
        // must be handled too.
        reflection->SetEnumValue(&message, f, below(12) - 2);
        break;
      case pb::FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(&message, f, randomString());
        break;
      default:
        FAIL() << "the schema gained a field type this test does not mutate: " << f->full_name();
    }
  }

  void mutateBytes(std::string& bytes, int maxEdits) {
    const int edits = 1 + below(maxEdits);
    for (int i = 0; i < edits; ++i) {
      const int kind = below(4);  // half the edits replace, a quarter insert, a quarter erase
      const auto pos = bytes.empty() ? 0 : static_cast<std::size_t>(below(static_cast<int>(bytes.size())));
      if (kind <= 1 && !bytes.empty()) {
        bytes[pos] = sameClass(bytes[pos]);
      } else if (kind == 2) {
        bytes.insert(pos, 1, static_cast<char>(below(256)));
      } else if (!bytes.empty()) {
        bytes.erase(pos, 1 + static_cast<std::size_t>(below(4)));
      }
    }
  }

  // Edits aimed mostly at the values of the pretty-printed JSON (what follows
  // `": `), so that most mutations still parse and reach validation; one in
  // five edits may hit anything (names, brackets) and exercise the parser's
  // refusals.
  void mutateJson(std::string& text) {
    std::vector<std::size_t> valuePositions;
    for (std::size_t at = text.find("\": "); at != std::string::npos; at = text.find("\": ", at + 1)) {
      for (std::size_t i = at + 3; i < text.size() && text[i] != '\n' && text[i] != ','; ++i) {
        valuePositions.push_back(i);
      }
    }
    if (valuePositions.empty() || below(5) == 0) {
      mutateBytes(text, 2);
      return;
    }
    const std::size_t pos = valuePositions[static_cast<std::size_t>(below(static_cast<int>(valuePositions.size())))];
    const char printable = static_cast<char>(' ' + below(95));
    switch (below(3)) {
      case 0: text[pos] = text[pos] == '"' ? text[pos] : sameClass(text[pos]); break;
      case 1: if (printable != '"' && printable != '\\') text.insert(pos + 1, 1, printable); break;
      default: if (text[pos] != '"') text.erase(pos, 1); break;
    }
  }

  // A character of the same kind (digit for digit, letter for letter), so
  // that many mutations keep the text parseable and reach validation; any
  // byte otherwise.
  char sameClass(char c) {
    if (c >= '0' && c <= '9' && below(4) != 0) return static_cast<char>('0' + below(10));
    if (c >= 'a' && c <= 'z' && below(4) != 0) return static_cast<char>('a' + below(26));
    return static_cast<char>(below(anyBytes_ ? 256 : 128));
  }

  v1::ApplianceConfig randomConfig() {
    v1::ApplianceConfig config = below(2) == 0 ? test::cleanConfig() : defaultConfig();
    const int changes = 1 + below(12);
    for (int i = 0; i < changes; ++i) mutate(config);
    return config;
  }

 private:
  std::mt19937 rng_;
  bool anyBytes_;
};

// What must hold for any configuration.
void expectPromisesKept(const v1::ApplianceConfig& config, bool checkDeterminism) {
  const auto problems = validateConfig(config);
  bool seenWarning = false;
  for (const auto& p : problems) {
    if (p.severity == Severity::Warning) seenWarning = true;
    EXPECT_FALSE(p.severity == Severity::Error && seenWarning)
        << "an error comes after a warning: " << p.path;
    EXPECT_TRUE(test::pathNamesField(config, p.path)) << "not a field: " << p.path;
    EXPECT_FALSE(p.message.empty()) << p.path;
    EXPECT_LT(p.message.size(), 600u) << p.path;
    for (const char c : p.message) {
      ASSERT_GE(static_cast<unsigned char>(c), 0x20u) << "control character in: " << p.message;
    }
  }
  if (checkDeterminism) {
    EXPECT_EQ(validateConfig(config), problems);
  }
}

TEST(ValidationRobustness, RandomFieldValues) {
  Mutator m(20261124, true);
  for (int i = 0; i < kRandomFieldConfigs; ++i) {
    SCOPED_TRACE("configuration #" + std::to_string(i));
    expectPromisesKept(m.randomConfig(), i % 10 == 0);
    if (HasFatalFailure() || HasNonfatalFailure()) return;  // one report is enough
  }
}

TEST(ValidationRobustness, MutatedBinaryForms) {
  // Protobuf logs every invalid UTF-8 string it refuses; thousands are expected here.
  const pb::LogSilencer quiet;
  Mutator m(4094, false);
  int parsed = 0;
  for (int i = 0; i < kBinaryMutations; ++i) {
    SCOPED_TRACE("mutation #" + std::to_string(i));
    std::string bytes = m.randomConfig().SerializeAsString();
    m.mutateBytes(bytes, 3);
    v1::ApplianceConfig config;
    if (!config.ParseFromString(bytes)) continue;
    ++parsed;
    expectPromisesKept(config, false);
    if (HasFatalFailure() || HasNonfatalFailure()) return;
  }
  // The test means something only if many mutations still parse.
  EXPECT_GT(parsed, kBinaryMutations / 10);
  RecordProperty("parsed", parsed);
}

TEST(ValidationRobustness, MutatedJsonForms) {
  // Protobuf logs every invalid UTF-8 string it refuses; thousands are expected here.
  const pb::LogSilencer quiet;
  Mutator m(60554, false);
  int parsed = 0;
  for (int i = 0; i < kJsonMutations; ++i) {
    SCOPED_TRACE("mutation #" + std::to_string(i));
    std::string text = configToJson(m.randomConfig());
    m.mutateJson(text);
    v1::ApplianceConfig config;
    std::string error;
    if (!configFromJson(text, config, error)) {
      EXPECT_FALSE(error.empty());
      EXPECT_EQ(error.find('\n'), std::string::npos) << error;
      EXPECT_EQ(config.ByteSizeLong(), 0u) << "a refused text left a partial configuration";
      continue;
    }
    ++parsed;
    expectPromisesKept(config, false);
    if (HasFatalFailure() || HasNonfatalFailure()) return;
  }
  EXPECT_GT(parsed, kJsonMutations / 10);
  RecordProperty("parsed", parsed);
}

}  // namespace
