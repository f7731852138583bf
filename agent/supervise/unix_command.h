#pragma once
// One command to an HAProxy CLI socket (the master CLI or the stats socket):
// connect, send the line, read the whole answer until HAProxy closes the
// connection (non-interactive mode), all bounded by a timeout.

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>

#include <boost/asio/io_context.hpp>

namespace exlb::agent {

struct CommandReply {
  bool ok = false;        // connected, sent and read to the end in time
  std::string error;      // why not, when !ok
  std::string text;       // HAProxy's answer
};

using CommandCallback = std::function<void(CommandReply)>;

// `command` must not contain a newline (each call is one command); it is
// refused otherwise. The callback runs on the io_context, exactly once.
void sendUnixCommand(boost::asio::io_context& io, const std::filesystem::path& socket,
                     std::string command, std::chrono::milliseconds timeout,
                     CommandCallback done);

// A command that carries a multi-line payload, HAProxy's `<<` form (e.g.
// `set ssl cert <file> <<` followed by the PEM and an empty line). The
// payload must hold no empty line and no '\r' (it would end the payload
// early); it is refused otherwise.
void sendUnixPayloadCommand(boost::asio::io_context& io, const std::filesystem::path& socket,
                            std::string command, std::string payload,
                            std::chrono::milliseconds timeout, CommandCallback done);

}  // namespace exlb::agent
