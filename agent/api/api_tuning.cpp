#include "api/api_tuning.h"

#include <algorithm>
#include <charconv>

namespace exlb::agent {

namespace {

// Whole seconds from 1 to `max`.
bool parseSeconds(const std::string& text, long max, std::chrono::seconds& out) {
  long value = 0;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < 1 || value > max) return false;
  out = std::chrono::seconds(value);
  return true;
}

}  // namespace

ApiOptionParse parseApiOption(const std::vector<std::string>& args, std::size_t& i,
                              ApiTuning& tuning, std::string& error) {
  const std::string& arg = args[i];
  std::optional<std::chrono::seconds>* target = nullptr;
  long max = 0;
  if (arg == "--session-idle") {
    target = &tuning.sessionIdle;
    max = 7 * 24 * 3600;
  } else if (arg == "--session-lifetime") {
    target = &tuning.sessionLifetime;
    max = 30 * 24 * 3600;
  } else if (arg == "--request-timeout") {
    target = &tuning.requestTimeout;
    max = 3600;
  } else {
    return ApiOptionParse::NotMine;
  }
  std::chrono::seconds value{};
  if (i + 1 >= args.size() || !parseSeconds(args[i + 1], max, value)) {
    error = arg + " wants whole seconds from 1 to " + std::to_string(max) +
            (i + 1 < args.size() ? ", not '" + args[i + 1] + "'" : "");
    return ApiOptionParse::Error;
  }
  *target = value;
  ++i;
  return ApiOptionParse::Taken;
}

void applyApiTuning(const ApiTuning& tuning, ApiServer::Options& options) {
  if (tuning.sessionIdle) options.session_idle_timeout = *tuning.sessionIdle;
  if (tuning.sessionLifetime) options.session_absolute_timeout = *tuning.sessionLifetime;
  if (tuning.requestTimeout) {
    // One deadline for everything a client sends: the TLS handshake, a whole
    // request (head and body: slowloris) and the idle time between requests
    // cannot each be longer than what the administrator allowed.
    options.request_timeout = *tuning.requestTimeout;
    options.handshake_timeout = std::min(options.handshake_timeout, *tuning.requestTimeout);
    options.keep_alive_timeout = std::min(options.keep_alive_timeout, *tuning.requestTimeout);
  }
}

const char* apiTuningUsage() {
  return "  --session-idle SECONDS      a management session ends this long unused (default 1800)\n"
         "  --session-lifetime SECONDS  ... and this long after its login in any case (default 43200)\n"
         "  --request-timeout SECONDS   a client must send a whole request within this (default 15;\n"
         "                      also bounds the TLS handshake and the keep-alive idle time)\n";
}

}  // namespace exlb::agent
