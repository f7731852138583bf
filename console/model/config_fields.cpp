#include "model/config_fields.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/reflection.h>

#include <QRegularExpression>
#include <limits>

namespace exlb::console {

namespace pb = google::protobuf;

namespace {

struct Step {
  QString name;
  int index = -1;  // -1: not a repeated element
};

QList<Step> parsePath(const QString& path) {
  static const QRegularExpression kStep(QStringLiteral("^([a-z_][a-z0-9_]*)(?:\\[(\\d{1,4})\\])?$"));
  QList<Step> steps;
  for (const QString& part : path.split(QLatin1Char('.'))) {
    const auto m = kStep.match(part);
    if (!m.hasMatch()) return {};
    steps.append({m.captured(1), m.captured(2).isEmpty() ? -1 : m.captured(2).toInt()});
  }
  return steps;
}

QString scalarText(const pb::Message& m, const pb::FieldDescriptor* f, int index) {
  const pb::Reflection* r = m.GetReflection();
  const bool rep = f->is_repeated();
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      return QString::fromStdString(rep ? r->GetRepeatedString(m, f, index) : r->GetString(m, f));
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      return QString::number(rep ? r->GetRepeatedUInt32(m, f, index) : r->GetUInt32(m, f));
    case pb::FieldDescriptor::CPPTYPE_INT32:
      return QString::number(rep ? r->GetRepeatedInt32(m, f, index) : r->GetInt32(m, f));
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      return QString::number(rep ? r->GetRepeatedUInt64(m, f, index) : r->GetUInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_INT64:
      return QString::number(rep ? r->GetRepeatedInt64(m, f, index) : r->GetInt64(m, f));
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(m, f, index) : r->GetBool(m, f)) ? QStringLiteral("true")
                                                                       : QStringLiteral("false");
    case pb::FieldDescriptor::CPPTYPE_ENUM:
      return QString::fromStdString((rep ? r->GetRepeatedEnum(m, f, index) : r->GetEnum(m, f))->name());
    default:
      return {};
  }
}

bool setScalar(pb::Message& m, const pb::FieldDescriptor* f, const QString& value, QString* error) {
  const pb::Reflection* r = m.GetReflection();
  bool ok = true;
  switch (f->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_STRING:
      r->SetString(&m, f, value.toStdString());
      return true;
    case pb::FieldDescriptor::CPPTYPE_UINT32: {
      const qulonglong v = value.trimmed().isEmpty() ? 0 : value.trimmed().toULongLong(&ok);
      if (!ok || v > std::numeric_limits<quint32>::max()) break;
      r->SetUInt32(&m, f, static_cast<quint32>(v));
      return true;
    }
    case pb::FieldDescriptor::CPPTYPE_BOOL:
      r->SetBool(&m, f, value == QLatin1String("true"));
      return true;
    case pb::FieldDescriptor::CPPTYPE_ENUM: {
      const pb::EnumValueDescriptor* e = f->enum_type()->FindValueByName(value.toStdString());
      if (!e) break;
      r->SetEnum(&m, f, e);
      return true;
    }
    default:
      break;
  }
  if (error) *error = QStringLiteral("\"%1\" is not a valid value for %2").arg(value, QString::fromStdString(f->name()));
  return false;
}

void diffMessages(const pb::Message& a, const pb::Message& b, const QString& prefix,
                  const QStringList& ignored, QList<FieldChange>& out) {
  const pb::Descriptor* d = a.GetDescriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const pb::FieldDescriptor* f = d->field(i);
    const QString path = prefix.isEmpty() ? QString::fromStdString(f->name())
                                          : prefix + QLatin1Char('.') + QString::fromStdString(f->name());
    bool skip = false;
    for (const QString& p : ignored) skip = skip || path == p || path.startsWith(p + QLatin1Char('.'));
    if (skip) continue;
    const pb::Reflection* ra = a.GetReflection();
    const pb::Reflection* rb = b.GetReflection();
    if (f->is_repeated()) {
      const int na = ra->FieldSize(a, f);
      const int nb = rb->FieldSize(b, f);
      for (int k = 0; k < std::max(na, nb); ++k) {
        const QString ep = QStringLiteral("%1[%2]").arg(path).arg(k);
        if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
          const pb::Message& ea = k < na ? ra->GetRepeatedMessage(a, f, k)
                                         : *pb::MessageFactory::generated_factory()->GetPrototype(f->message_type());
          const pb::Message& eb = k < nb ? rb->GetRepeatedMessage(b, f, k)
                                         : *pb::MessageFactory::generated_factory()->GetPrototype(f->message_type());
          diffMessages(ea, eb, ep, ignored, out);
        } else {
          const QString va = k < na ? scalarText(a, f, k) : QString();
          const QString vb = k < nb ? scalarText(b, f, k) : QString();
          if (va != vb) out.append({ep, va, vb});
        }
      }
    } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      diffMessages(ra->GetMessage(a, f), rb->GetMessage(b, f), path, ignored, out);
    } else {
      const QString va = scalarText(a, f, -1);
      const QString vb = scalarText(b, f, -1);
      if (va != vb) out.append({path, va, vb});
    }
  }
}

