#include "ui/heat_map.h"

#include <QPainter>

#include "model/fleet.h"
#include "model/pair_model.h"

namespace exlb::console {

namespace {
constexpr int kLabelWidth = 200;
constexpr int kHeaderHeight = 24;
constexpr int kCell = 22;

// Which health wins when nodes disagree: down is worst.
int severity(int health) {
  switch (health) {
    case v1::SERVER_HEALTH_DOWN: return 5;
    case v1::SERVER_HEALTH_MAINT: return 4;
    case v1::SERVER_HEALTH_DRAIN: return 3;
    case v1::SERVER_HEALTH_UP: return 2;
    case v1::SERVER_HEALTH_NO_CHECK: return 1;
    default: return 0;
  }
}
}  // namespace

HeatMap::HeatMap(Fleet* fleet, QWidget* parent) : QWidget(parent), fleet_(fleet) {
  connect(fleet_, &Fleet::clusterChanged, this, &HeatMap::rebuild);
  connect(fleet_, &Fleet::clusterAdded, this, &HeatMap::rebuild);
  connect(fleet_, &Fleet::clusterRemoved, this, &HeatMap::rebuild);
  rebuild();
}

void HeatMap::rebuild() {
  rows_.clear();
  columns_.clear();
  cells_.clear();
  if (!fleet_) return;
  struct Key {
    QString row;
    QString column;
    int health;
  };
  QList<Key> keys;
  for (const QString& id : fleet_->ids()) {
    ClusterSession* s = fleet_->session(id);
    if (!s) continue;
    for (const NodeView& n : s->nodes()) {
      if (!n.hasStatus) continue;
      for (const v1::ServiceStatus& service : n.status.services()) {
        const QString column = QString::fromStdString(service.name()).left(32);
        if (!columns_.contains(column) && columns_.size() < 64) columns_.append(column);
        for (const v1::ServerStatus& server : service.servers()) {
          const QString row = QStringLiteral("%1 · %2").arg(s->cluster().name, QString::fromStdString(server.name()).left(32));
          if (!rows_.contains(row) && rows_.size() < 1024) rows_.append(row);
          keys.append({row, column, server.health()});
        }
      }
    }
  }
  cells_ = QList<QList<int>>(rows_.size(), QList<int>(columns_.size(), 0));
  for (const Key& k : keys) {
    const qsizetype r = rows_.indexOf(k.row);
    const qsizetype c = columns_.indexOf(k.column);
    if (r < 0 || c < 0) continue;
    if (severity(k.health) > severity(cells_[r][c])) cells_[r][c] = k.health;
  }
  updateGeometry();
  update();
}

int HeatMap::healthAt(int row, int column) const { return cells_.value(row).value(column); }

QSize HeatMap::sizeHint() const {
  return {kLabelWidth + kCell * std::max<int>(4, static_cast<int>(columns_.size())) + 90,
          kHeaderHeight + kCell * std::max<int>(2, static_cast<int>(rows_.size())) + 8};
}

void HeatMap::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.fillRect(rect(), palette().base());
  p.setPen(palette().text().color());
  if (rows_.isEmpty()) {
    p.drawText(rect(), Qt::AlignCenter, tr("No server health reported yet."));
    return;
  }
  QFont small = font();
  small.setPointSizeF(small.pointSizeF() * 0.85);
  p.setFont(small);
  for (int c = 0; c < columns_.size(); ++c) {
    p.save();
    p.translate(kLabelWidth + c * kCell + kCell / 2 + 4, kHeaderHeight - 4);
    p.rotate(-35);
    p.drawText(0, 0, columns_[c]);
    p.restore();
  }
  for (int r = 0; r < rows_.size(); ++r) {
    const int y = kHeaderHeight + r * kCell;
    p.setPen(palette().text().color());
    p.drawText(QRect(4, y, kLabelWidth - 8, kCell), Qt::AlignRight | Qt::AlignVCenter,
               p.fontMetrics().elidedText(rows_[r], Qt::ElideMiddle, kLabelWidth - 8));
    for (int c = 0; c < columns_.size(); ++c) {
      const QRect cell(kLabelWidth + c * kCell, y, kCell - 2, kCell - 2);
      const int h = cells_[r][c];
      p.fillRect(cell, h == 0 ? palette().alternateBase().color() : healthColor(static_cast<v1::ServerHealth>(h)));
    }
  }
}

}  // namespace exlb::console
