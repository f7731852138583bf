#pragma once
// The address book of clusters, as a list model (name, kind, addresses) kept
// in QSettings. Credentials are not here: see CredentialStore.

#include <QAbstractListModel>
#include <QList>

#include "model/cluster.h"

namespace exlb::console {

class ClusterBook final : public QAbstractListModel {
  Q_OBJECT

 public:
  enum Role { IdRole = Qt::UserRole + 1, KindRole, AddressesRole };

  // `settingsFile` empty: the application's QSettings; tests pass a file.
  explicit ClusterBook(QString settingsFile = {}, QObject* parent = nullptr);

  int rowCount(const QModelIndex& parent = {}) const override;
  QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;

  const QList<Cluster>& clusters() const { return clusters_; }
  const Cluster* find(const QString& id) const;
  int rowOf(const QString& id) const;

  // Each returns an empty string on success, else why nothing changed.
  QString add(Cluster cluster);         // assigns an id when empty
  QString update(const Cluster& cluster);
  void remove(const QString& id);

  // JSON: {"clusters":[{"name","kind":"pair"|"standalone","user","nodes":[{"host","port"}]}]}.
  QByteArray exportJson() const;
  // Adds every valid entry of `json` (names already present are skipped);
  // returns the number added and the problems of the rest in `problems`.
  int importJson(const QByteArray& json, QStringList* problems);

  void load();
  void save() const;

 private:
  QString settingsFile_;
  QList<Cluster> clusters_;
};

}  // namespace exlb::console
