#pragma once
// Syntax rules for the configuration's strings. Every string that reaches a
// rendered file (haproxy.cfg, keepalived.conf, the network settings) passes
// one of these first, so the administrator gets a sentence at validation
// time rather than a broken engine later. The renderers defend themselves
// too; these rules are what the administrator is told.

#include <optional>
#include <string>
#include <string_view>

namespace exlb {

// A host name (RFC 1123): labels of letters, digits and '-', not starting or
// ending with '-', 1..63 characters each, at most 253 in all. A trailing dot
// is refused (the renderers never want one).
bool isHostname(std::string_view text);

// A certificate id in the appliance's store: [a-z0-9][a-z0-9._-]{0,63}.
bool isCertificateId(std::string_view text);

// A real server's label: [A-Za-z0-9._-]{1,32}.
bool isServerName(std::string_view text);

// An IANA time zone name: "UTC", "Europe/Paris", "America/Argentina/Buenos_Aires",
// "Etc/GMT+5". Parts of letters, digits, '_', '-', '+' separated by '/',
// each starting with a letter; at most 64 characters. (No '.', so no "..".)
// The first part must be one of the database's areas (Europe, America, Etc,
// ...) and a name of one part one of its few such zones (UTC, GMT, CET, ...),
// so "null" or "true" are refused.
bool isTimezoneName(std::string_view text);

// Why a string can never be safe in a rendered file, as a phrase naming the
// offending character ("a space", "a control character", "'#'", a quote,
// "'${'"), or nothing. Checked before the syntax rule so the message says
// what to remove.
std::optional<std::string> forbiddenCharacter(std::string_view text);

// `text` quoted for a message: in single quotes, control and non-ASCII bytes
// as \xNN, cut after 64 characters with "...". Keeps every message on one
// line and readable, whatever the configuration holds.
std::string quoteValue(std::string_view text);

}  // namespace exlb
