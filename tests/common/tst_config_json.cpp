// The configuration's text form: every field survives JSON and back; an
// unknown or mistyped field is refused with an error naming it.
#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "exlb/common/config_json.h"
#include "test_configs.h"

using namespace exlb;
namespace pb = google::protobuf;

namespace {

// Every field set to a value of its own (distinct numbers and strings, the
// last value of each enum), two elements in each repeated field: a round trip
// that loses or swaps any field shows.
void fillEveryField(pb::Message& message, int& counter) {
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* f = descriptor->field(i);
    if (f->is_repeated()) {
      ASSERT_EQ(f->cpp_type(), pb::FieldDescriptor::CPPTYPE_MESSAGE) << f->full_name();
      for (int n = 0; n < 2; ++n) fillEveryField(*reflection->AddMessage(&message, f), counter);
      continue;
    }
    ++counter;
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE:
        fillEveryField(*reflection->MutableMessage(&message, f), counter);
        break;
      case pb::FieldDescriptor::CPPTYPE_UINT32:
        reflection->SetUInt32(&message, f, static_cast<std::uint32_t>(1000 + counter));
        break;
      case pb::FieldDescriptor::CPPTYPE_ENUM: {
        const auto* e = f->enum_type();
        reflection->SetEnumValue(&message, f, e->value(e->value_count() - 1)->number());
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_STRING:
        reflection->SetString(&message, f, "value-" + std::to_string(counter) + " \"quoted\" é");
        break;
      default:
        FAIL() << "the schema gained a field type this test does not fill: " << f->full_name();
    }
  }
}

void expectEveryFieldNamed(const pb::Descriptor* descriptor, const std::string& json) {
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const auto* f = descriptor->field(i);
    EXPECT_NE(json.find("\"" + f->name() + "\":"), std::string::npos) << f->full_name();
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      expectEveryFieldNamed(f->message_type(), json);
    }
  }
}

std::string parseError(const std::string& text) {
  v1::ApplianceConfig config;
  std::string error;
  EXPECT_FALSE(configFromJson(text, config, error)) << text;
  EXPECT_EQ(config.ByteSizeLong(), 0u) << "a refused text must leave nothing behind";
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
  return error;
}

TEST(ConfigJson, EveryFieldRoundTrips) {
  v1::ApplianceConfig original;
  int counter = 0;
  fillEveryField(original, counter);
  const std::string json = configToJson(original);
  expectEveryFieldNamed(v1::ApplianceConfig::descriptor(), json);

  v1::ApplianceConfig back;
  std::string error;
  ASSERT_TRUE(configFromJson(json, back, error)) << error;
  std::string differences;
  pb::util::MessageDifferencer differ;
  differ.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differ.Compare(original, back)) << differences;
}

TEST(ConfigJson, FactoryAndGuideExampleRoundTrip) {
  for (const auto& config : {defaultConfig(), test::cleanConfig()}) {
    v1::ApplianceConfig back;
    std::string error;
    ASSERT_TRUE(configFromJson(configToJson(config), back, error)) << error;
    EXPECT_TRUE(pb::util::MessageDifferencer::Equals(config, back));
  }
}

TEST(ConfigJson, PrintsACompleteDocumentWithNamesNotNumbers) {
  const std::string json = configToJson(defaultConfig());
  // Zero and empty values are printed too: a saved file shows every setting.
  EXPECT_NE(json.find("\"vlan_id\": 0"), std::string::npos) << json;
  EXPECT_NE(json.find("\"gateway\": \"\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"mode\": \"HTTP_MODE_SSL_OFFLOAD\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"virtual_https_port\": 443"), std::string::npos) << json;
}

TEST(ConfigJson, UnknownFieldIsNamedWithItsPath) {
  EXPECT_NE(parseError(R"({"bogus": 1})").find("bogus: unknown field"), std::string::npos);
  EXPECT_NE(parseError(R"({"network": {"vlanid": 3}})").find("network.vlanid: unknown field"),
            std::string::npos);
  EXPECT_NE(parseError(R"({"cas_servers": [{"address": "10.0.0.15"}, {"adress": "10.0.0.16"}]})")
                .find("cas_servers[1].adress: unknown field"),
            std::string::npos);
  EXPECT_NE(parseError(R"({"http": {"applications": {"owa": "TOGGLE_ENABLED"}}})")
                .find("http.applications.owa"),
            std::string::npos);
}

TEST(ConfigJson, MistypedFieldIsNamedWithWhatWasExpected) {
  const std::string number = parseError(R"({"network": {"vlan_id": "ten"}})");
  EXPECT_NE(number.find("network.vlan_id: \"ten\" is not a valid value"), std::string::npos) << number;
  EXPECT_NE(number.find("whole number"), std::string::npos) << number;
  const std::string negative = parseError(R"({"http": {"virtual_https_port": -443}})");
  EXPECT_NE(negative.find("http.virtual_https_port"), std::string::npos) << negative;
  const std::string text = parseError(R"({"cas_servers": [{"address": 167772175}]})");
  EXPECT_NE(text.find("cas_servers[0].address"), std::string::npos) << text;
  EXPECT_NE(text.find("string"), std::string::npos) << text;
  const std::string choice = parseError(R"({"http": {"mode": "ssl-offload"}})");
  EXPECT_NE(choice.find("http.mode: \"ssl-offload\""), std::string::npos) << choice;
  EXPECT_NE(choice.find("HTTP_MODE_SSL_OFFLOAD"), std::string::npos) << choice;
}

TEST(ConfigJson, EmptyAndBrokenTextAreRefusedInOneLine) {
  EXPECT_NE(parseError("").find("empty"), std::string::npos);
  EXPECT_NE(parseError(" \n\t ").find("empty"), std::string::npos);
  EXPECT_FALSE(parseError(R"({"network": {"hostname": "exlb")").empty());
  EXPECT_FALSE(parseError("[1, 2]").empty());
  EXPECT_FALSE(parseError("{\"network\": {\"hostname\": \"\xFF\"}}").empty());
  const std::string garbage = parseError(std::string("\x00\x01\x02 not json", 14));
  EXPECT_EQ(garbage.find('\0'), std::string::npos);
}

TEST(ConfigJson, RefusalClearsAPreviouslyFilledConfiguration) {
  v1::ApplianceConfig config = defaultConfig();
  std::string error;
  EXPECT_FALSE(configFromJson(R"({"network": {"vlan_id": "x"}})", config, error));
  EXPECT_EQ(config.ByteSizeLong(), 0u);
}

}  // namespace
