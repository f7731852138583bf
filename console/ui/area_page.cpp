#include "ui/area_page.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "exlb/common/defaults.h"
#include "model/staged_config.h"

namespace exlb::console {

namespace {

QString label(const char* text) { return QCoreApplication::translate("ConfigPage", text); }

// "cas_servers[1]." for "cas_servers[1].name": fields sharing it sit on one row.
QString rowKey(const QString& path) {
  static const QRegularExpression kIndexed(QStringLiteral("^(.*\\[\\d+\\]\\.)"));
  const auto m = kIndexed.match(path);
  return m.hasMatch() ? m.captured(1) : QString();
}

}  // namespace

AreaPage::AreaPage(AreaSpec spec, StagedConfig* staged, QWidget* parent)
    : QWidget(parent), spec_(std::move(spec)), staged_(staged) {
  auto* outer = new QVBoxLayout(this);
  auto* box = new QGroupBox(label(spec_.title), this);
  form_ = new QFormLayout(box);
  form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
  form_->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);

  QString previousKey;
  for (const FieldSpec& field : spec_.fields) {
    if (field.kind == FieldSpec::Kind::Heading) {
      auto* heading = new QLabel(QStringLiteral("<b>%1</b>").arg(label(field.label).toHtmlEscaped()), box);
      Row row;
      row.modes = field.modes;
      form_->addRow(heading);
      row.formRow = form_->rowCount() - 1;
      rows_.append(row);
      previousKey.clear();
      continue;
    }
    QWidget* widget = makeEditor(field);
    const QString key = rowKey(field.path);
    if (!key.isEmpty() && key == previousKey && !rows_.isEmpty()) {
      // Same server / route: next to the previous field, with its own small label.
      Row& row = rows_.last();
      auto* line = qobject_cast<QHBoxLayout*>(form_->itemAt(row.formRow, QFormLayout::FieldRole)->layout());
      line->addWidget(new QLabel(label(field.label), box));
      line->addWidget(widget, 1);
      row.editors.append({field, widget});
      continue;
    }
    previousKey = key;
    Row row;
    row.modes = field.modes;
    row.editors.append({field, widget});
    auto* line = new QHBoxLayout;
    line->addWidget(widget, 1);
    form_->addRow(label(field.label), line);
    row.formRow = form_->rowCount() - 1;
    row.problem = new QLabel(box);
    row.problem->setWordWrap(true);
    row.problem->setStyleSheet(QStringLiteral("color: #c01c28;"));
    form_->addRow(QString(), row.problem);
    row.problemRow = form_->rowCount() - 1;
    rows_.append(row);
  }

  auto* buttons = new QHBoxLayout;
  state_ = new QLabel(box);
  cancel_ = new QPushButton(QStringLiteral("✗"), box);
  cancel_->setToolTip(tr("Cancel: put this area back as the node runs it"));
  cancel_->setFixedWidth(40);
  validate_ = new QPushButton(QStringLiteral("✓"), box);
  validate_->setToolTip(tr("Validate: this area is ready to apply"));
  validate_->setFixedWidth(40);
  buttons->addWidget(state_, 1);
  buttons->addWidget(cancel_);
  buttons->addWidget(validate_);
  form_->addRow(buttons);
  outer->addWidget(box);
  outer->addStretch(1);

  connect(cancel_, &QPushButton::clicked, this, [this] { staged_->cancelArea(spec_.area); });
  connect(validate_, &QPushButton::clicked, this, &AreaPage::onValidate);
  connect(staged_, &StagedConfig::changed, this, &AreaPage::refresh);
  refresh();
}

QWidget* AreaPage::makeEditor(const FieldSpec& field) {
  const QString path = field.path;
  switch (field.kind) {
    case FieldSpec::Kind::Number: {
      auto* spin = new QSpinBox(this);
      spin->setRange(field.minimum, field.maximum);
      spin->setMaximumWidth(120);
      connect(spin, &QSpinBox::valueChanged, this, [this, path](int v) { onEdited(path, QString::number(v)); });
      spin->setObjectName(path);
      return spin;
    }
    case FieldSpec::Kind::Choice: {
      auto* combo = new QComboBox(this);
      for (const QString& name : enumChoices(path)) combo->addItem(choiceLabel(name), name);
      connect(combo, &QComboBox::activated, this,
              [this, path, combo](int i) { onEdited(path, combo->itemData(i).toString()); });
      combo->setObjectName(path);
      return combo;
    }
    default: {
      auto* edit = new QLineEdit(this);
      connect(edit, &QLineEdit::textEdited, this, [this, path](const QString& t) { onEdited(path, t.trimmed()); });
      edit->setObjectName(path);
      return edit;
    }
  }
}

