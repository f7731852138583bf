<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ClusterDialog</name>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="5"/>
        <source>Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="9"/>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="11"/>
        <source>Kind:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="13"/>
        <source>Standalone appliance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="14"/>
        <source>Master/backup pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="16"/>
        <source>Node address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="18"/>
        <location filename="../ui/cluster_dialog.ui" line="23"/>
        <source>address or host name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="21"/>
        <source>Second node:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="26"/>
        <source>User:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="28"/>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ClusterHealth</name>
    <message>
        <location filename="../model/cluster_health.cpp" line="28"/>
        <source>master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="29"/>
        <source>backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="30"/>
        <source>fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="31"/>
        <source>standalone</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="38"/>
        <source>up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="39"/>
        <source>down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="40"/>
        <source>drain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="41"/>
        <source>maint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="42"/>
        <source>no check</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="67"/>
        <source>%1: certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="69"/>
        <source>%1 unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="74"/>
        <source>%1 in fault</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="99"/>
        <source>%1 has no server up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="103"/>
        <source>split brain: both nodes are master</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../model/cluster_health.cpp" line="106"/>
        <source>%n server(s) down</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../model/cluster_health.cpp" line="111"/>
        <source>configuration drift (%n field(s))</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="115"/>
        <source>certificate expiring</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConfigPage</name>
    <message>
        <location filename="../ui/area_specs.cpp" line="25"/>
        <source>CAS1 Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="25"/>
        <source>CAS2 Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="26"/>
        <source>CAS3 Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="26"/>
        <source>CAS4 Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="27"/>
        <source>HUB1 Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="27"/>
        <source>HUB2 Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="28"/>
        <source>HUB3 Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="28"/>
        <source>HUB4 Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="33"/>
        <source>Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="62"/>
        <source>HUB Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="65"/>
        <location filename="../ui/area_specs.cpp" line="103"/>
        <location filename="../ui/area_specs.cpp" line="113"/>
        <location filename="../ui/area_specs.cpp" line="143"/>
        <source>Options</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="70"/>
        <location filename="../ui/area_specs.cpp" line="119"/>
        <location filename="../ui/area_specs.cpp" line="147"/>
        <source>Timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="71"/>
        <location filename="../ui/area_specs.cpp" line="120"/>
        <source>Certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="72"/>
        <location filename="../ui/area_specs.cpp" line="121"/>
        <location filename="../ui/area_specs.cpp" line="156"/>
        <source>Certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="81"/>
        <source>Local Network</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="82"/>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="83"/>
        <source>Hostname:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="84"/>
        <source>Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="85"/>
        <source>Netmask:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="86"/>
        <source>Gateway:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="87"/>
        <source>vLAN Identifier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="88"/>
        <source>Static Routes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="89"/>
        <source>Route 1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="89"/>
        <source>Route 2:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="90"/>
        <source>Route 3:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="90"/>
        <source>Route 4:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="94"/>
        <source>Network Mask:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="95"/>
        <source>Router Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="100"/>
        <source>High Availability</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="102"/>
        <source>Role:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="104"/>
        <source>Virtual Service Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="105"/>
        <source>Cluster Identifier:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="106"/>
        <source>Peer Address:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="108"/>
        <source>CAS Servers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="111"/>
        <source>HTTP(s) Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="112"/>
        <source>HTTP(s) Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="114"/>
        <source>Host Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="115"/>
        <source>Virtual Service HTTPs port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="116"/>
        <source>Redirect HTTP port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="117"/>
        <source>CAS Servers HTTP port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="118"/>
        <source>CAS Servers HTTPs port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="122"/>
        <source>HTTP and Web Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="123"/>
        <source>Outlook Web Access:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="124"/>
        <source>Exchange Control Panel:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="125"/>
        <source>Offline Address Book:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="126"/>
        <source>Auto discover:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="127"/>
        <source>Exchange Web Services:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="128"/>
        <source>Active Sync:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="129"/>
        <source>Outlook Anywhere:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="130"/>
        <source>Remote PowerShell:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="133"/>
        <source>IMAP(s) Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="133"/>
        <source>IMAP(s) Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="134"/>
        <source>Virtual Service IMAP port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="134"/>
        <source>Virtual Service IMAPs port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="135"/>
        <source>CAS Servers IMAP port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="135"/>
        <source>CAS Servers IMAPs port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="136"/>
        <source>POP(s) Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="136"/>
        <source>POP(s) Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="137"/>
        <source>Virtual Service POP3 port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="137"/>
        <source>Virtual Service POP3s port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="138"/>
        <source>CAS Servers POP3 port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="138"/>
        <source>CAS Servers POP3s port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="141"/>
        <source>RPC Services</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="142"/>
        <source>RPC Services:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="144"/>
        <source>EndPoint Mapper port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="145"/>
        <source>Access Point port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="146"/>
        <source>Address Book port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="149"/>
        <source>SMTP(s) Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="149"/>
        <source>SMTP(s) Service:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="150"/>
        <source>Virtual Service SMTP port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="150"/>
        <source>Virtual Service SMTPs port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="151"/>
        <source>HUB Servers SMTP port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="151"/>
        <source>HUB Servers SMTPs port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="153"/>
        <source>Certificates</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="154"/>
        <source>Management (web page and API)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="155"/>
        <source>Port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="158"/>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="159"/>
        <source>Local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="160"/>
        <source>Language:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="161"/>
        <source>Timezone:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="162"/>
        <source>Exchange</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="163"/>
        <source>Exchange version:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="169"/>
        <source>enabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="170"/>
        <location filename="../ui/area_specs.cpp" line="171"/>
        <location filename="../ui/area_specs.cpp" line="174"/>
        <location filename="../ui/area_specs.cpp" line="177"/>
        <source>disabled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="172"/>
        <source>master</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="173"/>
        <source>backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="183"/>
        <source>English</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="184"/>
        <source>French</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="186"/>
        <source>Exchange 2013 or later</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ExchangeHelpers</name>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="44"/>
        <source>RPC Client Access (8.1, Exchange 2010, SP1 and SP2):
