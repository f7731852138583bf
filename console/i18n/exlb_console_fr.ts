<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR" sourcelanguage="en">
<context>
    <name>ClusterDialog</name>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="5"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="9"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="11"/>
        <source>Kind:</source>
        <translation>Type :</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="13"/>
        <source>Standalone appliance</source>
        <translation>Appliance autonome</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="14"/>
        <source>Master/backup pair</source>
        <translation>Paire maître/secours</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="16"/>
        <source>Node address:</source>
        <translation>Adresse du nœud :</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="18"/>
        <location filename="../ui/cluster_dialog.ui" line="23"/>
        <source>address or host name</source>
        <translation>adresse ou nom d&apos;hôte</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="21"/>
        <source>Second node:</source>
        <translation>Second nœud :</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="26"/>
        <source>User:</source>
        <translation>Utilisateur :</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.ui" line="28"/>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
</context>
<context>
    <name>ClusterHealth</name>
    <message>
        <location filename="../model/cluster_health.cpp" line="28"/>
        <source>master</source>
        <translation>maître</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="29"/>
        <source>backup</source>
        <translation>secours</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="30"/>
        <source>fault</source>
        <translation>défaut</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="31"/>
        <source>standalone</source>
        <translation>autonome</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="38"/>
        <source>up</source>
        <translation>actif</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="39"/>
        <source>down</source>
        <translation>en panne</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="40"/>
        <source>drain</source>
        <translation>drainage</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="41"/>
        <source>maint</source>
        <translation>maintenance</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="42"/>
        <source>no check</source>
        <translation>non vérifié</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="67"/>
        <source>%1: certificate changed</source>
        <translation>%1 : certificat modifié</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="69"/>
        <source>%1 unreachable</source>
        <translation>%1 injoignable</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="74"/>
        <source>%1 in fault</source>
        <translation>%1 en défaut</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="99"/>
        <source>%1 has no server up</source>
        <translation>%1 n&apos;a aucun serveur actif</translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="103"/>
        <source>split brain: both nodes are master</source>
        <translation>split brain : les deux nœuds sont maîtres</translation>
    </message>
    <message numerus="yes">
        <location filename="../model/cluster_health.cpp" line="106"/>
        <source>%n server(s) down</source>
        <translation>
            <numerusform>%n serveur en panne</numerusform>
            <numerusform>%n serveurs en panne</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../model/cluster_health.cpp" line="111"/>
        <source>configuration drift (%n field(s))</source>
        <translation>
            <numerusform>écart de configuration (%n champ)</numerusform>
            <numerusform>écart de configuration (%n champs)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/cluster_health.cpp" line="115"/>
        <source>certificate expiring</source>
        <translation>certificat bientôt expiré</translation>
    </message>
