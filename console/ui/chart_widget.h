#pragma once
// A small line chart of sessions (or session rate) per Exchange service over
// the last hour, drawn with QPainter (Qt Charts is GPL-3 in Debian; exlb is
// Apache-2.0). Gaps when the agent was unreachable are shaded.

#include <QPointer>
#include <QWidget>

#include "model/session_history.h"

namespace exlb::console {

class ChartWidget final : public QWidget {
  Q_OBJECT

 public:
  enum class Measure { Sessions, Rate };
  explicit ChartWidget(QWidget* parent = nullptr);

  void setHistory(SessionHistory* history, const QString& title);
  void setMeasure(Measure m);
  QSize sizeHint() const override { return {480, 200}; }

 protected:
  void paintEvent(QPaintEvent* event) override;

 private:
  QPointer<SessionHistory> history_;
  QString title_;
  Measure measure_ = Measure::Sessions;
};

}  // namespace exlb::console