1. Open regedit
2. Browse to HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\services\MSExchangeRPC
3. Create a new key named ParametersSystem
4. Under this key create a REG_DWORD named TCP/IP Port
5. Set its value to %1, base Decimal

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="52"/>
        <source>Address Book (8.2.2, Exchange 2010 SP1 and SP2):
1. Open regedit
2. Browse to HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\services\MSExchangeAB\Parameters
3. Under this key create a REG_SZ named RpcTcpPort
4. Set its value to %1
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="59"/>
        <source>Address Book (8.2.1, Exchange 2010):
1. Open C:\Program Files\Microsoft\Exchange Server\V14\Bin
2. Open microsoft.exchange.addressbook.service.exe.config with Notepad
3. Find RpcTcpPort and set its value to %1
4. Save the file
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="72"/>
        <source>The Client Access and Address Book ports must differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="75"/>
        <source>Microsoft recommends ports from 59531 to 60554, the same on every CAS server.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PlannedHandover</name>
    <message>
        <location filename="../model/planned_handover.cpp" line="28"/>
        <source>Nothing to hand over on this node.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="44"/>
        <source>%1 refused the handover: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="49"/>
        <source>%1 answered the handover with something unreadable.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="53"/>
        <source>%1 answered, but the address did not move: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="56"/>
        <source>%1 took the virtual address from its peer in %2 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="57"/>
        <source>%1 handed the virtual address to its peer in %2 ms.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../model/cluster_book.cpp" line="59"/>
        <source>A cluster needs a name of 1 to 64 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="60"/>
        <source>A cluster needs a user name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="63"/>
        <source>A pair needs the addresses of its two nodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="64"/>
        <source>A standalone appliance needs one address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="67"/>
        <source>&quot;%1&quot; is not a host name or address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="68"/>
        <source>The port of %1 must be between 1 and 65535.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="70"/>
        <source>The two nodes of a pair must differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TrustDialog</name>
    <message>
        <location filename="../ui/trust_dialog.ui" line="5"/>
        <source>Trust this appliance?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="10"/>
        <source>Appliance:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="12"/>
        <source>Subject:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="14"/>
        <source>SHA-256 fingerprint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="16"/>
        <source>Trusted until now:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="18"/>
        <source>Valid until:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::AgentConnection</name>
    <message>
        <location filename="../net/agent_connection.cpp" line="171"/>
        <source>The agent&apos;s certificate is not trusted yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="175"/>
        <source>The agent presented a different certificate than the one you trusted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="273"/>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="304"/>
        <source>The agent&apos;s answer was larger than %1 bytes; ignored.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="361"/>
        <source>The agent answered the login without a session token.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="370"/>
        <source>The factory password must be changed before first use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="416"/>
        <source>The event stream closed: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::AreaPage</name>
    <message>
        <location filename="../ui/area_page.cpp" line="84"/>
        <source>Cancel: put this area back as the node runs it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="87"/>
        <source>Validate: this area is ready to apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="137"/>
        <source>Switch %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/area_page.cpp" line="150"/>
        <source>%n problem(s) to fix first</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="172"/>
        <source>Warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="190"/>
        <source>✓ validated: ready to apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="192"/>
        <source>changed: ✓ to validate, ✗ to cancel</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::ChartWidget</name>
    <message>
        <location filename="../ui/chart_widget.cpp" line="42"/>
        <source>sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/chart_widget.cpp" line="42"/>
        <source>sessions/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/chart_widget.cpp" line="44"/>
        <source>%1 — %2, last hour</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/chart_widget.cpp" line="68"/>
        <source>-60 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/chart_widget.cpp" line="69"/>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::ClusterBook</name>
    <message>
        <location filename="../model/cluster_book.cpp" line="119"/>
        <source>The address book is full (%1 clusters).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="121"/>
        <location filename="../model/cluster_book.cpp" line="138"/>
        <source>A cluster named &quot;%1&quot; exists already.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="134"/>
        <source>That cluster is no longer in the address book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="164"/>
        <source>The file is too large to be an address book.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="170"/>
        <source>The file is not an exlb address book: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="181"/>
        <source>(no name)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::ClusterDialog</name>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="12"/>
        <source>Add a cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="12"/>
        <source>Edit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="25"/>
        <source>The password is kept in the system&apos;s keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="26"/>
        <source>No keychain is available: the password is kept in memory for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="44"/>
        <source>First node:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="44"/>
        <source>Node address:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::ClusterSession</name>
    <message>
        <location filename="../model/cluster_session.cpp" line="76"/>
        <source>No password is stored for %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::ConfigEditor</name>
    <message>
        <location filename="../ui/config_editor.cpp" line="24"/>
        <source>Edit node:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="27"/>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="28"/>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="29"/>
        <source>Pending changes…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="30"/>
        <source>Apply to this node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="31"/>
        <source>Apply to both nodes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="32"/>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="33"/>
        <source>Make the running configuration the one the nodes start with (guide 7.2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="60"/>
        <location filename="../ui/config_editor.cpp" line="172"/>
        <source>This node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="129"/>
        <source>waiting for the node&apos;s configuration…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="132"/>
        <source>no area validated yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="133"/>
        <source>validated: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="172"/>
        <source>Both nodes (backup first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="219"/>
        <source>%1: configuration saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="220"/>
        <source>%1: save failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::HeatMap</name>
    <message>
        <location filename="../ui/heat_map.cpp" line="85"/>
        <source>No server health reported yet.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::HelpersPage</name>
    <message>
        <location filename="../ui/helpers_page.cpp" line="23"/>
        <source>Exchange 2010</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="24"/>
        <source>Exchange 2010 SP1 / SP2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="28"/>
        <source>Copy PowerShell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="29"/>
        <source>Exchange release:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="40"/>
        <source>PowerShell (run on every CAS server):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="42"/>
        <source>Or by hand (guide chapter 8):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="60"/>
        <source>factory defaults (no node connected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="69"/>
        <source>Ports from %1: Client Access %2, Address Book %3.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="63"/>
        <source>exlb console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="71"/>
        <source>Filter clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="83"/>
        <source>Add…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="84"/>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="85"/>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="89"/>
        <source>&lt;b&gt;Clusters&lt;/b&gt; (worst first)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="116"/>
        <source>&lt;b&gt;Heat map&lt;/b&gt;: clusters × servers (rows) × Exchange services (columns)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="118"/>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="121"/>
        <source>Pair</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="123"/>
        <source>Configuration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="125"/>
        <source>Operations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="127"/>
        <source>Exchange helpers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="134"/>
        <source>Passwords are kept in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="135"/>
        <source>No keychain: passwords are kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="160"/>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="161"/>
        <source>&amp;Add cluster…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="162"/>
        <source>&amp;Import clusters…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="163"/>
        <source>&amp;Export clusters…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="165"/>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="166"/>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="167"/>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="169"/>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="173"/>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="174"/>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="176"/>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="185"/>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="186"/>
        <source>&amp;About</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="187"/>
        <source>About exlb console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="188"/>
        <source>exlb console %1
Load-balancer appliances for Microsoft Exchange.
Licensed under the Apache License 2.0.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="205"/>
        <source>exlb console — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="215"/>
        <source>Add a cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="236"/>
        <source>Edit cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="249"/>
        <source>Remove cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="250"/>
        <source>Remove %1 from the address book? The appliances are not touched.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="266"/>
        <source>Import clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="266"/>
        <location filename="../ui/main_window.cpp" line="287"/>
        <source>Address book (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="272"/>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="280"/>
        <source>Imported %n cluster(s).</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="287"/>
        <source>Export clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="293"/>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="296"/>
        <source>Exported the address book (no passwords) to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="345"/>
        <source>Password changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="345"/>
        <source>Password change refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::OperationsPage</name>
    <message>
        <location filename="../ui/operations_page.cpp" line="24"/>
        <source>Patch a CAS/HUB server on every cluster that publishes it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="29"/>
        <source>Drain everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="30"/>
        <source>Ready everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="31"/>
        <source>Maintenance everywhere</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="33"/>
        <source>Server:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="43"/>
        <source>&lt;b&gt;Node:&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="51"/>
        <source>Audit log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="54"/>
        <source>Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>User</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/operations_page.cpp" line="71"/>
        <source>%1 %2 on %n node(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="180"/>
        <source>%1: %2 %3 failed: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="211"/>
        <source>%1 drained: no session left, ready to patch.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="212"/>
        <source>%1: waiting for status…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="213"/>
        <source>%1: %2 session(s) left…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="223"/>
        <source>Audit log: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::OverviewModel</name>
    <message>
        <location filename="../model/overview_model.cpp" line="80"/>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../model/overview_model.cpp" line="85"/>
        <source>%n field(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="85"/>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="86"/>
        <source>yes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="86"/>
        <source>no</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../model/overview_model.cpp" line="87"/>
        <source>%n expiring</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="87"/>
        <source>ok</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="95"/>
        <source>Cluster</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="96"/>
        <source>Worst problem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="97"/>
        <source>Nodes up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="98"/>
        <source>Roles</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="99"/>
        <source>Services up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="100"/>
        <source>Servers down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="101"/>
        <source>Drift</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="102"/>
        <source>Split brain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="103"/>
        <source>Certificates</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::PairApply</name>
    <message>
        <location filename="../model/pair_apply.cpp" line="21"/>
        <location filename="../model/pair_apply.cpp" line="73"/>
        <source>A node went away before the change started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="24"/>
        <source>%1 brings its peer in line…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="28"/>
        <source>Applying to both nodes through %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="43"/>
        <source>%1 refused: %2 (the configuration or the pair generation moved meanwhile). Nothing was changed; reload and edit again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="46"/>
        <source>The pair refused the change: %1 Both nodes keep their previous configuration.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="49"/>
        <location filename="../model/pair_apply.cpp" line="89"/>
        <source>Applied to both nodes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="51"/>
        <source>Applied on %1; the other node is unreachable and takes the change when it returns (generation %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="55"/>
        <source>Both nodes share the same settings again (generation %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="56"/>
        <source>Applied to both nodes by the agents (generation %1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="74"/>
        <source>Checking %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="76"/>
        <source>%1 did not answer: %2. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="78"/>
        <source>%1 has a newer configuration than the one you edited. Nothing was changed; reload it and edit again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="89"/>
        <source>Applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="92"/>
        <source>A node went away during the change.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="93"/>
        <source>Applying to %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="98"/>
        <source>%1 changed meanwhile (someone else applied a change)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="99"/>
        <source>%1 refused the change: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="114"/>
        <source>. Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="117"/>
        <source>. Rolling back failed: a node went away.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="118"/>
        <source>Rolling %1 back…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="121"/>
        <source>. Rolling %1 back failed too: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="124"/>
        <source>. The nodes already changed were put back.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::PairModel</name>
    <message>
        <location filename="../model/pair_model.cpp" line="114"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_model.cpp" line="115"/>
        <source>Server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_model.cpp" line="119"/>
        <source>%1 health</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pair_model.cpp" line="119"/>
        <source>%1 sessions</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::PairView</name>
    <message>
        <location filename="../ui/pair_view.cpp" line="25"/>
        <source>online</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="26"/>
        <source>connecting…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="27"/>
        <source>unreachable, retrying</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="28"/>
        <source>certificate not trusted yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="29"/>
        <source>CERTIFICATE CHANGED: blocked</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="30"/>
        <source>password needed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="31"/>
        <source>factory password must be changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="32"/>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="38"/>
        <source>running</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="39"/>
        <source>stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="40"/>
        <source>restarting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="41"/>
        <source>FAILED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="66"/>
        <source>Bring in line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="67"/>
        <source>Copy the master&apos;s shared settings to the other node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="137"/>
        <source>Role: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Host: %2&lt;br&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="144"/>
        <source>Services: %1&lt;br&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="144"/>
        <source>none reported</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="147"/>
        <source>Sessions: %1 &amp;nbsp; Uptime: %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="152"/>
        <source>Persistence shared with the peer over TLS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="152"/>
        <source>Persistence shared with the peer in clear text (the pair channel has not met it yet)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="153"/>
        <source>VRRP from others dropped: %1 (from the peer, accepted: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="163"/>
        <source>Stick-table replication from others dropped: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="160"/>
        <source>Alarms: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="162"/>
        <source>A handover of the virtual address is under way.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="164"/>
        <source>Takes the virtual address back at %1 (automatic failback).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="176"/>
        <source>Take over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="176"/>
        <source>Hand over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="178"/>
        <source>This node takes the virtual address from its peer (planned handover)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="179"/>
        <source>This node gives the virtual address to its peer (planned handover)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="195"/>
        <source>The master&apos;s agent pushes its shared settings to the other node (pair sync)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="197"/>
        <source>Standalone appliance: no drift to compare.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="198"/>
        <source>The agents report drift: the nodes&apos; shared settings differ.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="199"/>
        <source>No drift: both nodes share the same settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/pair_view.cpp" line="200"/>
        <source>Drift: %n shared setting(s) differ (master → other node)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="245"/>
        <source>%1 takes the virtual address from its peer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="245"/>
        <source>%1 gives the virtual address to its peer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="247"/>
        <source>Connections open through the virtual address are cut; clients reconnect to the new holder. Go on?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="248"/>
        <source>Planned handover</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::PasswordDialog</name>
    <message>
        <location filename="../ui/password_dialog.cpp" line="15"/>
        <source>Change the factory password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="15"/>
        <source>Password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="17"/>
        <source>&lt;b&gt;%1&lt;/b&gt; still uses its factory password. Choose a new one: the appliance accepts nothing else until it is changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="19"/>
        <source>Password for &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="31"/>
        <source>New password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="31"/>
        <source>Password:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="35"/>
        <source>Confirmation:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="63"/>
        <source>At least 8 characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="65"/>
        <source>The two entries differ.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::PendingChangesDialog</name>
    <message>
        <location filename="../ui/pending_changes_dialog.cpp" line="15"/>
        <source>Pending changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/pending_changes_dialog.cpp" line="18"/>
        <source>Nothing to apply: validate (✓) an area first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/pending_changes_dialog.cpp" line="19"/>
        <source>%1 — %n change(s):</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/pending_changes_dialog.cpp" line="30"/>
        <source>Apply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::PendingChangesModel</name>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="23"/>
        <source>(empty)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="36"/>
        <source>Node</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="37"/>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="38"/>
        <source>Now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="39"/>
        <source>After apply</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::ServicesModel</name>
    <message>
        <location filename="../model/services_model.cpp" line="17"/>
        <source>OK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="18"/>
        <source>NOK</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="19"/>
        <source>not used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="20"/>
        <source>provided by HAProxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="27"/>
        <source>auto</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="28"/>
        <source>manual</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="118"/>
        <source>Service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="119"/>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="120"/>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="121"/>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="122"/>
        <source>Since</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="123"/>
        <source>Restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="124"/>
        <source>Startup</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::ServicesPanel</name>
    <message>
        <location filename="../ui/services_panel.cpp" line="23"/>
        <source>Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="24"/>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="25"/>
        <source>Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="26"/>
        <source>Reload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="33"/>
        <source>Services (guide chapter 6)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="53"/>
        <source>Startup:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="57"/>
        <source>Auto: starts with the appliance. Manual: waits until someone starts it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="60"/>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="109"/>
        <source>Services: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="127"/>
        <source>Stop %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="127"/>
        <source>Stop it anyway?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="137"/>
        <source>%1: %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="145"/>
        <source>%1: %2 done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="147"/>
        <source>%1: %2 refused: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="166"/>
        <source>%1 starts %2 from now on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="167"/>
        <source>%1: startup change refused: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::StagedConfig</name>
    <message>
        <location filename="../model/staged_config.cpp" line="64"/>
        <source>Edit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/staged_config.cpp" line="73"/>
        <source>Cancel %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../model/staged_config.cpp" line="84"/>
        <source>Validate %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::TrustDialog</name>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="23"/>
        <source>Certificate changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="24"/>
        <source>&lt;b style=&apos;color:#c01c28&apos;&gt;This appliance presented a different certificate than the one you trusted.&lt;/b&gt; The console has stopped talking to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="26"/>
        <source>This happens after the appliance&apos;s certificate was replaced, or when someone is intercepting the connection. Compare the new fingerprint with the one shown on the appliance before trusting it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="29"/>
        <source>Trust the new certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="31"/>
        <source>&lt;b&gt;First connection to this appliance.&lt;/b&gt; Check that the fingerprint below is the one the appliance shows, then trust it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="33"/>
        <source>The console remembers this certificate and refuses any other one from this address.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="34"/>
        <source>Trust</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>exlb::console::UploadsPanel</name>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="30"/>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="31"/>
        <source>evaluation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="32"/>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="33"/>
        <source>not yet valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="34"/>
        <source>for another appliance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="35"/>
        <source>bad signature</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="36"/>
        <source>evaluation over</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="45"/>
        <source>Uploads: certificate, license, firmware</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="48"/>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="53"/>
        <source>Upload</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="59"/>
        <source>id, e.g. mail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="61"/>
        <source>.pfx, .p12 or .pem</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="64"/>
        <source>password of the file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="65"/>
        <source>Replace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="67"/>
        <source>Certificate:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="70"/>
        <source>Certificates (*.pfx *.p12 *.pem)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="77"/>
        <source>License:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="79"/>
        <source>Licenses (*.lic *.txt);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="83"/>
        <source>Allow an older version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="85"/>
        <source>Firmware:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="87"/>
        <source>Firmware bundles (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="113"/>
        <source>Choose a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="122"/>
        <source>Another upload is still running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="126"/>
        <source>%1: the node is not connected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="133"/>
        <source>%1: sending…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="150"/>
        <source>Cannot read %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="150"/>
        <location filename="../ui/uploads_panel.cpp" line="230"/>
        <source>(no file chosen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="154"/>
        <source>%1 is %2 bytes; a file of 1 to %3 bytes is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="161"/>
        <source>Certificate %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="164"/>
        <source>Give the certificate an id (the name the configuration uses).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="185"/>
        <source>%1 refused: %2 Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="188"/>
        <source>%1 stored: %2, valid until %3 (%4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="204"/>
        <source>License</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="217"/>
        <source>License refused: %1 Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="220"/>
        <source>License %1 for %2 accepted: %3, until %4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="230"/>
        <source>Cannot read %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="234"/>
        <source>%1 is %2 bytes; a firmware bundle of 1 to %3 bytes is expected.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="237"/>
        <source>Firmware %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="250"/>
        <source>Firmware %1 refused: %2 Nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="253"/>
        <source>Firmware %1 verified and staged%2; it runs after the next reboot.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="254"/>
        <source> in slot %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
