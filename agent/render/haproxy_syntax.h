#pragma once
// What a value from the configuration may look like before it becomes a word
// of haproxy.cfg. HAProxy's parser splits lines on spaces, ends them at `#`
// or a newline, interprets quotes, backslashes and `${...}` environment
// variables: a value carrying any of these could change the meaning of the
// file. Each check below is a whitelist for one kind of value; a value outside
// it is refused (never escaped), with a sentence naming the problem.

#include <optional>
#include <string>
#include <string_view>

namespace exlb::agent::haproxy_syntax {

// Each returns nothing when `value` is acceptable, else the reason as the end
// of a sentence, e.g. "is not an IPv4 address".

// Dotted-quad IPv4, no leading zeros (HAProxy would read 010 as octal).
std::optional<std::string> checkIpv4(std::string_view value);
// A DNS name: labels of [A-Za-z0-9-] (not starting or ending with '-'),
// 1..63 characters each, 253 in all.
std::optional<std::string> checkHostName(std::string_view value);
// A server label: [A-Za-z0-9._-]{1,32}.
std::optional<std::string> checkServerName(std::string_view value);
// A certificate id of the appliance's store: [a-z0-9][a-z0-9._-]{0,63}.
std::optional<std::string> checkCertificateId(std::string_view value);
// An absolute path made of [A-Za-z0-9/._+,=~-], at most `maxLength` bytes.
std::optional<std::string> checkPath(std::string_view value, std::size_t maxLength);

// Describes the first character HAProxy's parser would treat specially, for
// error messages: "a space", "'#'", "a newline", "'${'", ... or "" if none.
std::string describeUnsafeCharacter(std::string_view value);

}  // namespace exlb::agent::haproxy_syntax
