#pragma once
// Sessions and session rates per Exchange service over the last hour, fed by
// the status snapshots of the event stream (no polling), with the gaps when
// the agent was unreachable, for the live charts.

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QStringList>

#include "exlb/v1/status.pb.h"

namespace exlb::console {

struct Sample {
  qint64 timeMs = 0;
  double sessions = 0;
  double rate = 0;
};

struct Gap {
  qint64 fromMs = 0;
  qint64 toMs = 0;
};

class SessionHistory final : public QObject {
  Q_OBJECT

 public:
  static constexpr qint64 kWindowMs = 60LL * 60 * 1000;
  static constexpr int kMaxSamples = 3600;  // one per second over the hour

  explicit SessionHistory(QObject* parent = nullptr);

  // Adds one point per service at `nowMs` (samples closer than one second to
  // the previous one replace it) and forgets what is older than the window.
  void record(const v1::NodeStatus& status, qint64 nowMs);
  void recordGap(qint64 fromMs, qint64 toMs);

  QStringList services() const;
  QList<Sample> samples(const QString& service) const { return series_.value(service); }
  QList<Gap> gaps() const { return gaps_; }

 signals:
  void updated();

 private:
  QHash<QString, QList<Sample>> series_;
  QList<Gap> gaps_;
};

}  // namespace exlb::console
