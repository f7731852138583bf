// validateConfig: every rule of every area, in the configuration's order.
// The rules themselves live in validation_{fields,network,servers,services,
// listeners}.cpp.
#include "exlb/common/validation.h"

#include <string>

#include "exlb/common/defaults.h"
#include "exlb/common/syntax.h"
#include "validation_internal.h"

namespace exlb {

namespace {

using validation::ProblemSink;
using validation::Use;

void validateSchemaVersion(ProblemSink& sink, std::uint32_t version) {
  if (version == kSchemaVersion) return;
  const std::string current = std::to_string(kSchemaVersion);
  if (version == 0) {
    sink.error("schema_version", "is missing (0); a configuration of this version says " +
                                     current + ".");
  } else if (version > kSchemaVersion) {
    sink.error("schema_version", std::to_string(version) +
                                     " is newer than this agent understands (" + current +
                                     "); upgrade the agent before loading this configuration.");
  }
}

void validateSystem(ProblemSink& sink, const v1::SystemSettings& system) {
  validation::checkEnum(sink, "system.language", system.language(), v1::Language_descriptor());
  const std::string& tz = system.timezone();
  if (tz.empty()) {
    sink.error("system.timezone", "no time zone is set; use an IANA name like UTC or "
                                  "Europe/Paris.");
  } else if (!isTimezoneName(tz)) {
    if (const auto bad = forbiddenCharacter(tz)) {
      sink.error("system.timezone",
                 quoteValue(tz) + " contains " + *bad + ", which a time zone name cannot hold.");
    } else {
      sink.error("system.timezone",
                 quoteValue(tz) + " is not a time zone name; use an IANA name like UTC or "
                              "Europe/Paris.");
    }
  }
}

void validateManagement(ProblemSink& sink, const v1::ManagementSettings& management) {
  validation::checkPort(sink, "management.port", management.port(), Use::Required);
  if (management.certificate().empty()) {
    sink.error("management.certificate",
               "no certificate is chosen for the management page; use 'default', the "
               "appliance's self-signed certificate, or an imported one.");
  } else {
    validation::checkCertificateId(sink, "management.certificate", management.certificate(),
                                   Use::Required);
  }
}

// Absent (a configuration written before the Services tab existed) means the
// factory modes; present, each mode must be chosen.
void validateServices(ProblemSink& sink, const v1::ApplianceConfig& config) {
  if (!config.has_services()) return;
  validation::checkEnum(sink, "services.haproxy", config.services().haproxy(),
                        v1::StartupMode_descriptor());
  validation::checkEnum(sink, "services.vrrp", config.services().vrrp(),
                        v1::StartupMode_descriptor());
}

bool underPrefix(const std::string& path, std::string_view prefix) {
  if (!path.starts_with(prefix)) return false;
  if (path.size() == prefix.size()) return true;
  const char next = path[prefix.size()];
  return next == '.' || next == '[';
}

}  // namespace

std::vector<Problem> validateConfig(const v1::ApplianceConfig& config) {
  ProblemSink sink;
  validateSchemaVersion(sink, config.schema_version());
  validation::Context context = validation::validateNetwork(sink, config.network());
  validation::validateHighAvailability(sink, config.high_availability(), context);
  validation::validateServers(sink, config, context);
  validation::validateHttp(sink, config.http());
  validation::validateMail(sink, "imap", config.imap());
  validation::validateMail(sink, "pop3", config.pop3());
  validation::validateRpc(sink, config.rpc());
  validation::validateSmtp(sink, config.smtp());
  validateSystem(sink, config.system());
  validation::checkEnum(sink, "exchange_version", config.exchange_version(),
                        v1::ExchangeVersion_descriptor());
  validateManagement(sink, config.management());
  validateServices(sink, config);
  validation::validateListeners(sink, config, context);
  return sink.take();
}

bool hasErrors(const std::vector<Problem>& problems) {
  for (const auto& p : problems) {
    if (p.severity == Severity::Error) return true;
  }
  return false;
}

std::vector<Problem> problemsUnder(const std::vector<Problem>& problems, std::string_view prefix) {
  std::vector<Problem> out;
  for (const auto& p : problems) {
    if (underPrefix(p.path, prefix)) out.push_back(p);
  }
  return out;
}

std::vector<Problem> validateArea(const v1::ApplianceConfig& config, std::string_view area) {
  return problemsUnder(validateConfig(config), area);
}

}  // namespace exlb