</context>
<context>
    <name>ConfigPage</name>
    <message>
        <location filename="../ui/area_specs.cpp" line="25"/>
        <source>CAS1 Address:</source>
        <translation>Adresse CAS1 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="25"/>
        <source>CAS2 Address:</source>
        <translation>Adresse CAS2 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="26"/>
        <source>CAS3 Address:</source>
        <translation>Adresse CAS3 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="26"/>
        <source>CAS4 Address:</source>
        <translation>Adresse CAS4 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="27"/>
        <source>HUB1 Address:</source>
        <translation>Adresse HUB1 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="27"/>
        <source>HUB2 Address:</source>
        <translation>Adresse HUB2 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="28"/>
        <source>HUB3 Address:</source>
        <translation>Adresse HUB3 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="28"/>
        <source>HUB4 Address:</source>
        <translation>Adresse HUB4 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="33"/>
        <source>Name:</source>
        <translation>Nom :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="62"/>
        <source>HUB Servers</source>
        <translation>Serveurs HUB</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="65"/>
        <location filename="../ui/area_specs.cpp" line="103"/>
        <location filename="../ui/area_specs.cpp" line="113"/>
        <location filename="../ui/area_specs.cpp" line="143"/>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="70"/>
        <location filename="../ui/area_specs.cpp" line="119"/>
        <location filename="../ui/area_specs.cpp" line="147"/>
        <source>Timeout:</source>
        <translation>Délai d&apos;inactivité :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="71"/>
        <location filename="../ui/area_specs.cpp" line="120"/>
        <source>Certificate</source>
        <translation>Certificat</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="72"/>
        <location filename="../ui/area_specs.cpp" line="121"/>
        <location filename="../ui/area_specs.cpp" line="156"/>
        <source>Certificate:</source>
        <translation>Certificat :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="81"/>
        <source>Local Network</source>
        <translation>Réseau local</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="82"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="83"/>
        <source>Hostname:</source>
        <translation>Nom d&apos;hôte :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="84"/>
        <source>Address:</source>
        <translation>Adresse :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="85"/>
        <source>Netmask:</source>
        <translation>Masque :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="86"/>
        <source>Gateway:</source>
        <translation>Passerelle :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="87"/>
        <source>vLAN Identifier:</source>
        <translation>Identifiant vLAN :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="88"/>
        <source>Static Routes</source>
        <translation>Routes statiques</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="89"/>
        <source>Route 1:</source>
        <translation>Route 1 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="89"/>
        <source>Route 2:</source>
        <translation>Route 2 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="90"/>
        <source>Route 3:</source>
        <translation>Route 3 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="90"/>
        <source>Route 4:</source>
        <translation>Route 4 :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="94"/>
        <source>Network Mask:</source>
        <translation>Masque réseau :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="95"/>
        <source>Router Address:</source>
        <translation>Adresse du routeur :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="100"/>
        <source>High Availability</source>
        <translation>Haute disponibilité</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="102"/>
        <source>Role:</source>
        <translation>Rôle :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="104"/>
        <source>Virtual Service Address:</source>
        <translation>Adresse du service virtuel :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="105"/>
        <source>Cluster Identifier:</source>
        <translation>Identifiant du cluster :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="106"/>
        <source>Peer Address:</source>
        <translation>Adresse du pair :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="108"/>
        <source>CAS Servers</source>
        <translation>Serveurs CAS</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="111"/>
        <source>HTTP(s) Service</source>
        <translation>Service HTTP(s)</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="112"/>
        <source>HTTP(s) Service:</source>
        <translation>Service HTTP(s) :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="114"/>
        <source>Host Name:</source>
        <translation>Nom d&apos;hôte (FQDN) :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="115"/>
        <source>Virtual Service HTTPs port:</source>
        <translation>Port HTTPs du service virtuel :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="116"/>
        <source>Redirect HTTP port:</source>
        <translation>Port de redirection HTTP :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="117"/>
        <source>CAS Servers HTTP port:</source>
        <translation>Port HTTP des serveurs CAS :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="118"/>
        <source>CAS Servers HTTPs port:</source>
        <translation>Port HTTPs des serveurs CAS :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="122"/>
        <source>HTTP and Web Services</source>
        <translation>Services HTTP et Web</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="123"/>
        <source>Outlook Web Access:</source>
        <translation>Outlook Web Access :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="124"/>
        <source>Exchange Control Panel:</source>
        <translation>Panneau de configuration Exchange :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="125"/>
        <source>Offline Address Book:</source>
        <translation>Carnet d&apos;adresses hors connexion :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="126"/>
        <source>Auto discover:</source>
        <translation>Découverte automatique :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="127"/>
        <source>Exchange Web Services:</source>
        <translation>Services Web Exchange :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="128"/>
        <source>Active Sync:</source>
        <translation>Active Sync :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="129"/>
        <source>Outlook Anywhere:</source>
        <translation>Outlook Anywhere :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="130"/>
        <source>Remote PowerShell:</source>
        <translation>PowerShell distant :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="133"/>
        <source>IMAP(s) Service</source>
        <translation>Service IMAP(s)</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="133"/>
        <source>IMAP(s) Service:</source>
        <translation>Service IMAP(s) :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="134"/>
        <source>Virtual Service IMAP port:</source>
        <translation>Port IMAP du service virtuel :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="134"/>
        <source>Virtual Service IMAPs port:</source>
        <translation>Port IMAPs du service virtuel :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="135"/>
        <source>CAS Servers IMAP port:</source>
        <translation>Port IMAP des serveurs CAS :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="135"/>
        <source>CAS Servers IMAPs port:</source>
        <translation>Port IMAPs des serveurs CAS :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="136"/>
        <source>POP(s) Service</source>
        <translation>Service POP(s)</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="136"/>
        <source>POP(s) Service:</source>
        <translation>Service POP(s) :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="137"/>
        <source>Virtual Service POP3 port:</source>
        <translation>Port POP3 du service virtuel :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="137"/>
        <source>Virtual Service POP3s port:</source>
        <translation>Port POP3s du service virtuel :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="138"/>
        <source>CAS Servers POP3 port:</source>
        <translation>Port POP3 des serveurs CAS :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="138"/>
        <source>CAS Servers POP3s port:</source>
        <translation>Port POP3s des serveurs CAS :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="141"/>
        <source>RPC Services</source>
        <translation>Services RPC</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="142"/>
        <source>RPC Services:</source>
        <translation>Services RPC :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="144"/>
        <source>EndPoint Mapper port:</source>
        <translation>Port EndPoint Mapper :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="145"/>
        <source>Access Point port:</source>
        <translation>Port Client Access :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="146"/>
        <source>Address Book port:</source>
        <translation>Port Carnet d&apos;adresses :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="149"/>
        <source>SMTP(s) Service</source>
        <translation>Service SMTP(s)</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="149"/>
        <source>SMTP(s) Service:</source>
        <translation>Service SMTP(s) :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="150"/>
        <source>Virtual Service SMTP port:</source>
        <translation>Port SMTP du service virtuel :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="150"/>
        <source>Virtual Service SMTPs port:</source>
        <translation>Port SMTPs du service virtuel :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="151"/>
        <source>HUB Servers SMTP port:</source>
        <translation>Port SMTP des serveurs HUB :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="151"/>
        <source>HUB Servers SMTPs port:</source>
        <translation>Port SMTPs des serveurs HUB :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="153"/>
        <source>Certificates</source>
        <translation>Certificats</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="154"/>
        <source>Management (web page and API)</source>
        <translation>Administration (page web et API)</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="155"/>
        <source>Port:</source>
        <translation>Port :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="158"/>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="159"/>
        <source>Local</source>
        <translation>Local</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="160"/>
        <source>Language:</source>
        <translation>Langue :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="161"/>
        <source>Timezone:</source>
        <translation>Fuseau horaire :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="162"/>
        <source>Exchange</source>
        <translation>Exchange</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="163"/>
        <source>Exchange version:</source>
        <translation>Version d&apos;Exchange :</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="169"/>
        <source>enabled</source>
        <translation>activé</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="170"/>
        <location filename="../ui/area_specs.cpp" line="171"/>
        <location filename="../ui/area_specs.cpp" line="174"/>
        <location filename="../ui/area_specs.cpp" line="177"/>
        <source>disabled</source>
        <translation>désactivé</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="172"/>
        <source>master</source>
        <translation>maître</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="173"/>
        <source>backup</source>
        <translation>secours</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="183"/>
        <source>English</source>
        <translation>Anglais</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="184"/>
        <source>French</source>
        <translation>Français</translation>
    </message>
    <message>
        <location filename="../ui/area_specs.cpp" line="186"/>
        <source>Exchange 2013 or later</source>
        <translation>Exchange 2013 ou ultérieur</translation>
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
        <translation>RPC Client Access (8.1, Exchange 2010, SP1 et SP2) :
1. Ouvrez regedit
2. Allez dans HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\services\MSExchangeRPC
3. Créez une nouvelle clé nommée ParametersSystem
4. Sous cette clé, créez une valeur REG_DWORD nommée TCP/IP Port
5. Donnez-lui la valeur %1, base Décimale

</translation>
    </message>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="52"/>
        <source>Address Book (8.2.2, Exchange 2010 SP1 and SP2):
1. Open regedit
2. Browse to HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\services\MSExchangeAB\Parameters
3. Under this key create a REG_SZ named RpcTcpPort
4. Set its value to %1
</source>
        <translation>Carnet d&apos;adresses (8.2.2, Exchange 2010 SP1 et SP2) :
1. Ouvrez regedit
2. Allez dans HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\services\MSExchangeAB\Parameters
3. Sous cette clé, créez une valeur REG_SZ nommée RpcTcpPort
4. Donnez-lui la valeur %1
</translation>
    </message>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="59"/>
        <source>Address Book (8.2.1, Exchange 2010):
1. Open C:\Program Files\Microsoft\Exchange Server\V14\Bin
2. Open microsoft.exchange.addressbook.service.exe.config with Notepad
3. Find RpcTcpPort and set its value to %1
4. Save the file
</source>
        <translation>Carnet d&apos;adresses (8.2.1, Exchange 2010) :
1. Ouvrez C:\Program Files\Microsoft\Exchange Server\V14\Bin
2. Ouvrez microsoft.exchange.addressbook.service.exe.config avec le Bloc-notes
3. Trouvez RpcTcpPort et donnez-lui la valeur %1
4. Enregistrez le fichier
</translation>
    </message>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="72"/>
        <source>The Client Access and Address Book ports must differ.</source>
        <translation>Les ports Client Access et Carnet d&apos;adresses doivent être différents.</translation>
    </message>
    <message>
        <location filename="../model/exchange_helpers.cpp" line="75"/>
        <source>Microsoft recommends ports from 59531 to 60554, the same on every CAS server.</source>
        <translation>Microsoft recommande des ports entre 59531 et 60554, identiques sur chaque serveur CAS.</translation>
    </message>
