// Guide chapter 8: the steps for the CAS servers carry the appliance's ports.
#include <QtTest>

#include "exlb/common/defaults.h"
#include "model/exchange_helpers.h"

using namespace exlb;
using namespace exlb::console;

class TstExchangeHelpers final : public QObject {
  Q_OBJECT

 private slots:
  void powerShellCarriesTheConfiguredPorts() {
    v1::RpcService rpc = defaultRpc();
    rpc.set_client_access_port(59601);
    rpc.set_address_book_port(59602);
    const QString sp = rpcPortsPowerShell(rpc, ExchangeRelease::Exchange2010Sp1OrSp2);
    QVERIFY(sp.contains(QStringLiteral("MSExchangeRPC\\ParametersSystem")));
    QVERIFY(sp.contains(QStringLiteral("-Name 'TCP/IP Port' -PropertyType DWord -Value 59601")));
    QVERIFY(sp.contains(QStringLiteral("MSExchangeAB\\Parameters")));
    QVERIFY(sp.contains(QStringLiteral("-Name 'RpcTcpPort' -PropertyType String -Value '59602'")));
    const QString rtm = rpcPortsPowerShell(rpc, ExchangeRelease::Exchange2010Rtm);
    QVERIFY(rtm.contains(QStringLiteral("microsoft.exchange.addressbook.service.exe.config")));
    QVERIFY(!rtm.contains(QStringLiteral("MSExchangeAB\\Parameters")));
  }

  void manualStepsFollowTheGuide() {
    const QString steps = rpcPortsManualSteps(defaultRpc(), ExchangeRelease::Exchange2010Rtm);
    QVERIFY(steps.contains(QStringLiteral("60000")));
    QVERIFY(steps.contains(QStringLiteral("RpcTcpPort")));
  }

  void adviceFollowsMicrosoftsRange() {
    v1::RpcService rpc = defaultRpc();
    QVERIFY(rpcPortsAdvice(rpc).isEmpty());
    rpc.set_client_access_port(5000);
    QVERIFY(!rpcPortsAdvice(rpc).isEmpty());
    rpc.set_client_access_port(rpc.address_book_port());
    QVERIFY(rpcPortsAdvice(rpc).contains(QStringLiteral("differ")));
  }
};

QTEST_GUILESS_MAIN(TstExchangeHelpers)
#include "tst_exchange_helpers.moc"
