#pragma once
// The configuration pages as the guide lays them out: per area, its fields
// in the guide's order with the guide's labels and select boxes, and in which
// mode of the area's select box each field appears. Pure data, so a test can
// check that every field of the schema has a place on some page.

#include <QList>
#include <QString>
#include <QStringList>

namespace exlb::console {

struct FieldSpec {
  enum class Kind { Heading, Text, Number, Choice };
  Kind kind = Kind::Text;
  QString path;         // empty for a heading
  const char* label;    // untranslated (context "ConfigPage")
  QStringList modes;    // enum names of the area's mode in which it shows; empty: always
  int minimum = 0;
  int maximum = 65535;
};

struct AreaSpec {
  QString area;         // top-level field ("http"), or a pseudo-area for grouped pages
  const char* title;    // "HTTP(s) Service"
  QString modePath;     // the select box that switches the rest ("http.mode"), may be empty
  QList<FieldSpec> fields;
};

// Every editable area, in the guide's order.
QList<AreaSpec> configAreaSpecs();
// The label a select box shows for an enum value name ("MAIL_MODE_SSL_FORWARD" -> "ssl-forward").
QString choiceLabel(const QString& enumValueName);

}  // namespace exlb::console
