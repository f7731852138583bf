#include "ui/cluster_dialog.h"

#include <QPushButton>

#include "ui_cluster_dialog.h"

namespace exlb::console {

ClusterDialog::ClusterDialog(const Cluster& cluster, bool keychainPersistent, QWidget* parent)
    : QDialog(parent), ui_(std::make_unique<Ui::ClusterDialog>()), id_(cluster.id) {
  ui_->setupUi(this);
  setWindowTitle(cluster.id.isEmpty() ? tr("Add a cluster") : tr("Edit %1").arg(cluster.name));
  ui_->name->setText(cluster.name);
  ui_->kind->setCurrentIndex(cluster.kind == Cluster::Kind::Pair ? 1 : 0);
  ui_->user->setText(cluster.user);
  if (!cluster.nodes.isEmpty()) {
    ui_->node1Host->setText(cluster.nodes[0].host);
    ui_->node1Port->setValue(cluster.nodes[0].port);
  }
  if (cluster.nodes.size() > 1) {
    ui_->node2Host->setText(cluster.nodes[1].host);
    ui_->node2Port->setValue(cluster.nodes[1].port);
  }
  ui_->keychainNote->setText(keychainPersistent
                                 ? tr("The password is kept in the system's keychain.")
                                 : tr("No keychain is available: the password is kept in memory for this session only."));
  connect(ui_->kind, &QComboBox::currentIndexChanged, this, &ClusterDialog::updateKind);
  connect(ui_->buttons, &QDialogButtonBox::accepted, this, [this] {
    const QString p = this->cluster().problem();
    if (p.isEmpty()) {
      accept();
    } else {
      showProblem(p);
    }
  });
  connect(ui_->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
  updateKind();
}

ClusterDialog::~ClusterDialog() = default;

void ClusterDialog::updateKind() {
  const bool pair = ui_->kind->currentIndex() == 1;
  ui_->node1Label->setText(pair ? tr("First node:") : tr("Node address:"));
  ui_->node2Label->setVisible(pair);
  ui_->node2Host->setVisible(pair);
  ui_->node2Port->setVisible(pair);
}

Cluster ClusterDialog::cluster() const {
  Cluster c;
  c.id = id_;
  c.name = ui_->name->text().trimmed();
  c.kind = ui_->kind->currentIndex() == 1 ? Cluster::Kind::Pair : Cluster::Kind::Standalone;
  c.user = ui_->user->text().trimmed();
  c.nodes.append({ui_->node1Host->text().trimmed(), static_cast<quint16>(ui_->node1Port->value())});
  if (c.kind == Cluster::Kind::Pair) {
    c.nodes.append({ui_->node2Host->text().trimmed(), static_cast<quint16>(ui_->node2Port->value())});
  }
  return c;
}

QString ClusterDialog::password() const { return ui_->password->text(); }

void ClusterDialog::showProblem(const QString& problem) { ui_->problem->setText(problem); }

}  // namespace exlb::console
