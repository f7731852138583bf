#include "ui/area_specs.h"

#include <QCoreApplication>
#include <QHash>

namespace exlb::console {

namespace {

using K = FieldSpec::Kind;

FieldSpec heading(const char* label, QStringList modes = {}) { return {K::Heading, {}, label, std::move(modes)}; }
FieldSpec text(const char* path, const char* label, QStringList modes = {}) {
  return {K::Text, QString::fromLatin1(path), label, std::move(modes)};
}
FieldSpec number(const char* path, const char* label, QStringList modes = {}, int min = 0, int max = 65535) {
  return {K::Number, QString::fromLatin1(path), label, std::move(modes), min, max};
}
FieldSpec choice(const char* path, const char* label, QStringList modes = {}) {
  return {K::Choice, QString::fromLatin1(path), label, std::move(modes)};
}

QList<FieldSpec> servers(const char* list, const char* prefix, QStringList modes) {
  QList<FieldSpec> out;
  static const char* const kCas[] = {QT_TRANSLATE_NOOP("ConfigPage", "CAS1 Address:"), QT_TRANSLATE_NOOP("ConfigPage", "CAS2 Address:"),
                                     QT_TRANSLATE_NOOP("ConfigPage", "CAS3 Address:"), QT_TRANSLATE_NOOP("ConfigPage", "CAS4 Address:")};
  static const char* const kHub[] = {QT_TRANSLATE_NOOP("ConfigPage", "HUB1 Address:"), QT_TRANSLATE_NOOP("ConfigPage", "HUB2 Address:"),
                                     QT_TRANSLATE_NOOP("ConfigPage", "HUB3 Address:"), QT_TRANSLATE_NOOP("ConfigPage", "HUB4 Address:")};
  const bool cas = QLatin1String(prefix) == QLatin1String("CAS");
  for (int i = 0; i < 4; ++i) {
    const QString base = QStringLiteral("%1[%2]").arg(QLatin1String(list)).arg(i);
    out.append({K::Text, base + QStringLiteral(".address"), cas ? kCas[i] : kHub[i], modes});
    out.append({K::Text, base + QStringLiteral(".name"), QT_TRANSLATE_NOOP("ConfigPage", "Name:"), modes});
  }
  return out;
}

const QStringList kHttpOn{QStringLiteral("HTTP_MODE_SSL_OFFLOAD"), QStringLiteral("HTTP_MODE_SSL_FORWARD")};
const QStringList kHttpOffload{QStringLiteral("HTTP_MODE_SSL_OFFLOAD")};
const QStringList kHttpForward{QStringLiteral("HTTP_MODE_SSL_FORWARD")};

// Mail modes (guide 5.5, 5.6, 5.8): which ports each mode uses.
const QStringList kMailOn{QStringLiteral("MAIL_MODE_CLEAR"), QStringLiteral("MAIL_MODE_SSL_FORWARD"),
                          QStringLiteral("MAIL_MODE_SSL_OFFLOAD"), QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_FORWARD"),
                          QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_OFFLOAD")};
const QStringList kMailClearFront{QStringLiteral("MAIL_MODE_CLEAR"), QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_FORWARD"),
                                  QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_OFFLOAD")};
const QStringList kMailTlsFront{QStringLiteral("MAIL_MODE_SSL_FORWARD"), QStringLiteral("MAIL_MODE_SSL_OFFLOAD"),
                                QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_FORWARD"), QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_OFFLOAD")};
const QStringList kMailClearBack{QStringLiteral("MAIL_MODE_CLEAR"), QStringLiteral("MAIL_MODE_SSL_OFFLOAD"),
                                 QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_FORWARD"), QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_OFFLOAD")};
const QStringList kMailTlsBack{QStringLiteral("MAIL_MODE_SSL_FORWARD"), QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_FORWARD")};
const QStringList kMailOffload{QStringLiteral("MAIL_MODE_SSL_OFFLOAD"), QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_OFFLOAD")};

AreaSpec mailArea(const char* area, const char* title, const char* modeLabel, const char* vClear, const char* vTls,
                  const char* sClear, const char* sTls) {
  const QString a = QString::fromLatin1(area);
  auto p = [&a](const char* leaf) { return (a + QLatin1Char('.') + QLatin1String(leaf)).toLatin1(); };
  AreaSpec s{a, title, a + QStringLiteral(".mode"), {}};
  s.fields << choice(p("mode").constData(), modeLabel);
  if (a == QLatin1String("smtp")) {
    s.fields << heading(QT_TRANSLATE_NOOP("ConfigPage", "HUB Servers"), kMailOn);
    s.fields << servers("smtp.hub_servers", "HUB", kMailOn);
  }
  s.fields << heading(QT_TRANSLATE_NOOP("ConfigPage", "Options"), kMailOn)
           << number(p("virtual_port").constData(), vClear, kMailClearFront, 1)
           << number(p("virtual_tls_port").constData(), vTls, kMailTlsFront, 1)
           << number(p("server_port").constData(), sClear, kMailClearBack, 1)
           << number(p("server_tls_port").constData(), sTls, kMailTlsBack, 1)
           << number(p("timeout_seconds").constData(), QT_TRANSLATE_NOOP("ConfigPage", "Timeout:"), kMailOn, 1, 86400)
           << heading(QT_TRANSLATE_NOOP("ConfigPage", "Certificate"), kMailOffload)
           << text(p("certificate").constData(), QT_TRANSLATE_NOOP("ConfigPage", "Certificate:"), kMailOffload);
  return s;
}

}  // namespace

QList<AreaSpec> configAreaSpecs() {
  QList<AreaSpec> areas;

  AreaSpec network{QStringLiteral("network"), QT_TRANSLATE_NOOP("ConfigPage", "Local Network"), {}, {}};
  network.fields << heading(QT_TRANSLATE_NOOP("ConfigPage", "Settings"))
                 << text("network.hostname", QT_TRANSLATE_NOOP("ConfigPage", "Hostname:"))
                 << text("network.address", QT_TRANSLATE_NOOP("ConfigPage", "Address:"))
                 << text("network.netmask", QT_TRANSLATE_NOOP("ConfigPage", "Netmask:"))
                 << text("network.gateway", QT_TRANSLATE_NOOP("ConfigPage", "Gateway:"))
                 << number("network.vlan_id", QT_TRANSLATE_NOOP("ConfigPage", "vLAN Identifier:"), {}, 0, 4094)
                 << heading(QT_TRANSLATE_NOOP("ConfigPage", "Static Routes"));
  static const char* const kRoutes[] = {QT_TRANSLATE_NOOP("ConfigPage", "Route 1:"), QT_TRANSLATE_NOOP("ConfigPage", "Route 2:"),
                                        QT_TRANSLATE_NOOP("ConfigPage", "Route 3:"), QT_TRANSLATE_NOOP("ConfigPage", "Route 4:")};
  for (int i = 0; i < 4; ++i) {
    const QString r = QStringLiteral("network.static_routes[%1].").arg(i);
    network.fields << FieldSpec{K::Text, r + QStringLiteral("network"), kRoutes[i], {}}
                   << FieldSpec{K::Text, r + QStringLiteral("netmask"), QT_TRANSLATE_NOOP("ConfigPage", "Network Mask:"), {}}
                   << FieldSpec{K::Text, r + QStringLiteral("router"), QT_TRANSLATE_NOOP("ConfigPage", "Router Address:"), {}};
  }
  areas << network;

  const QStringList haOn{QStringLiteral("HA_ROLE_MASTER"), QStringLiteral("HA_ROLE_BACKUP")};
  areas << AreaSpec{QStringLiteral("high_availability"), QT_TRANSLATE_NOOP("ConfigPage", "High Availability"),
                    QStringLiteral("high_availability.role"),
                    {choice("high_availability.role", QT_TRANSLATE_NOOP("ConfigPage", "Role:")),
                     heading(QT_TRANSLATE_NOOP("ConfigPage", "Options"), haOn),
                     text("high_availability.virtual_address", QT_TRANSLATE_NOOP("ConfigPage", "Virtual Service Address:"), haOn),
                     number("high_availability.cluster_id", QT_TRANSLATE_NOOP("ConfigPage", "Cluster Identifier:"), haOn, 1, 255),
                     text("high_availability.peer_address", QT_TRANSLATE_NOOP("ConfigPage", "Peer Address:"), haOn)}};

  areas << AreaSpec{QStringLiteral("cas_servers"), QT_TRANSLATE_NOOP("ConfigPage", "CAS Servers"), {},
                    servers("cas_servers", "CAS", {})};

  AreaSpec http{QStringLiteral("http"), QT_TRANSLATE_NOOP("ConfigPage", "HTTP(s) Service"), QStringLiteral("http.mode"), {}};
  http.fields << choice("http.mode", QT_TRANSLATE_NOOP("ConfigPage", "HTTP(s) Service:"))
              << heading(QT_TRANSLATE_NOOP("ConfigPage", "Options"), kHttpOn)
              << text("http.host_name", QT_TRANSLATE_NOOP("ConfigPage", "Host Name:"), kHttpOn)
              << number("http.virtual_https_port", QT_TRANSLATE_NOOP("ConfigPage", "Virtual Service HTTPs port:"), kHttpOn, 1)
              << number("http.redirect_http_port", QT_TRANSLATE_NOOP("ConfigPage", "Redirect HTTP port:"), kHttpOn, 0)
              << number("http.cas_http_port", QT_TRANSLATE_NOOP("ConfigPage", "CAS Servers HTTP port:"), kHttpOn, 1)
              << number("http.cas_https_port", QT_TRANSLATE_NOOP("ConfigPage", "CAS Servers HTTPs port:"), kHttpForward, 1)
              << number("http.timeout_seconds", QT_TRANSLATE_NOOP("ConfigPage", "Timeout:"), kHttpOn, 1, 86400)
              << heading(QT_TRANSLATE_NOOP("ConfigPage", "Certificate"), kHttpOffload)
              << text("http.certificate", QT_TRANSLATE_NOOP("ConfigPage", "Certificate:"), kHttpOffload)
              << heading(QT_TRANSLATE_NOOP("ConfigPage", "HTTP and Web Services"), kHttpOffload)
              << choice("http.applications.outlook_web_app", QT_TRANSLATE_NOOP("ConfigPage", "Outlook Web Access:"), kHttpOffload)
              << choice("http.applications.exchange_control_panel", QT_TRANSLATE_NOOP("ConfigPage", "Exchange Control Panel:"), kHttpOffload)
              << choice("http.applications.offline_address_book", QT_TRANSLATE_NOOP("ConfigPage", "Offline Address Book:"), kHttpOffload)
              << choice("http.applications.autodiscover", QT_TRANSLATE_NOOP("ConfigPage", "Auto discover:"), kHttpOffload)
              << choice("http.applications.exchange_web_services", QT_TRANSLATE_NOOP("ConfigPage", "Exchange Web Services:"), kHttpOffload)
              << choice("http.applications.activesync", QT_TRANSLATE_NOOP("ConfigPage", "Active Sync:"), kHttpOffload)
              << choice("http.applications.outlook_anywhere", QT_TRANSLATE_NOOP("ConfigPage", "Outlook Anywhere:"), kHttpOffload)
              << choice("http.applications.remote_powershell", QT_TRANSLATE_NOOP("ConfigPage", "Remote PowerShell:"), kHttpOffload);
  areas << http;

  areas << mailArea("imap", QT_TRANSLATE_NOOP("ConfigPage", "IMAP(s) Service"), QT_TRANSLATE_NOOP("ConfigPage", "IMAP(s) Service:"),
                    QT_TRANSLATE_NOOP("ConfigPage", "Virtual Service IMAP port:"), QT_TRANSLATE_NOOP("ConfigPage", "Virtual Service IMAPs port:"),
                    QT_TRANSLATE_NOOP("ConfigPage", "CAS Servers IMAP port:"), QT_TRANSLATE_NOOP("ConfigPage", "CAS Servers IMAPs port:"));
  areas << mailArea("pop3", QT_TRANSLATE_NOOP("ConfigPage", "POP(s) Service"), QT_TRANSLATE_NOOP("ConfigPage", "POP(s) Service:"),
                    QT_TRANSLATE_NOOP("ConfigPage", "Virtual Service POP3 port:"), QT_TRANSLATE_NOOP("ConfigPage", "Virtual Service POP3s port:"),
                    QT_TRANSLATE_NOOP("ConfigPage", "CAS Servers POP3 port:"), QT_TRANSLATE_NOOP("ConfigPage", "CAS Servers POP3s port:"));

  const QStringList rpcOn{QStringLiteral("TOGGLE_ENABLED")};
  areas << AreaSpec{QStringLiteral("rpc"), QT_TRANSLATE_NOOP("ConfigPage", "RPC Services"), QStringLiteral("rpc.state"),
                    {choice("rpc.state", QT_TRANSLATE_NOOP("ConfigPage", "RPC Services:")),
                     heading(QT_TRANSLATE_NOOP("ConfigPage", "Options"), rpcOn),
                     number("rpc.endpoint_mapper_port", QT_TRANSLATE_NOOP("ConfigPage", "EndPoint Mapper port:"), rpcOn, 1),
                     number("rpc.client_access_port", QT_TRANSLATE_NOOP("ConfigPage", "Access Point port:"), rpcOn, 1),
                     number("rpc.address_book_port", QT_TRANSLATE_NOOP("ConfigPage", "Address Book port:"), rpcOn, 1),
                     number("rpc.timeout_seconds", QT_TRANSLATE_NOOP("ConfigPage", "Timeout:"), rpcOn, 1, 86400)}};

  areas << mailArea("smtp", QT_TRANSLATE_NOOP("ConfigPage", "SMTP(s) Service"), QT_TRANSLATE_NOOP("ConfigPage", "SMTP(s) Service:"),
                    QT_TRANSLATE_NOOP("ConfigPage", "Virtual Service SMTP port:"), QT_TRANSLATE_NOOP("ConfigPage", "Virtual Service SMTPs port:"),
                    QT_TRANSLATE_NOOP("ConfigPage", "HUB Servers SMTP port:"), QT_TRANSLATE_NOOP("ConfigPage", "HUB Servers SMTPs port:"));

  areas << AreaSpec{QStringLiteral("management"), QT_TRANSLATE_NOOP("ConfigPage", "Certificates"), {},
                    {heading(QT_TRANSLATE_NOOP("ConfigPage", "Management (web page and API)")),
                     number("management.port", QT_TRANSLATE_NOOP("ConfigPage", "Port:"), {}, 1),
                     text("management.certificate", QT_TRANSLATE_NOOP("ConfigPage", "Certificate:"))}};

  areas << AreaSpec{QStringLiteral("system"), QT_TRANSLATE_NOOP("ConfigPage", "System"), {},
                    {heading(QT_TRANSLATE_NOOP("ConfigPage", "Local")),
                     choice("system.language", QT_TRANSLATE_NOOP("ConfigPage", "Language:")),
                     text("system.timezone", QT_TRANSLATE_NOOP("ConfigPage", "Timezone:"))}};
  areas << AreaSpec{QStringLiteral("exchange_version"), QT_TRANSLATE_NOOP("ConfigPage", "Exchange"), {},
                    {choice("exchange_version", QT_TRANSLATE_NOOP("ConfigPage", "Exchange version:"))}};
  return areas;
}

QString choiceLabel(const QString& name) {
  static const QHash<QString, const char*> kLabels{
      {QStringLiteral("TOGGLE_ENABLED"), QT_TRANSLATE_NOOP("ConfigPage", "enabled")},
      {QStringLiteral("TOGGLE_DISABLED"), QT_TRANSLATE_NOOP("ConfigPage", "disabled")},
      {QStringLiteral("HA_ROLE_DISABLED"), QT_TRANSLATE_NOOP("ConfigPage", "disabled")},
      {QStringLiteral("HA_ROLE_MASTER"), QT_TRANSLATE_NOOP("ConfigPage", "master")},
      {QStringLiteral("HA_ROLE_BACKUP"), QT_TRANSLATE_NOOP("ConfigPage", "backup")},
      {QStringLiteral("HTTP_MODE_DISABLED"), QT_TRANSLATE_NOOP("ConfigPage", "disabled")},
      {QStringLiteral("HTTP_MODE_SSL_OFFLOAD"), "ssl-offload"},
      {QStringLiteral("HTTP_MODE_SSL_FORWARD"), "ssl-forward"},
      {QStringLiteral("MAIL_MODE_DISABLED"), QT_TRANSLATE_NOOP("ConfigPage", "disabled")},
      {QStringLiteral("MAIL_MODE_CLEAR"), "clear"},
      {QStringLiteral("MAIL_MODE_SSL_FORWARD"), "ssl-forward"},
      {QStringLiteral("MAIL_MODE_SSL_OFFLOAD"), "ssl-offload"},
      {QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_FORWARD"), "clear + ssl-forward"},
      {QStringLiteral("MAIL_MODE_CLEAR_AND_SSL_OFFLOAD"), "clear + ssl-offload"},
      {QStringLiteral("LANGUAGE_ENGLISH"), QT_TRANSLATE_NOOP("ConfigPage", "English")},
      {QStringLiteral("LANGUAGE_FRENCH"), QT_TRANSLATE_NOOP("ConfigPage", "French")},
      {QStringLiteral("EXCHANGE_VERSION_2010"), "Exchange 2010"},
      {QStringLiteral("EXCHANGE_VERSION_2013_OR_LATER"), QT_TRANSLATE_NOOP("ConfigPage", "Exchange 2013 or later")},
  };
  const char* label = kLabels.value(name);
  return label ? QCoreApplication::translate("ConfigPage", label) : name;
}

}  // namespace exlb::console
