// The building blocks of validation: the problem sink and the checks of
// single fields (enums, ports, timeouts, addresses, names).
#include <algorithm>
#include <string>

#include <google/protobuf/descriptor.h>

#include "exlb/common/syntax.h"
#include "validation_internal.h"

namespace exlb::validation {

namespace {

// The top-level field's number orders problems as the configuration reads.
int fieldRank(const std::string& path) {
  const std::size_t end = path.find_first_of(".[");
  const std::string top = path.substr(0, end);
  const auto* descriptor = v1::ApplianceConfig::descriptor()->FindFieldByName(top);
  return descriptor != nullptr ? descriptor->number() : 1000;
}

constexpr std::uint32_t kMaxTimeoutSeconds = 86400;

}  // namespace

void ProblemSink::error(std::string path, std::string message) {
  problems_.push_back({Severity::Error, std::move(path), std::move(message)});
}

void ProblemSink::warning(std::string path, std::string message) {
  problems_.push_back({Severity::Warning, std::move(path), std::move(message)});
}

std::vector<Problem> ProblemSink::take() {
  std::stable_sort(problems_.begin(), problems_.end(), [](const Problem& a, const Problem& b) {
    if (a.severity != b.severity) return a.severity == Severity::Error;
    return fieldRank(a.path) < fieldRank(b.path);
  });
  return std::move(problems_);
}

std::string indexed(std::string_view path, int index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

std::string field(std::string_view path, std::string_view name) {
  return std::string(path) + "." + std::string(name);
}

bool checkEnum(ProblemSink& sink, const std::string& path, int value,
               const google::protobuf::EnumDescriptor* type) {
  if (value != 0 && type->FindValueByNumber(value) != nullptr) return true;
  std::string choices;
  for (int i = 1; i < type->value_count(); ++i) {
    if (!choices.empty()) choices += (i + 1 == type->value_count()) ? " or " : ", ";
    choices += type->value(i)->name();
  }
  if (value == 0) {
    sink.error(path, "is not set; choose " + choices + ".");
  } else {
    sink.error(path, std::to_string(value) + " is not a valid choice; choose " + choices + ".");
  }
  return false;
}

bool checkPort(ProblemSink& sink, const std::string& path, std::uint32_t value, Use use) {
  if (value >= 1 && value <= 65535) return true;
  if (value == 0 && use == Use::Optional) return true;
  if (value == 0) {
    sink.error(path, "no port is set; a TCP port from 1 to 65535 is needed.");
  } else {
    sink.error(path, std::to_string(value) + " is not a TCP port; use 1 to 65535.");
  }
  return false;
}

bool checkTimeout(ProblemSink& sink, const std::string& path, std::uint32_t value, Use use) {
  if (value >= 1 && value <= kMaxTimeoutSeconds) return true;
  if (value == 0 && use == Use::Optional) return true;
  sink.error(path, std::to_string(value) +
                       " seconds is not a usable timeout; use 1 to 86400 seconds (one day).");
  return false;
}

bool checkCertificateId(ProblemSink& sink, const std::string& path, const std::string& value,
                        Use use) {
  if (value.empty()) {
    if (use == Use::Optional) return true;
    sink.error(path,
               "no certificate is chosen; SSL offloading needs one (import it, or use 'default', "
               "the appliance's self-signed certificate).");
    return false;
  }
  if (isCertificateId(value)) return true;
  if (const auto bad = forbiddenCharacter(value)) {
    sink.error(path, quoteValue(value) + " contains " + *bad + ", which a certificate id cannot hold.");
  } else {
    sink.error(path, quoteValue(value) +
                         " is not a certificate id: use lower-case letters, digits, '.', '_' and "
                         "'-', starting with a letter or digit, at most 64 characters.");
  }
  return false;
}

std::optional<std::uint32_t> checkHostAddress(ProblemSink& sink, const std::string& path,
                                              const std::string& value, Use use) {
  if (value.empty()) {
    if (use == Use::Required) sink.error(path, "no address is set; an IPv4 address is needed.");
    return std::nullopt;
  }
  const auto address = parseIpv4(value);
  if (!address) {
    sink.error(path, quoteValue(value) + " is not an IPv4 address (four numbers 0-255, like 10.0.0.17).");
    return std::nullopt;
  }
  if (isUnusableHostAddress(*address)) {
    sink.error(path, quoteValue(value) +
                         " cannot be a host's address (0.x.x.x, multicast and reserved addresses "
                         "are not).");
    return std::nullopt;
  }
  return address;
}

bool checkHostname(ProblemSink& sink, const std::string& path, const std::string& value,
                   Use use, bool fullyQualified) {
  if (value.empty()) {
    if (use == Use::Optional) return true;
    sink.error(path, fullyQualified
                         ? "no host name is set; give the name clients use, like mail.example.com."
                         : "no host name is set.");
    return false;
  }
  if (isHostname(value)) return true;
  if (const auto bad = forbiddenCharacter(value)) {
    sink.error(path, quoteValue(value) + " contains " + *bad + ", which a host name cannot hold.");
  } else {
    sink.error(path, quoteValue(value) +
                         " is not a valid host name: use letters, digits and '-' in labels of at "
                         "most 63 characters separated by dots, not starting or ending with '-'.");
  }
  return false;
}

MailModeUse mailModeUse(v1::MailMode mode) {
  MailModeUse u;
  switch (mode) {
    case v1::MAIL_MODE_CLEAR:
      u = {true, true, false, true, false, false};
      break;
    case v1::MAIL_MODE_SSL_FORWARD:
      u = {true, false, true, false, true, false};
      break;
    case v1::MAIL_MODE_SSL_OFFLOAD:
      u = {true, false, true, true, false, true};
      break;
    case v1::MAIL_MODE_CLEAR_AND_SSL_FORWARD:
      u = {true, true, true, true, true, false};
      break;
    case v1::MAIL_MODE_CLEAR_AND_SSL_OFFLOAD:
      u = {true, true, true, true, false, true};
      break;
    default:  // disabled, unspecified or an unknown number: nothing is used
      break;
  }
  return u;
}

bool httpEnabled(v1::HttpMode mode) {
  return mode == v1::HTTP_MODE_SSL_OFFLOAD || mode == v1::HTTP_MODE_SSL_FORWARD;
}

}  // namespace exlb::validation
