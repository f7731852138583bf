#pragma once
// One configuration area laid out as the guide's screen: its select box, its
// fields, and the ✗ (cancel) and ✓ (validate) buttons. Edits go to the
// StagedConfig as the admin types; problems appear at their fields at once.

#include <QList>
#include <QPointer>
#include <QWidget>

#include "ui/area_specs.h"

class QFormLayout;
class QLabel;
class QPushButton;

namespace exlb::console {

class StagedConfig;

class AreaPage final : public QWidget {
  Q_OBJECT

 public:
  AreaPage(AreaSpec spec, StagedConfig* staged, QWidget* parent = nullptr);

  const AreaSpec& spec() const { return spec_; }
  // The editor of one field (tests and screenshots use it).
  QWidget* editor(const QString& path) const;
  // The problem text shown next to a field's row ("" when none).
  QString problemText(const QString& path) const;
  bool isFieldVisible(const QString& path) const;
  QPushButton* validateButton() const { return validate_; }
  QPushButton* cancelButton() const { return cancel_; }

 public slots:
  void refresh();

 private:
  struct Editor {
    FieldSpec spec;
    QWidget* widget = nullptr;
  };
  struct Row {
    QList<Editor> editors;
    QLabel* problem = nullptr;
    QStringList modes;
    int formRow = -1;
    int problemRow = -1;
    bool visible = true;
  };
  QWidget* makeEditor(const FieldSpec& field);
  void onEdited(const QString& path, const QString& value);
  void onValidate();

  AreaSpec spec_;
  QPointer<StagedConfig> staged_;
  QFormLayout* form_ = nullptr;
  QList<Row> rows_;
  QLabel* state_ = nullptr;
  QPushButton* cancel_ = nullptr;
  QPushButton* validate_ = nullptr;
};

}  // namespace exlb::console
