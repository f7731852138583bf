#include "ui/chart_widget.h"

#include <QDateTime>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace exlb::console {

namespace {
QColor seriesColor(int i) {
  static const QColor kColors[] = {QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                                   QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                                   QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                                   QColor(0x17, 0xbe, 0xcf)};
  return kColors[i % 10];
}
}  // namespace

ChartWidget::ChartWidget(QWidget* parent) : QWidget(parent) { setMinimumHeight(160); }

void ChartWidget::setHistory(SessionHistory* history, const QString& title) {
  if (history_) disconnect(history_, nullptr, this, nullptr);
  history_ = history;
  title_ = title;
  if (history_) connect(history_, &SessionHistory::updated, this, qOverload<>(&QWidget::update));
  update();
}

void ChartWidget::setMeasure(Measure m) {
  measure_ = m;
  update();
}

void ChartWidget::paintEvent(QPaintEvent*) {
  QPainter p(this);
  p.setRenderHint(QPainter::Antialiasing);
  p.fillRect(rect(), palette().base());
  const QRectF plot = QRectF(rect()).adjusted(44, 22, -130, -22);
  p.setPen(palette().text().color());
  const QString what = measure_ == Measure::Sessions ? tr("sessions") : tr("sessions/s");
  p.drawText(QRectF(8, 2, width() - 16, 18), Qt::AlignLeft | Qt::AlignVCenter,
             tr("%1 — %2, last hour").arg(title_, what));
  p.setPen(palette().mid().color());
  p.drawRect(plot);
  if (!history_) return;

  const qint64 now = QDateTime::currentMSecsSinceEpoch();
  const qint64 from = now - SessionHistory::kWindowMs;
  const auto x = [&](qint64 t) { return plot.left() + plot.width() * double(t - from) / double(SessionHistory::kWindowMs); };

  for (const Gap& g : history_->gaps()) {
    const double left = std::max(plot.left(), x(g.fromMs));
    const double right = std::min(plot.right(), x(g.toMs));
    if (right > left) p.fillRect(QRectF(left, plot.top(), std::max(1.0, right - left), plot.height()), QColor(128, 128, 128, 70));
  }

  const QStringList services = history_->services();
  double top = 1;
  for (const QString& s : services) {
    for (const Sample& v : history_->samples(s)) top = std::max(top, measure_ == Measure::Sessions ? v.sessions : v.rate);
  }
  top *= 1.1;
  p.setPen(palette().text().color());
  p.drawText(QRectF(0, plot.top() - 8, 40, 16), Qt::AlignRight | Qt::AlignVCenter, QString::number(top, 'g', 3));
  p.drawText(QRectF(0, plot.bottom() - 8, 40, 16), Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0"));
  p.drawText(QRectF(plot.left(), plot.bottom() + 2, 80, 16), Qt::AlignLeft, tr("-60 min"));
  p.drawText(QRectF(plot.right() - 80, plot.bottom() + 2, 80, 16), Qt::AlignRight, tr("now"));

  for (int i = 0; i < services.size(); ++i) {
    QPainterPath path;
    bool started = false;
    qint64 previous = 0;
    for (const Sample& v : history_->samples(services[i])) {
      if (v.timeMs < from) continue;
      const double value = measure_ == Measure::Sessions ? v.sessions : v.rate;
      const QPointF point(x(v.timeMs), plot.bottom() - plot.height() * value / top);
      // A hole longer than a minute (agent away) breaks the line.
      if (!started || v.timeMs - previous > 60000) {
        path.moveTo(point);
        started = true;
      } else {
        path.lineTo(point);
      }
      previous = v.timeMs;
    }
    p.setPen(QPen(seriesColor(i), 1.6));
    p.drawPath(path);
    const QRectF legend(plot.right() + 10, plot.top() + 16 * i, 120, 14);
    p.fillRect(QRectF(legend.left(), legend.top() + 4, 10, 6), seriesColor(i));
    p.setPen(palette().text().color());
    p.drawText(legend.adjusted(14, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, services[i]);
  }
}

}  // namespace exlb::console
