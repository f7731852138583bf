#pragma once
// Shared pieces of the validation rules (common/src/validation_*.cpp). Not a
// public header: the public face is exlb/common/validation.h.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "exlb/common/ipv4.h"
#include "exlb/common/validation.h"
#include "exlb/v1/config.pb.h"

namespace google::protobuf {
class EnumDescriptor;
}

namespace exlb::validation {

// Collects problems as the rules find them; take() returns errors first, then
// warnings, each in the configuration's field order.
class ProblemSink {
 public:
  void error(std::string path, std::string message);
  void warning(std::string path, std::string message);
  std::vector<Problem> take();

 private:
  std::vector<Problem> problems_;
};

// "cas_servers" + 1 + "address" -> "cas_servers[1].address".
std::string indexed(std::string_view path, int index);
std::string field(std::string_view path, std::string_view name);

// Whether a field is used by the service's current mode decides whether it
// is required; an unused field may stay empty/zero but is still checked for
// syntax so that nothing unsafe sits in a saved configuration.
enum class Use { Required, Optional };

// Each returns true when the value is acceptable (or unused and empty).
bool checkEnum(ProblemSink& sink, const std::string& path, int value,
               const google::protobuf::EnumDescriptor* type);
bool checkPort(ProblemSink& sink, const std::string& path, std::uint32_t value, Use use);
bool checkTimeout(ProblemSink& sink, const std::string& path, std::uint32_t value, Use use);
bool checkCertificateId(ProblemSink& sink, const std::string& path, const std::string& value,
                        Use use);
// A host's IPv4 address (not network 0/8, multicast or reserved). `what` is
// the noun for messages ("a CAS server", "the gateway").
std::optional<std::uint32_t> checkHostAddress(ProblemSink& sink, const std::string& path,
                                              const std::string& value, Use use);
bool checkHostname(ProblemSink& sink, const std::string& path, const std::string& value,
                   Use use, bool fullyQualified);

// What the rules of one area need to know about the others.
struct Context {
  std::optional<Subnet> subnet;                 // the appliance's own, when valid
  std::optional<std::uint32_t> ownAddress;      // network.address, when valid
  std::optional<std::uint32_t> virtualAddress;  // HA virtual address, when HA is on and valid
  bool haEnabled = false;
  // The address the services listen on (own address standalone, the virtual
  // address with HA), as text for messages.
  std::string listenAddressText;
};

// Areas, in the configuration's field order.
Context validateNetwork(ProblemSink& sink, const v1::NetworkConfig& network);
void validateHighAvailability(ProblemSink& sink, const v1::HighAvailabilityConfig& ha,
                              Context& context);
void validateServers(ProblemSink& sink, const v1::ApplianceConfig& config,
                     const Context& context);
void validateHttp(ProblemSink& sink, const v1::HttpService& http);
void validateMail(ProblemSink& sink, const std::string& area, const v1::MailService& mail);
void validateRpc(ProblemSink& sink, const v1::RpcService& rpc);
void validateSmtp(ProblemSink& sink, const v1::SmtpService& smtp);
// No two listeners on one port of the listening address, across services
// and the management page.
void validateListeners(ProblemSink& sink, const v1::ApplianceConfig& config,
                       const Context& context);

// Which ports a mail mode (IMAP, POP3, SMTP) listens on and connects to.
struct MailModeUse {
  bool enabled = false;
  bool clearListener = false;   // virtual_port
  bool tlsListener = false;     // virtual_tls_port
  bool clearServer = false;     // server_port
  bool tlsServer = false;       // server_tls_port
  bool offload = false;         // needs a certificate
};
MailModeUse mailModeUse(v1::MailMode mode);

bool httpEnabled(v1::HttpMode mode);

}  // namespace exlb::validation