</context>
<context>
    <name>PlannedHandover</name>
    <message>
        <location filename="../model/planned_handover.cpp" line="28"/>
        <source>Nothing to hand over on this node.</source>
        <translation>Rien à basculer sur ce nœud.</translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="44"/>
        <source>%1 refused the handover: %2</source>
        <translation>%1 a refusé la bascule : %2</translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="49"/>
        <source>%1 answered the handover with something unreadable.</source>
        <translation>%1 a répondu à la bascule par un message illisible.</translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="53"/>
        <source>%1 answered, but the address did not move: %2</source>
        <translation>%1 a répondu, mais l’adresse n’a pas bougé : %2</translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="56"/>
        <source>%1 took the virtual address from its peer in %2 ms.</source>
        <translation>%1 a repris l’adresse virtuelle à son pair en %2 ms.</translation>
    </message>
    <message>
        <location filename="../model/planned_handover.cpp" line="57"/>
        <source>%1 handed the virtual address to its peer in %2 ms.</source>
        <translation>%1 a cédé l’adresse virtuelle à son pair en %2 ms.</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <location filename="../model/cluster_book.cpp" line="59"/>
        <source>A cluster needs a name of 1 to 64 characters.</source>
        <translation>Un cluster doit avoir un nom de 1 à 64 caractères.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="60"/>
        <source>A cluster needs a user name.</source>
        <translation>Un cluster doit avoir un nom d&apos;utilisateur.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="63"/>
        <source>A pair needs the addresses of its two nodes.</source>
        <translation>Une paire doit avoir les adresses de ses deux nœuds.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="64"/>
        <source>A standalone appliance needs one address.</source>
        <translation>Une appliance autonome doit avoir une adresse.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="67"/>
        <source>&quot;%1&quot; is not a host name or address.</source>
        <translation>« %1 » n&apos;est ni un nom d&apos;hôte ni une adresse.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="68"/>
        <source>The port of %1 must be between 1 and 65535.</source>
        <translation>Le port de %1 doit être compris entre 1 et 65535.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="70"/>
        <source>The two nodes of a pair must differ.</source>
        <translation>Les deux nœuds d&apos;une paire doivent être différents.</translation>
    </message>
</context>
<context>
    <name>TrustDialog</name>
    <message>
        <location filename="../ui/trust_dialog.ui" line="5"/>
        <source>Trust this appliance?</source>
        <translation>Faire confiance à cette appliance ?</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="10"/>
        <source>Appliance:</source>
        <translation>Appliance :</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="12"/>
        <source>Subject:</source>
        <translation>Sujet :</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="14"/>
        <source>SHA-256 fingerprint:</source>
        <translation>Empreinte SHA-256 :</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="16"/>
        <source>Trusted until now:</source>
        <translation>Approuvé jusqu&apos;ici :</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.ui" line="18"/>
        <source>Valid until:</source>
        <translation>Valide jusqu&apos;au :</translation>
    </message>
</context>
<context>
    <name>exlb::console::AgentConnection</name>
    <message>
        <location filename="../net/agent_connection.cpp" line="171"/>
        <source>The agent&apos;s certificate is not trusted yet.</source>
        <translation>Le certificat de l&apos;agent n&apos;est pas encore approuvé.</translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="175"/>
        <source>The agent presented a different certificate than the one you trusted.</source>
        <translation>L&apos;agent a présenté un certificat différent de celui que vous avez approuvé.</translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="273"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="304"/>
        <source>The agent&apos;s answer was larger than %1 bytes; ignored.</source>
        <translation>La réponse de l&apos;agent dépassait %1 octets ; elle a été ignorée.</translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="361"/>
        <source>The agent answered the login without a session token.</source>
        <translation>L&apos;agent a répondu à la connexion sans jeton de session.</translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="370"/>
        <source>The factory password must be changed before first use.</source>
        <translation>Le mot de passe d&apos;usine doit être changé avant la première utilisation.</translation>
    </message>
    <message>
        <location filename="../net/agent_connection.cpp" line="416"/>
        <source>The event stream closed: %1</source>
        <translation>Le flux d&apos;événements s&apos;est fermé : %1</translation>
    </message>
</context>
<context>
    <name>exlb::console::AreaPage</name>
    <message>
        <location filename="../ui/area_page.cpp" line="84"/>
        <source>Cancel: put this area back as the node runs it</source>
        <translation>Annuler : remettre cette section telle que le nœud l&apos;exécute</translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="87"/>
        <source>Validate: this area is ready to apply</source>
        <translation>Valider : cette section est prête à être appliquée</translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="137"/>
        <source>Switch %1 to %2</source>
        <translation>Passer %1 à %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/area_page.cpp" line="150"/>
        <source>%n problem(s) to fix first</source>
        <translation>
            <numerusform>%n problème à corriger d&apos;abord</numerusform>
            <numerusform>%n problèmes à corriger d&apos;abord</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="172"/>
        <source>Warning: %1</source>
        <translation>Avertissement : %1</translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="190"/>
        <source>✓ validated: ready to apply</source>
        <translation>✓ validé : prêt à appliquer</translation>
    </message>
    <message>
        <location filename="../ui/area_page.cpp" line="192"/>
        <source>changed: ✓ to validate, ✗ to cancel</source>
        <translation>modifié : ✓ pour valider, ✗ pour annuler</translation>
    </message>
</context>
<context>
    <name>exlb::console::ChartWidget</name>
    <message>
        <location filename="../ui/chart_widget.cpp" line="42"/>
        <source>sessions</source>
        <translation>sessions</translation>
    </message>
    <message>
        <location filename="../ui/chart_widget.cpp" line="42"/>
        <source>sessions/s</source>
        <translation>sessions/s</translation>
    </message>
    <message>
        <location filename="../ui/chart_widget.cpp" line="44"/>
        <source>%1 — %2, last hour</source>
        <translation>%1 — %2, dernière heure</translation>
    </message>
    <message>
        <location filename="../ui/chart_widget.cpp" line="68"/>
        <source>-60 min</source>
        <translation>-60 min</translation>
    </message>
    <message>
        <location filename="../ui/chart_widget.cpp" line="69"/>
        <source>now</source>
        <translation>maintenant</translation>
    </message>
</context>
<context>
    <name>exlb::console::ClusterBook</name>
    <message>
        <location filename="../model/cluster_book.cpp" line="119"/>
        <source>The address book is full (%1 clusters).</source>
        <translation>Le carnet d&apos;adresses est plein (%1 clusters).</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="121"/>
        <location filename="../model/cluster_book.cpp" line="138"/>
        <source>A cluster named &quot;%1&quot; exists already.</source>
        <translation>Un cluster nommé « %1 » existe déjà.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="134"/>
        <source>That cluster is no longer in the address book.</source>
        <translation>Ce cluster n&apos;est plus dans le carnet d&apos;adresses.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="164"/>
        <source>The file is too large to be an address book.</source>
        <translation>Le fichier est trop volumineux pour être un carnet d&apos;adresses.</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="170"/>
        <source>The file is not an exlb address book: %1</source>
        <translation>Le fichier n&apos;est pas un carnet d&apos;adresses exlb : %1</translation>
    </message>
    <message>
        <location filename="../model/cluster_book.cpp" line="181"/>
        <source>(no name)</source>
        <translation>(sans nom)</translation>
    </message>
