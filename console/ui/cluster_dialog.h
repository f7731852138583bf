#pragma once
// Adds or edits one address-book entry: name, standalone or pair, the nodes'
// addresses, the user and (optionally) the password to keep in the keychain.

#include <QDialog>
#include <memory>

#include "model/cluster.h"

namespace Ui {
class ClusterDialog;
}

namespace exlb::console {

class ClusterDialog final : public QDialog {
  Q_OBJECT

 public:
  ClusterDialog(const Cluster& cluster, bool keychainPersistent, QWidget* parent = nullptr);
  ~ClusterDialog() override;

  Cluster cluster() const;
  QString password() const;
  // Shown under the form when the address book refused the entry.
  void showProblem(const QString& problem);

 private:
  void updateKind();

  std::unique_ptr<Ui::ClusterDialog> ui_;
  QString id_;
};

}  // namespace exlb::console