bool isBlankServer(const v1::RealServer& s) { return s.address().empty() && s.name().empty(); }

void compactList(pb::RepeatedPtrField<v1::RealServer>* servers, QList<int>& rows) {
  pb::RepeatedPtrField<v1::RealServer> kept;
  for (int i = 0; i < servers->size(); ++i) {
    if (isBlankServer(servers->Get(i))) continue;
    v1::RealServer* server = kept.Add();
    *server = servers->Get(i);
    // A row the admin just filled in is a server in rotation.
    if (server->admin_state() == v1::SERVER_ADMIN_STATE_UNSPECIFIED) server->set_admin_state(v1::SERVER_ADMIN_STATE_READY);
    rows.append(i);
  }
  servers->Swap(&kept);
}

}  // namespace

QString fieldText(const v1::ApplianceConfig& config, const QString& path) {
  const QList<Step> steps = parsePath(path);
  if (steps.isEmpty()) return {};
  const pb::Message* m = &config;
  for (int i = 0; i < steps.size(); ++i) {
    const pb::FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(steps[i].name.toStdString());
    if (!f || f->is_repeated() != (steps[i].index >= 0)) return {};
    const pb::Reflection* r = m->GetReflection();
    const bool last = i == steps.size() - 1;
    if (f->is_repeated() && steps[i].index >= r->FieldSize(*m, f)) return {};
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (last) return {};
      m = f->is_repeated() ? &r->GetRepeatedMessage(*m, f, steps[i].index) : &r->GetMessage(*m, f);
    } else {
      return last ? scalarText(*m, f, steps[i].index) : QString();
    }
  }
  return {};
}

bool setFieldText(v1::ApplianceConfig& config, const QString& path, const QString& value, QString* error) {
  const QList<Step> steps = parsePath(path);
  v1::ApplianceConfig copy = config;
  pb::Message* m = &copy;
  for (int i = 0; i < steps.size(); ++i) {
    const pb::FieldDescriptor* f = m->GetDescriptor()->FindFieldByName(steps[i].name.toStdString());
    const bool last = i == steps.size() - 1;
    if (!f || f->is_repeated() != (steps[i].index >= 0) || steps[i].index > 64) break;
    const pb::Reflection* r = m->GetReflection();
    if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (last) break;
      if (f->is_repeated()) {
        while (r->FieldSize(*m, f) <= steps[i].index) r->AddMessage(m, f);
        m = r->MutableRepeatedMessage(m, f, steps[i].index);
      } else {
        m = r->MutableMessage(m, f);
      }
      continue;
    }
    if (!last || f->is_repeated()) break;
    if (!setScalar(*m, f, value, error)) return false;
    config = std::move(copy);
    return true;
  }
  if (error) *error = QStringLiteral("unknown field %1").arg(path);
  return false;
}

QList<FieldChange> diffConfigs(const v1::ApplianceConfig& before, const v1::ApplianceConfig& after,
                               const QStringList& ignoredPrefixes) {
  QList<FieldChange> out;
  diffMessages(before, after, QString(), ignoredPrefixes, out);
  return out;
}

QString areaOf(const QString& path) {
  const qsizetype end = path.indexOf(QRegularExpression(QStringLiteral("[.\\[]")));
  return end < 0 ? path : path.left(end);
}

QStringList configAreas() {
  return {QStringLiteral("network"), QStringLiteral("high_availability"), QStringLiteral("cas_servers"),
          QStringLiteral("http"),    QStringLiteral("imap"),              QStringLiteral("pop3"),
          QStringLiteral("rpc"),     QStringLiteral("smtp"),              QStringLiteral("system"),
          QStringLiteral("exchange_version"), QStringLiteral("management"), QStringLiteral("services")};
}