</context>
<context>
    <name>exlb::console::ClusterDialog</name>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="12"/>
        <source>Add a cluster</source>
        <translation>Ajouter un cluster</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="12"/>
        <source>Edit %1</source>
        <translation>Modifier %1</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="25"/>
        <source>The password is kept in the system&apos;s keychain.</source>
        <translation>Le mot de passe est conservé dans le trousseau du système.</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="26"/>
        <source>No keychain is available: the password is kept in memory for this session only.</source>
        <translation>Aucun trousseau n&apos;est disponible : le mot de passe est conservé en mémoire pour cette session seulement.</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="44"/>
        <source>First node:</source>
        <translation>Premier nœud :</translation>
    </message>
    <message>
        <location filename="../ui/cluster_dialog.cpp" line="44"/>
        <source>Node address:</source>
        <translation>Adresse du nœud :</translation>
    </message>
</context>
<context>
    <name>exlb::console::ClusterSession</name>
    <message>
        <location filename="../model/cluster_session.cpp" line="76"/>
        <source>No password is stored for %1.</source>
        <translation>Aucun mot de passe n&apos;est enregistré pour %1.</translation>
    </message>
</context>
<context>
    <name>exlb::console::ConfigEditor</name>
    <message>
        <location filename="../ui/config_editor.cpp" line="24"/>
        <source>Edit node:</source>
        <translation>Nœud modifié :</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="27"/>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="28"/>
        <source>Redo</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="29"/>
        <source>Pending changes…</source>
        <translation>Modifications en attente…</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="30"/>
        <source>Apply to this node</source>
        <translation>Appliquer à ce nœud</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="31"/>
        <source>Apply to both nodes</source>
        <translation>Appliquer aux deux nœuds</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="32"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="33"/>
        <source>Make the running configuration the one the nodes start with (guide 7.2)</source>
        <translation>Faire de la configuration en cours celle avec laquelle les nœuds démarrent (guide 7.2)</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="60"/>
        <location filename="../ui/config_editor.cpp" line="172"/>
        <source>This node</source>
        <translation>Ce nœud</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="129"/>
        <source>waiting for the node&apos;s configuration…</source>
        <translation>en attente de la configuration du nœud…</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="132"/>
        <source>no area validated yet</source>
        <translation>aucune zone validée</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="133"/>
        <source>validated: %1</source>
        <translation>validé : %1</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="172"/>
        <source>Both nodes (backup first)</source>
        <translation>Les deux nœuds (le secours d&apos;abord)</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="219"/>
        <source>%1: configuration saved.</source>
        <translation>%1 : configuration enregistrée.</translation>
    </message>
    <message>
        <location filename="../ui/config_editor.cpp" line="220"/>
        <source>%1: save failed: %2</source>
        <translation>%1 : échec de l&apos;enregistrement : %2</translation>
    </message>
</context>
<context>
    <name>exlb::console::HeatMap</name>
    <message>
        <location filename="../ui/heat_map.cpp" line="85"/>
        <source>No server health reported yet.</source>
        <translation>Aucun état de serveur remonté pour l&apos;instant.</translation>
    </message>
</context>
<context>
    <name>exlb::console::HelpersPage</name>
    <message>
        <location filename="../ui/helpers_page.cpp" line="23"/>
        <source>Exchange 2010</source>
        <translation>Exchange 2010</translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="24"/>
        <source>Exchange 2010 SP1 / SP2</source>
        <translation>Exchange 2010 SP1 / SP2</translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="28"/>
        <source>Copy PowerShell</source>
        <translation>Copier le PowerShell</translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="29"/>
        <source>Exchange release:</source>
        <translation>Version d&apos;Exchange :</translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="40"/>
        <source>PowerShell (run on every CAS server):</source>
        <translation>PowerShell (à exécuter sur chaque serveur CAS) :</translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="42"/>
        <source>Or by hand (guide chapter 8):</source>
        <translation>Ou à la main (guide, chapitre 8) :</translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="60"/>
        <source>factory defaults (no node connected)</source>
        <translation>valeurs d&apos;usine (aucun nœud connecté)</translation>
    </message>
    <message>
        <location filename="../ui/helpers_page.cpp" line="69"/>
        <source>Ports from %1: Client Access %2, Address Book %3.</source>
        <translation>Ports de %1 : Client Access %2, Carnet d&apos;adresses %3.</translation>
    </message>
</context>
<context>
    <name>exlb::console::MainWindow</name>
    <message>
        <location filename="../ui/main_window.cpp" line="63"/>
        <source>exlb console</source>
        <translation>console exlb</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="71"/>
        <source>Filter clusters</source>
        <translation>Filtrer les clusters</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="83"/>
        <source>Add…</source>
        <translation>Ajouter…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="84"/>
        <source>Edit…</source>
        <translation>Modifier…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="85"/>
        <source>Remove</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="89"/>
        <source>&lt;b&gt;Clusters&lt;/b&gt; (worst first)</source>
        <translation>&lt;b&gt;Clusters&lt;/b&gt; (les pires d&apos;abord)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="116"/>
        <source>&lt;b&gt;Heat map&lt;/b&gt;: clusters × servers (rows) × Exchange services (columns)</source>
        <translation>&lt;b&gt;Carte de chaleur&lt;/b&gt; : clusters × serveurs (lignes) × services Exchange (colonnes)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="118"/>
        <source>Overview</source>
        <translation>Vue d&apos;ensemble</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="121"/>
        <source>Pair</source>
        <translation>Paire</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="123"/>
        <source>Configuration</source>
        <translation>Configuration</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="125"/>
        <source>Operations</source>
        <translation>Opérations</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="127"/>
        <source>Exchange helpers</source>
        <translation>Aides Exchange</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="134"/>
        <source>Passwords are kept in the system keychain.</source>
        <translation>Les mots de passe sont conservés dans le trousseau du système.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="135"/>
        <source>No keychain: passwords are kept for this session only.</source>
        <translation>Pas de trousseau : les mots de passe sont conservés pour cette session seulement.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="160"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="161"/>
        <source>&amp;Add cluster…</source>
        <translation>&amp;Ajouter un cluster…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="162"/>
        <source>&amp;Import clusters…</source>
        <translation>&amp;Importer des clusters…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="163"/>
        <source>&amp;Export clusters…</source>
        <translation>&amp;Exporter les clusters…</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="165"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="166"/>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="167"/>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="169"/>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="173"/>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="174"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="176"/>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="185"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="186"/>
        <source>&amp;About</source>
        <translation>À &amp;propos</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="187"/>
        <source>About exlb console</source>
        <translation>À propos de la console exlb</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="188"/>
        <source>exlb console %1
