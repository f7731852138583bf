#include "model/session_history.h"

#include <algorithm>

namespace exlb::console {

SessionHistory::SessionHistory(QObject* parent) : QObject(parent) {}

void SessionHistory::record(const v1::NodeStatus& status, qint64 nowMs) {
  for (const v1::ServiceStatus& s : status.services()) {
    const QString name = QString::fromStdString(s.name()).left(64);
    if (name.isEmpty()) continue;
    if (!series_.contains(name) && series_.size() >= 64) continue;  // a runaway agent cannot grow us
    QList<Sample>& list = series_[name];
    const Sample sample{nowMs, static_cast<double>(s.current_sessions()), static_cast<double>(s.session_rate())};
    if (!list.isEmpty() && nowMs - list.last().timeMs < 1000 && nowMs >= list.last().timeMs) {
      list.last() = sample;
    } else {
      list.append(sample);
    }
    const qint64 oldest = nowMs - kWindowMs;
    const auto firstKept = std::find_if(list.begin(), list.end(), [oldest](const Sample& x) { return x.timeMs >= oldest; });
    list.erase(list.begin(), firstKept);
    if (list.size() > kMaxSamples) list.remove(0, list.size() - kMaxSamples);
  }
  const qint64 oldest = nowMs - kWindowMs;
  gaps_.erase(std::remove_if(gaps_.begin(), gaps_.end(), [oldest](const Gap& g) { return g.toMs < oldest; }), gaps_.end());
  emit updated();
}

void SessionHistory::recordGap(qint64 fromMs, qint64 toMs) {
  if (toMs <= fromMs) return;
  gaps_.append({fromMs, toMs});
  if (gaps_.size() > 256) gaps_.removeFirst();
  emit updated();
}

QStringList SessionHistory::services() const {
  QStringList names = series_.keys();
  names.sort();
  return names;
}

}  // namespace exlb::console
