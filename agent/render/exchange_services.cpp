#include "render/exchange_services.h"

namespace exlb::agent::exchange {

namespace {
using A = v1::HttpApplications;
}

const std::vector<HttpServiceSpec>& httpServices() {
  // Checks: Exchange 2010 answers an unauthenticated GET with these statuses
  // (the logon page is public, the rest ask for credentials); 2013 and later
  // serve /<vdir>/healthcheck.htm, which also goes 503/down when an admin
  // takes the server out with Set-ServerComponentState (so it drains itself).
  // Never check "/" on 2013+: since CU6 it answers 302 for every server.
  static const std::vector<HttpServiceSpec> services = {
      {"owa", "outlook_web_app", &A::outlook_web_app, {"/owa"}, {},
       {"/owa/auth/logon.aspx", 200}, {"/owa/healthcheck.htm", 200},
       Persistence::CookieOrSource, kWorkdayAffinitySeconds, 300, false},
      {"ecp", "exchange_control_panel", &A::exchange_control_panel, {"/ecp"}, {},
       {"/ecp/", 302}, {"/ecp/healthcheck.htm", 200},
       Persistence::CookieOrSource, kWorkdayAffinitySeconds, 300, false},
      {"oab", "offline_address_book", &A::offline_address_book, {"/oab"}, {},
       {"/oab/", 401}, {"/oab/healthcheck.htm", 200},
       Persistence::None, 0, 0, false},
      {"autodiscover", "autodiscover", &A::autodiscover, {"/autodiscover"}, {},
       {"/autodiscover/autodiscover.xml", 401}, {"/autodiscover/healthcheck.htm", 200},
       Persistence::None, 0, 0, false},
      // EWS notification subscriptions live on one CAS: Microsoft suggests
      // about 45 minutes of affinity.
      {"ews", "exchange_web_services", &A::exchange_web_services, {"/ews"}, {},
       {"/EWS/Exchange.asmx", 401}, {"/ews/healthcheck.htm", 200},
       Persistence::CookieOrSource, 45 * 60, kLongHttpIdleSeconds, true},
      // Direct Push holds a request up to the heartbeat (at most 59 minutes).
      {"activesync", "activesync", &A::activesync, {"/microsoft-server-activesync"}, {},
       {"/Microsoft-Server-ActiveSync", 401}, {"/Microsoft-Server-ActiveSync/healthcheck.htm", 200},
       Persistence::AuthorizationOrSource, 3600, kLongHttpIdleSeconds, true},
      // RPC over HTTP opens two long connections (RPC_IN_DATA, RPC_OUT_DATA)
      // that must reach the same CAS. With 2013 and later, Outlook's MAPI over
      // HTTP (/mapi) is the same kind of traffic and rides this service.
      {"outlook-anywhere", "outlook_anywhere", &A::outlook_anywhere, {"/rpc"}, {"/mapi"},
       {"/rpc/rpcproxy.dll", 401}, {"/rpc/healthcheck.htm", 200},
       Persistence::Source, kWorkdayAffinitySeconds, kLongHttpIdleSeconds, true},
      // Remote PowerShell has no healthcheck.htm in any version.
      {"powershell", "remote_powershell", &A::remote_powershell, {"/powershell"}, {},
       {"/powershell", 401}, {"/powershell", 401},
       Persistence::Source, 3600, kLongHttpIdleSeconds, true},
  };
  return services;
}

}  // namespace exlb::agent::exchange