Load-balancer appliances for Microsoft Exchange.
Licensed under the Apache License 2.0.</source>
        <translation>console exlb %1
Appliances de répartition de charge pour Microsoft Exchange.
Sous licence Apache 2.0.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="205"/>
        <source>exlb console — %1</source>
        <translation>console exlb — %1</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="215"/>
        <source>Add a cluster</source>
        <translation>Ajouter un cluster</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="236"/>
        <source>Edit cluster</source>
        <translation>Modifier le cluster</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="249"/>
        <source>Remove cluster</source>
        <translation>Supprimer le cluster</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="250"/>
        <source>Remove %1 from the address book? The appliances are not touched.</source>
        <translation>Supprimer %1 du carnet d&apos;adresses ? Les appliances ne sont pas modifiées.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="266"/>
        <source>Import clusters</source>
        <translation>Importer des clusters</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="266"/>
        <location filename="../ui/main_window.cpp" line="287"/>
        <source>Address book (*.json)</source>
        <translation>Carnet d&apos;adresses (*.json)</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="272"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/main_window.cpp" line="280"/>
        <source>Imported %n cluster(s).</source>
        <translation>
            <numerusform>%n cluster importé.</numerusform>
            <numerusform>%n clusters importés.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="287"/>
        <source>Export clusters</source>
        <translation>Exporter les clusters</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="293"/>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d&apos;écrire %1 : %2</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="296"/>
        <source>Exported the address book (no passwords) to %1.</source>
        <translation>Carnet d&apos;adresses exporté (sans mots de passe) vers %1.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="345"/>
        <source>Password changed.</source>
        <translation>Mot de passe changé.</translation>
    </message>
    <message>
        <location filename="../ui/main_window.cpp" line="345"/>
        <source>Password change refused: %1</source>
        <translation>Changement de mot de passe refusé : %1</translation>
    </message>
</context>
<context>
    <name>exlb::console::OperationsPage</name>
    <message>
        <location filename="../ui/operations_page.cpp" line="24"/>
        <source>Patch a CAS/HUB server on every cluster that publishes it</source>
        <translation>Mettre à jour un serveur CAS/HUB sur tous les clusters qui le publient</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="29"/>
        <source>Drain everywhere</source>
        <translation>Drainer partout</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="30"/>
        <source>Ready everywhere</source>
        <translation>Remettre partout</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="31"/>
        <source>Maintenance everywhere</source>
        <translation>Maintenance partout</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="33"/>
        <source>Server:</source>
        <translation>Serveur :</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="43"/>
        <source>&lt;b&gt;Node:&lt;/b&gt;</source>
        <translation>&lt;b&gt;Nœud :&lt;/b&gt;</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="51"/>
        <source>Audit log</source>
        <translation>Journal d&apos;audit</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="54"/>
        <source>Load</source>
        <translation>Charger</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>Time</source>
        <translation>Heure</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>User</source>
        <translation>Utilisateur</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="59"/>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/operations_page.cpp" line="71"/>
        <source>%1 %2 on %n node(s)</source>
        <translation>
            <numerusform>%1 %2 sur %n nœud</numerusform>
            <numerusform>%1 %2 sur %n nœuds</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="180"/>
        <source>%1: %2 %3 failed: %4</source>
        <translation>%1 : échec de %2 %3 : %4</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="211"/>
        <source>%1 drained: no session left, ready to patch.</source>
        <translation>%1 drainé : plus aucune session, prêt pour la mise à jour.</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="212"/>
        <source>%1: waiting for status…</source>
        <translation>%1 : en attente de l&apos;état…</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="213"/>
        <source>%1: %2 session(s) left…</source>
        <translation>%1 : %2 session(s) restante(s)…</translation>
    </message>
    <message>
        <location filename="../ui/operations_page.cpp" line="223"/>
        <source>Audit log: %1</source>
        <translation>Journal d&apos;audit : %1</translation>
    </message>
</context>
<context>
    <name>exlb::console::OverviewModel</name>
    <message>
        <location filename="../model/overview_model.cpp" line="80"/>
        <source>healthy</source>
        <translation>sain</translation>
    </message>
    <message numerus="yes">
        <location filename="../model/overview_model.cpp" line="85"/>
        <source>%n field(s)</source>
        <translation>
            <numerusform>%n champ</numerusform>
            <numerusform>%n champs</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="85"/>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="86"/>
        <source>yes</source>
        <translation>oui</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="86"/>
        <source>no</source>
        <translation>non</translation>
    </message>
    <message numerus="yes">
        <location filename="../model/overview_model.cpp" line="87"/>
        <source>%n expiring</source>
        <translation>
            <numerusform>%n bientôt expiré</numerusform>
            <numerusform>%n bientôt expirés</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="87"/>
        <source>ok</source>
        <translation>ok</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="95"/>
        <source>Cluster</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="96"/>
        <source>Worst problem</source>
        <translation>Pire problème</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="97"/>
        <source>Nodes up</source>
        <translation>Nœuds actifs</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="98"/>
        <source>Roles</source>
        <translation>Rôles</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="99"/>
        <source>Services up</source>
        <translation>Services actifs</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="100"/>
        <source>Servers down</source>
        <translation>Serveurs en panne</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="101"/>
        <source>Drift</source>
        <translation>Écart</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="102"/>
        <source>Split brain</source>
        <translation>Split brain</translation>
    </message>
    <message>
        <location filename="../model/overview_model.cpp" line="103"/>
        <source>Certificates</source>
        <translation>Certificats</translation>
    </message>
