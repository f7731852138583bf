#include "model/cluster_book.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSettings>
#include <QUuid>
#include <memory>

namespace exlb::console {

namespace {

constexpr int kMaxClusters = 1000;
constexpr qsizetype kMaxImportBytes = 4 * 1024 * 1024;

std::unique_ptr<QSettings> openSettings(const QString& file) {
  if (file.isEmpty()) return std::make_unique<QSettings>();
  return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

QString kindName(Cluster::Kind k) {
  return k == Cluster::Kind::Pair ? QStringLiteral("pair") : QStringLiteral("standalone");
}

QJsonObject toJson(const Cluster& c) {
  QJsonArray nodes;
  for (const AgentEndpoint& n : c.nodes) {
    nodes.append(QJsonObject{{QStringLiteral("host"), n.host}, {QStringLiteral("port"), n.port}});
  }
  return {{QStringLiteral("name"), c.name},
          {QStringLiteral("kind"), kindName(c.kind)},
          {QStringLiteral("user"), c.user},
          {QStringLiteral("nodes"), nodes}};
}

Cluster fromJson(const QJsonObject& o) {
  Cluster c;
  c.id = o.value(QStringLiteral("id")).toString();
  c.name = o.value(QStringLiteral("name")).toString().trimmed();
  c.kind = o.value(QStringLiteral("kind")).toString() == QLatin1String("pair") ? Cluster::Kind::Pair
                                                                               : Cluster::Kind::Standalone;
  c.user = o.value(QStringLiteral("user")).toString(QStringLiteral("admin"));
  const QJsonArray nodes = o.value(QStringLiteral("nodes")).toArray();
  for (qsizetype i = 0; i < nodes.size() && i < 2; ++i) {
    const QJsonObject n = nodes.at(i).toObject();
    const int port = n.value(QStringLiteral("port")).toInt(kDefaultAgentPort);
    c.nodes.append({n.value(QStringLiteral("host")).toString().trimmed(),
                    static_cast<quint16>(port > 0 && port < 65536 ? port : 0)});
  }
  return c;
}

}  // namespace

QString Cluster::problem() const {
  static const QRegularExpression kHost(QStringLiteral("^[A-Za-z0-9.:\\-\\[\\]]{1,253}$"));
  if (name.isEmpty() || name.size() > 64) return QObject::tr("A cluster needs a name of 1 to 64 characters.");
  if (user.isEmpty() || user.size() > 64) return QObject::tr("A cluster needs a user name.");
  const int expected = kind == Kind::Pair ? 2 : 1;
  if (nodes.size() != expected) {
    return kind == Kind::Pair ? QObject::tr("A pair needs the addresses of its two nodes.")
                              : QObject::tr("A standalone appliance needs one address.");
  }
  for (const AgentEndpoint& n : nodes) {
    if (!kHost.match(n.host).hasMatch()) return QObject::tr("\"%1\" is not a host name or address.").arg(n.host);
    if (n.port == 0) return QObject::tr("The port of %1 must be between 1 and 65535.").arg(n.host);
  }
  if (kind == Kind::Pair && nodes[0] == nodes[1]) return QObject::tr("The two nodes of a pair must differ.");
  return {};
}

ClusterBook::ClusterBook(QString settingsFile, QObject* parent)
    : QAbstractListModel(parent), settingsFile_(std::move(settingsFile)) {
  load();
}

int ClusterBook::rowCount(const QModelIndex& parent) const {
  return parent.isValid() ? 0 : static_cast<int>(clusters_.size());
}

QVariant ClusterBook::data(const QModelIndex& index, int role) const {
  if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
  const Cluster& c = clusters_.at(index.row());
  switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
      return c.name;
    case Qt::ToolTipRole:
    case AddressesRole: {
      QStringList a;
      for (const AgentEndpoint& n : c.nodes) a << n.key();
      return a.join(QStringLiteral(", "));
    }
    case IdRole:
      return c.id;
    case KindRole:
      return kindName(c.kind);
    default:
      return {};
  }
}

const Cluster* ClusterBook::find(const QString& id) const {
  const int row = rowOf(id);
  return row < 0 ? nullptr : &clusters_.at(row);
}

int ClusterBook::rowOf(const QString& id) const {
  for (int i = 0; i < clusters_.size(); ++i) {
    if (clusters_.at(i).id == id) return i;
  }
  return -1;
}

QString ClusterBook::add(Cluster cluster) {
  if (const QString p = cluster.problem(); !p.isEmpty()) return p;
  if (clusters_.size() >= kMaxClusters) return tr("The address book is full (%1 clusters).").arg(kMaxClusters);
  for (const Cluster& c : clusters_) {
    if (c.name.compare(cluster.name, Qt::CaseInsensitive) == 0) return tr("A cluster named \"%1\" exists already.").arg(c.name);
  }
  if (cluster.id.isEmpty() || rowOf(cluster.id) >= 0) cluster.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
  const int row = static_cast<int>(clusters_.size());
  beginInsertRows({}, row, row);
  clusters_.append(cluster);
  endInsertRows();
  save();
  return {};
}

QString ClusterBook::update(const Cluster& cluster) {
  const int row = rowOf(cluster.id);
  if (row < 0) return tr("That cluster is no longer in the address book.");
  if (const QString p = cluster.problem(); !p.isEmpty()) return p;
  for (const Cluster& c : clusters_) {
    if (c.id != cluster.id && c.name.compare(cluster.name, Qt::CaseInsensitive) == 0) {
      return tr("A cluster named \"%1\" exists already.").arg(c.name);
    }
  }
  clusters_[row] = cluster;
  emit dataChanged(index(row), index(row));
  save();
  return {};
}

void ClusterBook::remove(const QString& id) {
  const int row = rowOf(id);
  if (row < 0) return;
  beginRemoveRows({}, row, row);
  clusters_.removeAt(row);
  endRemoveRows();
  save();
}

QByteArray ClusterBook::exportJson() const {
  QJsonArray list;
  for (const Cluster& c : clusters_) list.append(toJson(c));
  return QJsonDocument(QJsonObject{{QStringLiteral("clusters"), list}}).toJson(QJsonDocument::Indented);
}

int ClusterBook::importJson(const QByteArray& json, QStringList* problems) {
  if (json.size() > kMaxImportBytes) {
    if (problems) problems->append(tr("The file is too large to be an address book."));
    return 0;
  }
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
  if (doc.isNull() || !doc.isObject()) {
    if (problems) problems->append(tr("The file is not an exlb address book: %1").arg(error.errorString()));
    return 0;
  }
  int added = 0;
  for (const QJsonValue& v : doc.object().value(QStringLiteral("clusters")).toArray()) {
    Cluster c = fromJson(v.toObject());
    c.id.clear();
    const QString p = add(c);
    if (p.isEmpty()) {
      ++added;
    } else if (problems) {
      problems->append(QStringLiteral("%1: %2").arg(c.name.isEmpty() ? tr("(no name)") : c.name, p));
    }
  }
  return added;
}

void ClusterBook::load() {
  const auto settings = openSettings(settingsFile_);
  const QJsonDocument doc = QJsonDocument::fromJson(settings->value(QStringLiteral("clusters/book")).toByteArray());
  beginResetModel();
  clusters_.clear();
  for (const QJsonValue& v : doc.array()) {
    Cluster c = fromJson(v.toObject());
    if (c.problem().isEmpty() && !c.id.isEmpty() && clusters_.size() < kMaxClusters) clusters_.append(c);
  }
  endResetModel();
}

void ClusterBook::save() const {
  QJsonArray list;
  for (const Cluster& c : clusters_) {
    QJsonObject o = toJson(c);
    o.insert(QStringLiteral("id"), c.id);
    list.append(o);
  }
  const auto settings = openSettings(settingsFile_);
  settings->setValue(QStringLiteral("clusters/book"), QJsonDocument(list).toJson(QJsonDocument::Compact));
  settings->sync();
}

}  // namespace exlb::console