// What each node of a pair keeps for itself (the agent's config_split says
// the same): its network, its HA role, how it reaches and pins its peer, and
// its own management certificate.
QStringList nodeSpecificPrefixes() {
  return {QStringLiteral("network"), QStringLiteral("high_availability.role"),
          QStringLiteral("high_availability.peer_address"), QStringLiteral("high_availability.peer_certificate_sha256"),
          QStringLiteral("high_availability.peer_port"), QStringLiteral("management.certificate")};
}

void copyArea(const v1::ApplianceConfig& from, v1::ApplianceConfig& into, const QString& area) {
  const pb::FieldDescriptor* f = v1::ApplianceConfig::descriptor()->FindFieldByName(area.toStdString());
  if (!f) return;
  const pb::Reflection* r = v1::ApplianceConfig::GetReflection();
  if (f->is_repeated()) {
    r->ClearField(&into, f);
    for (int i = 0; i < r->FieldSize(from, f); ++i) r->AddMessage(&into, f)->CopyFrom(r->GetRepeatedMessage(from, f, i));
  } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
    r->MutableMessage(&into, f)->CopyFrom(r->GetMessage(from, f));
  } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
    r->SetEnumValue(&into, f, r->GetEnumValue(from, f));
  } else if (f->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32) {
    r->SetUInt32(&into, f, r->GetUInt32(from, f));
  }
}

Compacted compactServers(const v1::ApplianceConfig& config) {
  Compacted c;
  c.config = config;
  compactList(c.config.mutable_cas_servers(), c.casRows);
  compactList(c.config.mutable_smtp()->mutable_hub_servers(), c.hubRows);
  return c;
}

QString rowPath(const Compacted& compacted, const QString& path) {
  static const QRegularExpression kServer(QStringLiteral("^(cas_servers|smtp\\.hub_servers)\\[(\\d+)\\](.*)$"));
  const auto m = kServer.match(path);
  if (!m.hasMatch()) return path;
  const QList<int>& rows = m.captured(1) == QLatin1String("cas_servers") ? compacted.casRows : compacted.hubRows;
  const int index = m.captured(2).toInt();
  if (index < 0 || index >= rows.size()) return path;
  return QStringLiteral("%1[%2]%3").arg(m.captured(1)).arg(rows[index]).arg(m.captured(3));
}

}  // namespace exlb::console

namespace exlb::console {

QStringList enumChoices(const QString& path) {
  const pb::Descriptor* d = v1::ApplianceConfig::descriptor();
  const pb::FieldDescriptor* f = nullptr;
  for (const QString& part : path.split(QLatin1Char('.'))) {
    if (!d) return {};
    QString name = part;
    if (const qsizetype bracket = name.indexOf(QLatin1Char('[')); bracket >= 0) name.truncate(bracket);
    f = d->FindFieldByName(name.toStdString());
    if (!f) return {};
    d = f->message_type();
  }
  if (!f || !f->enum_type()) return {};
  QStringList names;
  for (int i = 0; i < f->enum_type()->value_count(); ++i) {
    const pb::EnumValueDescriptor* v = f->enum_type()->value(i);
    if (v->number() != 0) names << QString::fromStdString(v->name());
  }
  return names;
}

}  // namespace exlb::console

namespace exlb::console {

v1::ApplianceConfig withSharedAreas(const v1::ApplianceConfig& target, const v1::ApplianceConfig& source,
                                    const QStringList& areas) {
  v1::ApplianceConfig out = target;
  for (const QString& area : areas) {
    if (area == QLatin1String("network")) continue;
    copyArea(source, out, area);
  }
  // The node's own high-availability fields, by name (reflection: a schema
  // without some of them simply has nothing to keep).
  const pb::Reflection* r = v1::HighAvailabilityConfig::GetReflection();
  for (const char* name : {"role", "peer_address", "peer_certificate_sha256", "peer_port"}) {
    const pb::FieldDescriptor* f = v1::HighAvailabilityConfig::descriptor()->FindFieldByName(name);
    if (!f) continue;
    v1::HighAvailabilityConfig* into = out.mutable_high_availability();
    const v1::HighAvailabilityConfig& from = target.high_availability();
    switch (f->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_ENUM: r->SetEnumValue(into, f, r->GetEnumValue(from, f)); break;
      case pb::FieldDescriptor::CPPTYPE_STRING: r->SetString(into, f, r->GetString(from, f)); break;
      case pb::FieldDescriptor::CPPTYPE_UINT32: r->SetUInt32(into, f, r->GetUInt32(from, f)); break;
      default: break;
    }
  }
  out.mutable_management()->set_certificate(target.management().certificate());
  return out;
}

}  // namespace exlb::console
