#include "model/exchange_helpers.h"

#include <QCoreApplication>

namespace exlb::console {

namespace {
struct HelperText {
  Q_DECLARE_TR_FUNCTIONS(ExchangeHelpers)
};
constexpr quint32 kAdvisedLow = 59531;
constexpr quint32 kAdvisedHigh = 60554;
}  // namespace

QString rpcPortsPowerShell(const v1::RpcService& rpc, ExchangeRelease release) {
  const QString ca = QString::number(rpc.client_access_port());
  const QString ab = QString::number(rpc.address_book_port());
  QString s;
  s += QStringLiteral("# exlb: static RPC ports for Exchange 2010 CAS (guide chapter 8)\n");
  s += QStringLiteral("# Run on every CAS server in an elevated PowerShell, then restart the services.\n\n");
  s += QStringLiteral("# 8.1 RPC Client Access: TCP/IP Port = %1\n").arg(ca);
  s += QStringLiteral("New-Item -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem' -Force | Out-Null\n");
  s += QStringLiteral("New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeRPC\\ParametersSystem' "
                      "-Name 'TCP/IP Port' -PropertyType DWord -Value %1 -Force | Out-Null\n\n").arg(ca);
  if (release == ExchangeRelease::Exchange2010Sp1OrSp2) {
    s += QStringLiteral("# 8.2.2 Address Book (SP1/SP2): RpcTcpPort = %1\n").arg(ab);
    s += QStringLiteral("New-Item -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters' -Force | Out-Null\n");
    s += QStringLiteral("New-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\MSExchangeAB\\Parameters' "
                        "-Name 'RpcTcpPort' -PropertyType String -Value '%1' -Force | Out-Null\n\n").arg(ab);
  } else {
    s += QStringLiteral("# 8.2.1 Address Book (RTM): RpcTcpPort in the service's .config file = %1\n").arg(ab);
    s += QStringLiteral("$config = Join-Path $env:ExchangeInstallPath 'Bin\\microsoft.exchange.addressbook.service.exe.config'\n");
    s += QStringLiteral("[xml]$xml = Get-Content $config\n");
    s += QStringLiteral("($xml.configuration.appSettings.add | Where-Object key -eq 'RpcTcpPort').value = '%1'\n").arg(ab);
    s += QStringLiteral("$xml.Save($config)\n\n");
  }
  s += QStringLiteral("Restart-Service MSExchangeRPC, MSExchangeAB\n");
  return s;
}

QString rpcPortsManualSteps(const v1::RpcService& rpc, ExchangeRelease release) {
  const QString ca = QString::number(rpc.client_access_port());
  const QString ab = QString::number(rpc.address_book_port());
  QString s = HelperText::tr(
      "RPC Client Access (8.1, Exchange 2010, SP1 and SP2):\n"
      "1. Open regedit\n"
      "2. Browse to HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\services\\MSExchangeRPC\n"
      "3. Create a new key named ParametersSystem\n"
      "4. Under this key create a REG_DWORD named TCP/IP Port\n"
      "5. Set its value to %1, base Decimal\n\n").arg(ca);
  if (release == ExchangeRelease::Exchange2010Sp1OrSp2) {
    s += HelperText::tr(
        "Address Book (8.2.2, Exchange 2010 SP1 and SP2):\n"
        "1. Open regedit\n"
        "2. Browse to HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\services\\MSExchangeAB\\Parameters\n"
        "3. Under this key create a REG_SZ named RpcTcpPort\n"
        "4. Set its value to %1\n").arg(ab);
  } else {
    s += HelperText::tr(
        "Address Book (8.2.1, Exchange 2010):\n"
        "1. Open C:\\Program Files\\Microsoft\\Exchange Server\\V14\\Bin\n"
        "2. Open microsoft.exchange.addressbook.service.exe.config with Notepad\n"
        "3. Find RpcTcpPort and set its value to %1\n"
        "4. Save the file\n").arg(ab);
  }
  return s;
}

QString rpcPortsAdvice(const v1::RpcService& rpc) {
  const auto outside = [](quint32 p) { return p < kAdvisedLow || p > kAdvisedHigh; };
  if (rpc.client_access_port() == rpc.address_book_port()) {
    return HelperText::tr("The Client Access and Address Book ports must differ.");
  }
  if (outside(rpc.client_access_port()) || outside(rpc.address_book_port())) {
    return HelperText::tr("Microsoft recommends ports from 59531 to 60554, the same on every CAS server.");
  }
  return {};
}

}  // namespace exlb::console