</context>
<context>
    <name>exlb::console::PairApply</name>
    <message>
        <location filename="../model/pair_apply.cpp" line="21"/>
        <location filename="../model/pair_apply.cpp" line="73"/>
        <source>A node went away before the change started.</source>
        <translation>Un nœud a disparu avant le début de la modification.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="24"/>
        <source>%1 brings its peer in line…</source>
        <translation>%1 aligne son pair…</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="28"/>
        <source>Applying to both nodes through %1…</source>
        <translation>Application sur les deux nœuds via %1…</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="43"/>
        <source>%1 refused: %2 (the configuration or the pair generation moved meanwhile). Nothing was changed; reload and edit again.</source>
        <translation>%1 a refusé : %2 (la configuration ou la génération de la paire a changé entre-temps). Rien n&apos;a été modifié ; rechargez et recommencez.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="46"/>
        <source>The pair refused the change: %1 Both nodes keep their previous configuration.</source>
        <translation>La paire a refusé la modification : %1 Les deux nœuds gardent leur configuration précédente.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="49"/>
        <location filename="../model/pair_apply.cpp" line="89"/>
        <source>Applied to both nodes.</source>
        <translation>Appliqué sur les deux nœuds.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="51"/>
        <source>Applied on %1; the other node is unreachable and takes the change when it returns (generation %2).</source>
        <translation>Appliqué sur %1 ; l&apos;autre nœud est injoignable et recevra la modification à son retour (génération %2).</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="55"/>
        <source>Both nodes share the same settings again (generation %1).</source>
        <translation>Les deux nœuds partagent de nouveau les mêmes réglages (génération %1).</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="56"/>
        <source>Applied to both nodes by the agents (generation %1).</source>
        <translation>Appliqué sur les deux nœuds par les agents (génération %1).</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="74"/>
        <source>Checking %1…</source>
        <translation>Vérification de %1…</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="76"/>
        <source>%1 did not answer: %2. Nothing was changed.</source>
        <translation>%1 n&apos;a pas répondu : %2. Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="78"/>
        <source>%1 has a newer configuration than the one you edited. Nothing was changed; reload it and edit again.</source>
        <translation>%1 a une configuration plus récente que celle que vous avez modifiée. Rien n&apos;a été modifié ; rechargez-la et recommencez.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="89"/>
        <source>Applied.</source>
        <translation>Appliqué.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="92"/>
        <source>A node went away during the change.</source>
        <translation>Un nœud a disparu pendant la modification.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="93"/>
        <source>Applying to %1…</source>
        <translation>Application sur %1…</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="98"/>
        <source>%1 changed meanwhile (someone else applied a change)</source>
        <translation>%1 a changé entre-temps (quelqu&apos;un d&apos;autre a appliqué une modification)</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="99"/>
        <source>%1 refused the change: %2</source>
        <translation>%1 a refusé la modification : %2</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="114"/>
        <source>. Nothing was changed.</source>
        <translation>. Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="117"/>
        <source>. Rolling back failed: a node went away.</source>
        <translation>. Le retour arrière a échoué : un nœud a disparu.</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="118"/>
        <source>Rolling %1 back…</source>
        <translation>Retour arrière de %1…</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="121"/>
        <source>. Rolling %1 back failed too: %2</source>
        <translation>. Le retour arrière de %1 a lui aussi échoué : %2</translation>
    </message>
    <message>
        <location filename="../model/pair_apply.cpp" line="124"/>
        <source>. The nodes already changed were put back.</source>
        <translation>. Les nœuds déjà modifiés ont été remis dans leur état précédent.</translation>
    </message>
</context>
<context>
    <name>exlb::console::PairModel</name>
    <message>
        <location filename="../model/pair_model.cpp" line="114"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../model/pair_model.cpp" line="115"/>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location filename="../model/pair_model.cpp" line="119"/>
        <source>%1 health</source>
        <translation>État %1</translation>
    </message>
    <message>
        <location filename="../model/pair_model.cpp" line="119"/>
        <source>%1 sessions</source>
        <translation>Sessions %1</translation>
    </message>
</context>
<context>
    <name>exlb::console::PairView</name>
    <message>
        <location filename="../ui/pair_view.cpp" line="25"/>
        <source>online</source>
        <translation>en ligne</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="26"/>
        <source>connecting…</source>
        <translation>connexion…</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="27"/>
        <source>unreachable, retrying</source>
        <translation>injoignable, nouvel essai</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="28"/>
        <source>certificate not trusted yet</source>
        <translation>certificat pas encore approuvé</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="29"/>
        <source>CERTIFICATE CHANGED: blocked</source>
        <translation>CERTIFICAT MODIFIÉ : bloqué</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="30"/>
        <source>password needed</source>
        <translation>mot de passe requis</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="31"/>
        <source>factory password must be changed</source>
        <translation>le mot de passe d&apos;usine doit être changé</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="32"/>
        <source>not connected</source>
        <translation>non connecté</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="38"/>
        <source>running</source>
        <translation>en marche</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="39"/>
        <source>stopped</source>
        <translation>arrêté</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="40"/>
        <source>restarting</source>
        <translation>redémarrage</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="41"/>
        <source>FAILED</source>
        <translation>EN ÉCHEC</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="66"/>
        <source>Bring in line</source>
        <translation>Aligner</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="67"/>
        <source>Copy the master&apos;s shared settings to the other node</source>
        <translation>Copier les réglages partagés du maître sur l&apos;autre nœud</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="137"/>
        <source>Role: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Host: %2&lt;br&gt;</source>
        <translation>Rôle : &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Hôte : %2&lt;br&gt;</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="144"/>
        <source>Services: %1&lt;br&gt;</source>
        <translation>Services : %1&lt;br&gt;</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="144"/>
        <source>none reported</source>
        <translation>aucun remonté</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="147"/>
        <source>Sessions: %1 &amp;nbsp; Uptime: %2 s</source>
        <translation>Sessions : %1 &amp;nbsp; Démarré depuis : %2 s</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="152"/>
        <source>Persistence shared with the peer over TLS</source>
        <translation>Persistance partagée avec le pair via TLS</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="152"/>
        <source>Persistence shared with the peer in clear text (the pair channel has not met it yet)</source>
        <translation>Persistance partagée avec le pair en clair (le canal de paire ne l’a pas encore rencontré)</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="153"/>
        <source>VRRP from others dropped: %1 (from the peer, accepted: %2)</source>
        <translation>Annonces VRRP d’autres sources rejetées : %1 (du pair, acceptées : %2)</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="163"/>
        <source>Stick-table replication from others dropped: %1</source>
        <translation>Réplication des tables de persistance depuis d’autres sources rejetée : %1</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="160"/>
        <source>Alarms: %1</source>
        <translation>Alarmes : %1</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="162"/>
        <source>A handover of the virtual address is under way.</source>
        <translation>Une bascule de l’adresse virtuelle est en cours.</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="164"/>
        <source>Takes the virtual address back at %1 (automatic failback).</source>
        <translation>Reprend l’adresse virtuelle à %1 (retour automatique).</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="176"/>
        <source>Take over</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="176"/>
        <source>Hand over</source>
        <translation>Céder</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="178"/>
        <source>This node takes the virtual address from its peer (planned handover)</source>
        <translation>Ce nœud reprend l’adresse virtuelle à son pair (bascule planifiée)</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="179"/>
        <source>This node gives the virtual address to its peer (planned handover)</source>
        <translation>Ce nœud cède l’adresse virtuelle à son pair (bascule planifiée)</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="195"/>
        <source>The master&apos;s agent pushes its shared settings to the other node (pair sync)</source>
        <translation>L&apos;agent du maître pousse ses réglages partagés vers l&apos;autre nœud (synchronisation de la paire)</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="197"/>
        <source>Standalone appliance: no drift to compare.</source>
        <translation>Appliance autonome : pas d&apos;écart à comparer.</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="198"/>
        <source>The agents report drift: the nodes&apos; shared settings differ.</source>
        <translation>Les agents signalent un écart : les réglages partagés des nœuds diffèrent.</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="199"/>
        <source>No drift: both nodes share the same settings.</source>
        <translation>Aucun écart : les deux nœuds ont les mêmes réglages.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/pair_view.cpp" line="200"/>
        <source>Drift: %n shared setting(s) differ (master → other node)</source>
        <translation>
            <numerusform>Écart : %n réglage partagé diffère (maître → autre nœud)</numerusform>
            <numerusform>Écart : %n réglages partagés diffèrent (maître → autre nœud)</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="245"/>
        <source>%1 takes the virtual address from its peer.</source>
        <translation>%1 reprend l’adresse virtuelle à son pair.</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="245"/>
        <source>%1 gives the virtual address to its peer.</source>
        <translation>%1 cède l’adresse virtuelle à son pair.</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="247"/>
        <source>Connections open through the virtual address are cut; clients reconnect to the new holder. Go on?</source>
        <translation>Les connexions ouvertes via l’adresse virtuelle sont coupées ; les clients se reconnectent au nouveau détenteur. Continuer ?</translation>
    </message>
    <message>
        <location filename="../ui/pair_view.cpp" line="248"/>
        <source>Planned handover</source>
        <translation>Bascule planifiée</translation>
    </message>
