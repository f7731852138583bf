#pragma once
// The edits an admin has made to one node's (or one pair's) configuration
// but not applied yet, with undo/redo. It follows the guide's rhythm per area:
// change fields, then validate the area (✓) or cancel it (✗); only validated
// areas are applied. Problems from common/'s validateConfig() are recomputed
// on every change and reported at the fields the admin sees.

#include <QObject>
#include <QSet>
#include <QUndoStack>

#include "exlb/common/validation.h"
#include "exlb/v1/config.pb.h"
#include "model/config_fields.h"

namespace exlb::console {

struct FieldProblem;

struct StagedProblem {
  QString path;       // as the page shows it (rows, not compacted indices)
  QString message;
  bool warning = false;
};

class StagedConfig final : public QObject {
  Q_OBJECT

 public:
  explicit StagedConfig(QObject* parent = nullptr);

  // The node's running configuration the edits start from. Staged edits are
  // kept when a newer base arrives, so an admin loses no typing; the etag
  // goes with the next apply so the agent can refuse a stale one.
  void setBase(const v1::ApplianceConfig& base, const QByteArray& etag);
  const v1::ApplianceConfig& base() const { return base_; }
  QByteArray baseEtag() const { return etag_; }
  bool hasBase() const { return hasBase_; }

  const v1::ApplianceConfig& staged() const { return staged_; }
  QString value(const QString& path) const { return fieldText(staged_, path); }
  // Stages one field (undoable; typing in one field merges into one step).
  bool setValue(const QString& path, const QString& value, QString* error = nullptr);

  // ✗: the area back to the base (undoable).
  void cancelArea(const QString& area);
  // ✓: the area is ready to apply when it has no errors; returns its errors.
  QList<StagedProblem> validateArea(const QString& area);
  bool isValidated(const QString& area) const { return validated_.contains(area); }
  QStringList changedAreas() const;   // differ from the base
  QSet<QString> validatedAreas() const { return validated_; }

  QList<StagedProblem> problems() const { return problems_; }
  QList<StagedProblem> problemsAt(const QString& pathPrefix) const;

  // What an apply would send: the base with every validated area replaced,
  // blank server rows dropped.
  v1::ApplianceConfig toApply() const;
  QList<FieldChange> pendingChanges() const;
  bool hasPendingChanges() const { return !pendingChanges().isEmpty(); }
  // After a successful apply: the applied config is the new base.
  void markApplied(const v1::ApplianceConfig& applied, const QByteArray& etag);
  // The agent's own field problems (HTTP 422), shown like local ones.
  void setRemoteProblems(const QList<StagedProblem>& problems);

  QUndoStack* undoStack() { return &undo_; }

 signals:
  void changed();          // staged values, validated areas or problems changed
  void baseChanged();

 private:
  friend class StageCommand;
  struct Snapshot {
    v1::ApplianceConfig staged;
    QSet<QString> validated;
  };
  void restore(const Snapshot& s);
  Snapshot snapshot() const { return {staged_, validated_}; }
  void recompute();

  v1::ApplianceConfig base_;
  QByteArray etag_;
  bool hasBase_ = false;
  v1::ApplianceConfig staged_;
  QSet<QString> validated_;
  QList<StagedProblem> problems_;
  QList<StagedProblem> remote_;
  QUndoStack undo_;
};

}  // namespace exlb::console
