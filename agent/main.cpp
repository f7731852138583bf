// exlb-agent: the appliance daemon. Everything lives in the core library
// (agent/app/); main only hands it the command line.
#include "app/agent_main.h"

int main(int argc, char** argv) { return exlb::agent::agentMain(argc, argv); }