</context>
<context>
    <name>exlb::console::PasswordDialog</name>
    <message>
        <location filename="../ui/password_dialog.cpp" line="15"/>
        <source>Change the factory password</source>
        <translation>Changer le mot de passe d&apos;usine</translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="15"/>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="17"/>
        <source>&lt;b&gt;%1&lt;/b&gt; still uses its factory password. Choose a new one: the appliance accepts nothing else until it is changed.</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; utilise encore son mot de passe d&apos;usine. Choisissez-en un nouveau : l&apos;appliance n&apos;accepte rien d&apos;autre tant qu&apos;il n&apos;est pas changé.</translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="19"/>
        <source>Password for &lt;b&gt;%1&lt;/b&gt;.</source>
        <translation>Mot de passe pour &lt;b&gt;%1&lt;/b&gt;.</translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="31"/>
        <source>New password:</source>
        <translation>Nouveau mot de passe :</translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="31"/>
        <source>Password:</source>
        <translation>Mot de passe :</translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="35"/>
        <source>Confirmation:</source>
        <translation>Confirmation :</translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="63"/>
        <source>At least 8 characters.</source>
        <translation>Au moins 8 caractères.</translation>
    </message>
    <message>
        <location filename="../ui/password_dialog.cpp" line="65"/>
        <source>The two entries differ.</source>
        <translation>Les deux saisies diffèrent.</translation>
    </message>
</context>
<context>
    <name>exlb::console::PendingChangesDialog</name>
    <message>
        <location filename="../ui/pending_changes_dialog.cpp" line="15"/>
        <source>Pending changes</source>
        <translation>Modifications en attente</translation>
    </message>
    <message>
        <location filename="../ui/pending_changes_dialog.cpp" line="18"/>
        <source>Nothing to apply: validate (✓) an area first.</source>
        <translation>Rien à appliquer : validez (✓) d&apos;abord une section.</translation>
    </message>
    <message numerus="yes">
        <location filename="../ui/pending_changes_dialog.cpp" line="19"/>
        <source>%1 — %n change(s):</source>
        <translation>
            <numerusform>%1 — %n modification :</numerusform>
            <numerusform>%1 — %n modifications :</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../ui/pending_changes_dialog.cpp" line="30"/>
        <source>Apply</source>
        <translation>Appliquer</translation>
    </message>
</context>
<context>
    <name>exlb::console::PendingChangesModel</name>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="23"/>
        <source>(empty)</source>
        <translation>(vide)</translation>
    </message>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="36"/>
        <source>Node</source>
        <translation>Nœud</translation>
    </message>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="37"/>
        <source>Field</source>
        <translation>Champ</translation>
    </message>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="38"/>
        <source>Now</source>
        <translation>Actuel</translation>
    </message>
    <message>
        <location filename="../model/pending_changes_model.cpp" line="39"/>
        <source>After apply</source>
        <translation>Après application</translation>
    </message>
</context>
<context>
    <name>exlb::console::ServicesModel</name>
    <message>
        <location filename="../model/services_model.cpp" line="17"/>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="18"/>
        <source>NOK</source>
        <translation>NOK</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="19"/>
        <source>not used</source>
        <translation>non utilisé</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="20"/>
        <source>provided by HAProxy</source>
        <translation>assuré par HAProxy</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="27"/>
        <source>auto</source>
        <translation>automatique</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="28"/>
        <source>manual</source>
        <translation>manuel</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="118"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="119"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="120"/>
        <source>Detail</source>
        <translation>Détail</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="121"/>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="122"/>
        <source>Since</source>
        <translation>Depuis</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="123"/>
        <source>Restarts</source>
        <translation>Redémarrages</translation>
    </message>
    <message>
        <location filename="../model/services_model.cpp" line="124"/>
        <source>Startup</source>
        <translation>Démarrage</translation>
    </message>
</context>
<context>
    <name>exlb::console::ServicesPanel</name>
    <message>
        <location filename="../ui/services_panel.cpp" line="23"/>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="24"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="25"/>
        <source>Restart</source>
        <translation>Redémarrer</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="26"/>
        <source>Reload</source>
        <translation>Recharger</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="33"/>
        <source>Services (guide chapter 6)</source>
        <translation>Services (guide, chapitre 6)</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="53"/>
        <source>Startup:</source>
        <translation>Démarrage :</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="57"/>
        <source>Auto: starts with the appliance. Manual: waits until someone starts it.</source>
        <translation>Automatique : démarre avec l&apos;appliance. Manuel : attend qu&apos;un administrateur le démarre.</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="60"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="109"/>
        <source>Services: %1</source>
        <translation>Services : %1</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="127"/>
        <source>Stop %1</source>
        <translation>Arrêter %1</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="127"/>
        <source>Stop it anyway?</source>
        <translation>L&apos;arrêter quand même ?</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="137"/>
        <source>%1: %2…</source>
        <translation>%1 : %2…</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="145"/>
        <source>%1: %2 done.</source>
        <translation>%1 : %2 effectué.</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="147"/>
        <source>%1: %2 refused: %3</source>
        <translation>%1 : %2 refusé : %3</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="166"/>
        <source>%1 starts %2 from now on.</source>
        <translation>%1 démarre désormais en mode %2.</translation>
    </message>
    <message>
        <location filename="../ui/services_panel.cpp" line="167"/>
        <source>%1: startup change refused: %2</source>
        <translation>%1 : changement du mode de démarrage refusé : %2</translation>
    </message>
