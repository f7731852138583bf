#pragma once
// Guide chapter 8 for the selected node: the static RPC ports it balances,
// and the PowerShell / manual steps that set the same ports on the CAS
// servers, per Exchange 2010 release, ready to copy.

#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;

namespace exlb::console {

class ClusterSession;

class HelpersPage final : public QWidget {
  Q_OBJECT

 public:
  explicit HelpersPage(QWidget* parent = nullptr);
  void setSession(ClusterSession* session);
  QString powerShell() const;

 private:
  void refresh();

  QPointer<ClusterSession> session_;
  QComboBox* release_ = nullptr;
  QLabel* ports_ = nullptr;
  QPlainTextEdit* script_ = nullptr;
  QPlainTextEdit* manual_ = nullptr;
};

}  // namespace exlb::console
