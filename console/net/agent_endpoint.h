#pragma once
// Where one agent's management API listens: the node's address and port
// (guide 5.1: https://<address>:4444/).

#include <QString>
#include <QUrl>

namespace exlb::console {

inline constexpr quint16 kDefaultAgentPort = 4444;

struct AgentEndpoint {
  QString host;
  quint16 port = kDefaultAgentPort;

  // "host:port" ("[v6]:port" for IPv6): the key of the pinned certificate.
  QString key() const {
    return host.contains(QLatin1Char(':')) ? QStringLiteral("[%1]:%2").arg(host).arg(port)
                                           : QStringLiteral("%1:%2").arg(host).arg(port);
  }
  QUrl url(const QString& scheme, const QString& path) const {
    QUrl u;
    u.setScheme(scheme);
    u.setHost(host);
    u.setPort(port);
    const qsizetype q = path.indexOf(QLatin1Char('?'));
    u.setPath(q < 0 ? path : path.left(q), QUrl::TolerantMode);
    if (q >= 0) u.setQuery(path.mid(q + 1));
    return u;
  }
  friend bool operator==(const AgentEndpoint&, const AgentEndpoint&) = default;
};

}  // namespace exlb::console