</context>
<context>
    <name>exlb::console::StagedConfig</name>
    <message>
        <location filename="../model/staged_config.cpp" line="64"/>
        <source>Edit %1</source>
        <translation>Modifier %1</translation>
    </message>
    <message>
        <location filename="../model/staged_config.cpp" line="73"/>
        <source>Cancel %1</source>
        <translation>Annuler %1</translation>
    </message>
    <message>
        <location filename="../model/staged_config.cpp" line="84"/>
        <source>Validate %1</source>
        <translation>Valider %1</translation>
    </message>
</context>
<context>
    <name>exlb::console::TrustDialog</name>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="23"/>
        <source>Certificate changed</source>
        <translation>Certificat modifié</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="24"/>
        <source>&lt;b style=&apos;color:#c01c28&apos;&gt;This appliance presented a different certificate than the one you trusted.&lt;/b&gt; The console has stopped talking to it.</source>
        <translation>&lt;b style=&apos;color:#c01c28&apos;&gt;Cette appliance a présenté un certificat différent de celui que vous avez approuvé.&lt;/b&gt; La console a cessé de communiquer avec elle.</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="26"/>
        <source>This happens after the appliance&apos;s certificate was replaced, or when someone is intercepting the connection. Compare the new fingerprint with the one shown on the appliance before trusting it.</source>
        <translation>Cela arrive quand le certificat de l&apos;appliance a été remplacé, ou quand quelqu&apos;un intercepte la connexion. Comparez la nouvelle empreinte avec celle affichée sur l&apos;appliance avant de l&apos;approuver.</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="29"/>
        <source>Trust the new certificate</source>
        <translation>Faire confiance au nouveau certificat</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="31"/>
        <source>&lt;b&gt;First connection to this appliance.&lt;/b&gt; Check that the fingerprint below is the one the appliance shows, then trust it.</source>
        <translation>&lt;b&gt;Première connexion à cette appliance.&lt;/b&gt; Vérifiez que l&apos;empreinte ci-dessous est bien celle qu&apos;affiche l&apos;appliance, puis approuvez-la.</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="33"/>
        <source>The console remembers this certificate and refuses any other one from this address.</source>
        <translation>La console retient ce certificat et refuse tout autre certificat venant de cette adresse.</translation>
    </message>
    <message>
        <location filename="../ui/trust_dialog.cpp" line="34"/>
        <source>Trust</source>
        <translation>Faire confiance</translation>
    </message>
</context>
<context>
    <name>exlb::console::UploadsPanel</name>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="30"/>
        <source>active</source>
        <translation>active</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="31"/>
        <source>evaluation</source>
        <translation>évaluation</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="32"/>
        <source>expired</source>
        <translation>expirée</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="33"/>
        <source>not yet valid</source>
        <translation>pas encore valide</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="34"/>
        <source>for another appliance</source>
        <translation>pour une autre appliance</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="35"/>
        <source>bad signature</source>
        <translation>signature invalide</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="36"/>
        <source>evaluation over</source>
        <translation>évaluation terminée</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="45"/>
        <source>Uploads: certificate, license, firmware</source>
        <translation>Envois : certificat, licence, firmware</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="48"/>
        <source>Browse…</source>
        <translation>Parcourir…</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="53"/>
        <source>Upload</source>
        <translation>Envoyer</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="59"/>
        <source>id, e.g. mail</source>
        <translation>identifiant, par ex. mail</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="61"/>
        <source>.pfx, .p12 or .pem</source>
        <translation>.pfx, .p12 ou .pem</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="64"/>
        <source>password of the file</source>
        <translation>mot de passe du fichier</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="65"/>
        <source>Replace</source>
        <translation>Remplacer</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="67"/>
        <source>Certificate:</source>
        <translation>Certificat :</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="70"/>
        <source>Certificates (*.pfx *.p12 *.pem)</source>
        <translation>Certificats (*.pfx *.p12 *.pem)</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="77"/>
        <source>License:</source>
        <translation>Licence :</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="79"/>
        <source>Licenses (*.lic *.txt);;All files (*)</source>
        <translation>Licences (*.lic *.txt);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="83"/>
        <source>Allow an older version</source>
        <translation>Autoriser une version plus ancienne</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="85"/>
        <source>Firmware:</source>
        <translation>Firmware :</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="87"/>
        <source>Firmware bundles (*)</source>
        <translation>Paquets firmware (*)</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="113"/>
        <source>Choose a file</source>
        <translation>Choisir un fichier</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="122"/>
        <source>Another upload is still running.</source>
        <translation>Un autre envoi est encore en cours.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="126"/>
        <source>%1: the node is not connected.</source>
        <translation>%1 : le nœud n&apos;est pas connecté.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="133"/>
        <source>%1: sending…</source>
        <translation>%1 : envoi…</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="150"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1 : %2</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="150"/>
        <location filename="../ui/uploads_panel.cpp" line="230"/>
        <source>(no file chosen)</source>
        <translation>(aucun fichier choisi)</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="154"/>
        <source>%1 is %2 bytes; a file of 1 to %3 bytes is expected.</source>
        <translation>%1 fait %2 octets ; un fichier de 1 à %3 octets est attendu.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="161"/>
        <source>Certificate %1</source>
        <translation>Certificat %1</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="164"/>
        <source>Give the certificate an id (the name the configuration uses).</source>
        <translation>Donnez un identifiant au certificat (le nom qu&apos;utilise la configuration).</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="185"/>
        <source>%1 refused: %2 Nothing was changed.</source>
        <translation>%1 refusé : %2 Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="188"/>
        <source>%1 stored: %2, valid until %3 (%4).</source>
        <translation>%1 enregistré : %2, valide jusqu&apos;au %3 (%4).</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="204"/>
        <source>License</source>
        <translation>Licence</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="217"/>
        <source>License refused: %1 Nothing was changed.</source>
        <translation>Licence refusée : %1 Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="220"/>
        <source>License %1 for %2 accepted: %3, until %4.</source>
        <translation>Licence %1 pour %2 acceptée : %3, jusqu&apos;au %4.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="230"/>
        <source>Cannot read %1.</source>
        <translation>Impossible de lire %1.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="234"/>
        <source>%1 is %2 bytes; a firmware bundle of 1 to %3 bytes is expected.</source>
        <translation>%1 fait %2 octets ; un paquet firmware de 1 à %3 octets est attendu.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="237"/>
        <source>Firmware %1</source>
        <translation>Firmware %1</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="250"/>
        <source>Firmware %1 refused: %2 Nothing was changed.</source>
        <translation>Firmware %1 refusé : %2 Rien n&apos;a été modifié.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="253"/>
        <source>Firmware %1 verified and staged%2; it runs after the next reboot.</source>
        <translation>Firmware %1 vérifié et installé%2 ; il sera actif après le prochain redémarrage.</translation>
    </message>
    <message>
        <location filename="../ui/uploads_panel.cpp" line="254"/>
        <source> in slot %1</source>
        <translation> dans l&apos;emplacement %1</translation>
    </message>
</context>
</TS>
