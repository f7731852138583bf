#pragma once

namespace exlb::agent {

// Parses the command line and runs the agent or one of its one-shot
// commands. Returns the process exit code.
int agentMain(int argc, char** argv);

}  // namespace exlb::agent
