#pragma once
// Guide chapter 8: the steps that give Exchange 2010's RPC Client Access and
// Address Book services the same static TCP ports the appliance balances,
// ready to copy (PowerShell that writes the registry, and the manual steps).

#include <QString>

#include "exlb/v1/config.pb.h"

namespace exlb::console {

enum class ExchangeRelease { Exchange2010Rtm, Exchange2010Sp1OrSp2 };

// PowerShell to run on every CAS server (as administrator).
QString rpcPortsPowerShell(const v1::RpcService& rpc, ExchangeRelease release);
// The guide's manual steps (regedit / config file), with the ports filled in.
QString rpcPortsManualSteps(const v1::RpcService& rpc, ExchangeRelease release);
// A warning when the ports are outside Microsoft's 59531-60554 advice or equal.
QString rpcPortsAdvice(const v1::RpcService& rpc);

}  // namespace exlb::console
