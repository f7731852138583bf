#pragma once
// What the load balancer must know about each Exchange service: where it
// lives, how to tell it is healthy, which affinity it needs, how long its
// connections stay idle. The numbers and their reasons are in
// docs/dataplane-rendering.md and ../shared/FIELD-NOTES.md.

#include <cstdint>
#include <string_view>
#include <vector>

#include "exlb/v1/config.pb.h"

namespace exlb::agent::exchange {

// How a client is kept on one CAS server (Exchange 2010; 2013+ needs none).
enum class Persistence {
  None,
  Source,                 // the client's address
  CookieOrSource,         // an inserted cookie, the client's address as fallback
  AuthorizationOrSource,  // the Authorization header (hashed), else the client's address
};

struct HttpCheck {
  std::string_view uri;
  int status = 0;  // what a healthy, unauthenticated CAS answers
};

// One HTTP-based Exchange service behind ssl-offload.
struct HttpServiceSpec {
  std::string_view name;       // backend and service name
  std::string_view field;      // field of HttpApplications, for messages
  v1::Toggle (v1::HttpApplications::*toggle)() const;
  std::vector<std::string_view> prefixes;      // lower case; matched case-insensitively
  std::vector<std::string_view> prefixes2013;  // more prefixes with Exchange 2013 or later
  HttpCheck check2010;
  HttpCheck check2013;
  Persistence persistence2010;
  std::uint32_t stickExpireSeconds;  // affinity lifetime when persistent
  std::uint32_t idleFloorSeconds;    // server idle timeout never below this
  bool leastconn;                    // long-lived sessions: balance by open connections
};

// In path-routing order (most specific first does not matter: prefixes are disjoint).
const std::vector<HttpServiceSpec>& httpServices();

// The inserted cookie shared by OWA, ECP and EWS (Exchange 2010): OWA's forms
// authentication cookie is valid only on the CAS that issued it.
inline constexpr std::string_view kAffinityCookie = "EXLBCAS";
// Cookie idle lifetime: OWA's private-computer session lasts 8 hours.
inline constexpr std::uint32_t kCookieMaxIdleSeconds = 8 * 3600;

// Idle floors (seconds) for services whose connections live long.
inline constexpr std::uint32_t kLongHttpIdleSeconds = 3600;  // OA, ActiveSync ping (≤ 59 min), EWS
inline constexpr std::uint32_t kImapIdleSeconds = 1800;      // IMAP IDLE is renewed every ≤ 29 min
inline constexpr std::uint32_t kRpcIdleSeconds = 7200;       // RPC/TCP: Windows keep-alive is 2 h
// Affinity lifetimes (seconds).
inline constexpr std::uint32_t kWorkdayAffinitySeconds = 8 * 3600;
// Slow-request guard: the whole request head must arrive within this time.
inline constexpr std::uint32_t kHttpRequestSeconds = 10;

}  // namespace exlb::agent::exchange
