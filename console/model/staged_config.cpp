#include "model/staged_config.h"

#include <QUndoCommand>

namespace exlb::console {

namespace {
constexpr int kFieldEditId = 0x5e7;

bool under(const QString& path, const QString& prefix) {
  return path == prefix || path.startsWith(prefix + QLatin1Char('.')) ||
         path.startsWith(prefix + QLatin1Char('['));
}
}  // namespace

// One undoable step: the whole staged state before and after (a
// configuration is a few KiB, so snapshots are simpler than inverse edits).
class StageCommand final : public QUndoCommand {
 public:
  StageCommand(StagedConfig* owner, StagedConfig::Snapshot before, StagedConfig::Snapshot after,
               const QString& text, const QString& mergePath)
      : QUndoCommand(text), owner_(owner), before_(std::move(before)), after_(std::move(after)),
        mergePath_(mergePath) {}

  void undo() override { owner_->restore(before_); }
  void redo() override { owner_->restore(after_); }
  int id() const override { return mergePath_.isEmpty() ? -1 : kFieldEditId; }
  bool mergeWith(const QUndoCommand* other) override {
    const auto* o = static_cast<const StageCommand*>(other);
    if (o->mergePath_ != mergePath_) return false;
    after_ = o->after_;
    return true;
  }

 private:
  StagedConfig* owner_;
  StagedConfig::Snapshot before_;
  StagedConfig::Snapshot after_;
  QString mergePath_;
};

StagedConfig::StagedConfig(QObject* parent) : QObject(parent) { recompute(); }

void StagedConfig::setBase(const v1::ApplianceConfig& base, const QByteArray& etag) {
  const bool untouched = !hasBase_ || diffConfigs(base_, compactServers(staged_).config).isEmpty();
  base_ = base;
  etag_ = etag;
  hasBase_ = true;
  if (untouched) {
    staged_ = base;
    validated_.clear();
    undo_.clear();
  }
  recompute();
  emit baseChanged();
  emit changed();
}

bool StagedConfig::setValue(const QString& path, const QString& value, QString* error) {
  if (fieldText(staged_, path) == value) return true;
  Snapshot after = snapshot();
  if (!setFieldText(after.staged, path, value, error)) return false;
  after.validated.remove(areaOf(path));  // an edited area needs ✓ again
  undo_.push(new StageCommand(this, snapshot(), after, tr("Edit %1").arg(path), path));
  return true;
}

void StagedConfig::cancelArea(const QString& area) {
  Snapshot after = snapshot();
  copyArea(base_, after.staged, area);
  after.validated.remove(area);
  if (diffConfigs(staged_, after.staged).isEmpty() && !validated_.contains(area)) return;
  undo_.push(new StageCommand(this, snapshot(), after, tr("Cancel %1").arg(area), QString()));
}

QList<StagedProblem> StagedConfig::validateArea(const QString& area) {
  QList<StagedProblem> errors;
  for (const StagedProblem& p : problemsAt(area)) {
    if (!p.warning) errors.append(p);
  }
  if (errors.isEmpty() && !validated_.contains(area)) {
    Snapshot after = snapshot();
    after.validated.insert(area);
    undo_.push(new StageCommand(this, snapshot(), after, tr("Validate %1").arg(area), QString()));
  }
  return errors;
}

QStringList StagedConfig::changedAreas() const {
  QStringList areas;
  for (const FieldChange& c : diffConfigs(base_, compactServers(staged_).config)) {
    const QString a = areaOf(c.path);
    if (!areas.contains(a)) areas.append(a);
  }
  return areas;
}

QList<StagedProblem> StagedConfig::problemsAt(const QString& pathPrefix) const {
  QList<StagedProblem> out;
  for (const StagedProblem& p : problems_) {
    if (under(p.path, pathPrefix)) out.append(p);
  }
  return out;
}

v1::ApplianceConfig StagedConfig::toApply() const {
  const v1::ApplianceConfig compact = compactServers(staged_).config;
  v1::ApplianceConfig out = base_;
  for (const QString& area : validated_) copyArea(compact, out, area);
  return out;
}

QList<FieldChange> StagedConfig::pendingChanges() const { return diffConfigs(base_, toApply()); }

void StagedConfig::markApplied(const v1::ApplianceConfig& applied, const QByteArray& etag) {
  base_ = applied;
  etag_ = etag;
  hasBase_ = true;
  // Areas that were applied now equal the base; unvalidated edits stay staged.
  validated_.clear();
  remote_.clear();
  undo_.clear();
  recompute();
  emit baseChanged();
  emit changed();
}

void StagedConfig::setRemoteProblems(const QList<StagedProblem>& problems) {
  remote_ = problems;
  recompute();
  emit changed();
}

void StagedConfig::restore(const Snapshot& s) {
  staged_ = s.staged;
  validated_ = s.validated;
  recompute();
  emit changed();
}

void StagedConfig::recompute() {
  problems_.clear();
  const Compacted compact = compactServers(staged_);
  for (const Problem& p : validateConfig(compact.config)) {
    problems_.append({rowPath(compact, QString::fromStdString(p.path)),
                      QString::fromStdString(p.message), p.severity == Severity::Warning});
  }
  problems_.append(remote_);
}

}  // namespace exlb::console