void AreaPage::onEdited(const QString& path, const QString& value) {
  if (!staged_) return;
  if (path != spec_.modePath) {
    staged_->setValue(path, value);
    return;
  }
  // Switching mode: the new mode's numbers that are still zero take the guide's defaults.
  staged_->undoStack()->beginMacro(tr("Switch %1 to %2").arg(label(spec_.title), choiceLabel(value)));
  staged_->setValue(path, value);
  const v1::ApplianceConfig factory = defaultConfig();
  for (const FieldSpec& f : spec_.fields) {
    if (f.kind != FieldSpec::Kind::Number || !(f.modes.isEmpty() || f.modes.contains(value))) continue;
    if (staged_->value(f.path).toLongLong() == 0) staged_->setValue(f.path, fieldText(factory, f.path));
  }
  staged_->undoStack()->endMacro();
}

void AreaPage::onValidate() {
  if (!staged_) return;
  const QList<StagedProblem> errors = staged_->validateArea(spec_.area);
  if (!errors.isEmpty()) state_->setText(tr("%n problem(s) to fix first", nullptr, static_cast<int>(errors.size())));
}

void AreaPage::refresh() {
  if (!staged_) return;
  const QString mode = spec_.modePath.isEmpty() ? QString() : staged_->value(spec_.modePath);
  for (Row& row : rows_) {
    row.visible = row.modes.isEmpty() || row.modes.contains(mode);
    form_->setRowVisible(row.formRow, row.visible);
    QStringList messages;
    for (const Editor& e : row.editors) {
      const QString value = staged_->value(e.spec.path);
      if (auto* edit = qobject_cast<QLineEdit*>(e.widget)) {
        if (edit->text().trimmed() != value) edit->setText(value);
      } else if (auto* spin = qobject_cast<QSpinBox*>(e.widget)) {
        const QSignalBlocker block(spin);
        spin->setValue(value.toInt());
      } else if (auto* combo = qobject_cast<QComboBox*>(e.widget)) {
        combo->setCurrentIndex(combo->findData(value));
      }
      QStringList mine;
      for (const StagedProblem& p : staged_->problemsAt(e.spec.path)) {
        mine << (p.warning ? tr("Warning: %1").arg(p.message) : p.message);
      }
      const bool bad = !mine.isEmpty();
      e.widget->setProperty("problem", bad);
      e.widget->setStyleSheet(bad ? QStringLiteral("border: 2px solid #c01c28; border-radius: 3px;") : QString());
      e.widget->setToolTip(mine.join(QLatin1Char('\n')));
      messages << mine;
    }
    if (row.problem) {
      row.problem->setText(messages.join(QLatin1Char('\n')));
      form_->setRowVisible(row.problemRow, row.visible && !messages.isEmpty());
    }
  }
  const bool changed = staged_->changedAreas().contains(spec_.area);
  const bool validated = staged_->isValidated(spec_.area);
  cancel_->setEnabled(changed || validated);
  validate_->setEnabled(changed && !validated);
  if (validated) {
    state_->setText(tr("✓ validated: ready to apply"));
  } else if (changed) {
    state_->setText(tr("changed: ✓ to validate, ✗ to cancel"));
  } else {
    state_->setText(QString());
  }
}

QWidget* AreaPage::editor(const QString& path) const {
  for (const Row& row : rows_) {
    for (const Editor& e : row.editors) {
      if (e.spec.path == path) return e.widget;
    }
  }
  return nullptr;
}

QString AreaPage::problemText(const QString& path) const {
  for (const Row& row : rows_) {
    for (const Editor& e : row.editors) {
      if (e.spec.path == path) return row.problem && row.visible ? row.problem->text() : QString();
    }
  }
  return {};
}

bool AreaPage::isFieldVisible(const QString& path) const {
  for (const Row& row : rows_) {
    for (const Editor& e : row.editors) {
      if (e.spec.path == path) return row.visible;
    }
  }
  return false;
}

}  // namespace exlb::console
