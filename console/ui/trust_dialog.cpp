#include "ui/trust_dialog.h"

#include <QPushButton>

#include "ui_trust_dialog.h"

namespace exlb::console {

TrustDialog::TrustDialog(const QString& endpoint, const CertificateInfo& presented, const CertificateInfo& pinned,
                         QWidget* parent)
    : QDialog(parent), ui_(std::make_unique<Ui::TrustDialog>()) {
  ui_->setupUi(this);
  const bool mismatch = !pinned.isNull();
  ui_->endpoint->setText(endpoint);
  ui_->subject->setText(presented.subjectText());
  ui_->fingerprint->setText(presented.fingerprintText());
  ui_->expires->setText(QLocale().toString(presented.expires().toLocalTime(), QLocale::ShortFormat));
  ui_->pinnedLabel->setVisible(mismatch);
  ui_->pinned->setVisible(mismatch);
  ui_->pinned->setText(pinned.fingerprintText());
  QPushButton* trust = nullptr;
  if (mismatch) {
    setWindowTitle(tr("Certificate changed"));
    ui_->headline->setText(tr("<b style='color:#c01c28'>This appliance presented a different certificate than the one "
                              "you trusted.</b> The console has stopped talking to it."));
    ui_->advice->setText(tr("This happens after the appliance's certificate was replaced, or when someone is "
                            "intercepting the connection. Compare the new fingerprint with the one shown on the "
                            "appliance before trusting it."));
    trust = ui_->buttons->addButton(tr("Trust the new certificate"), QDialogButtonBox::DestructiveRole);
  } else {
    ui_->headline->setText(tr("<b>First connection to this appliance.</b> Check that the fingerprint below is the "
                              "one the appliance shows, then trust it."));
    ui_->advice->setText(tr("The console remembers this certificate and refuses any other one from this address."));
    trust = ui_->buttons->addButton(tr("Trust"), QDialogButtonBox::AcceptRole);
  }
  ui_->buttons->button(QDialogButtonBox::Cancel)->setDefault(mismatch);
  connect(trust, &QPushButton::clicked, this, &QDialog::accept);
  connect(ui_->buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

TrustDialog::~TrustDialog() = default;

}  // namespace exlb::console
