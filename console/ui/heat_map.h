#pragma once
// Clusters × Exchange services × servers in one picture: a row per
// (cluster, server), a column per service, each cell the server's worst
// health for that service on any node of the cluster.

#include <QPointer>
#include <QWidget>

namespace exlb::console {

class Fleet;

class HeatMap final : public QWidget {
  Q_OBJECT

 public:
  explicit HeatMap(Fleet* fleet, QWidget* parent = nullptr);
  QSize sizeHint() const override;

  struct Cell {
    int health = 0;  // v1::ServerHealth, worst across nodes
  };
  // Rebuilt from the fleet on every change (cheap: tens of clusters).
  void rebuild();
  QStringList rowLabels() const { return rows_; }
  QStringList columnLabels() const { return columns_; }
  int healthAt(int row, int column) const;

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QPointer<Fleet> fleet_;
  QStringList rows_;
  QStringList columns_;
  QList<QList<int>> cells_;
};

}  // namespace exlb::console
