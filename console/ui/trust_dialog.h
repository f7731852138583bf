#pragma once
// First contact: shows the agent's certificate (SHA-256 fingerprint, subject)
// for the admin to compare with the appliance's console, then pins it. After
// a mismatch: a clear warning with both fingerprints, and re-trust only as a
// deliberate, separate choice.

#include <QDialog>
#include <memory>

#include "net/certificate_info.h"

namespace Ui {
class TrustDialog;
}

namespace exlb::console {

class TrustDialog final : public QDialog {
  Q_OBJECT

 public:
  // `pinned` null: first contact; else the certificate trusted until now.
  TrustDialog(const QString& endpoint, const CertificateInfo& presented, const CertificateInfo& pinned,
              QWidget* parent = nullptr);
  ~TrustDialog() override;

 private:
  std::unique_ptr<Ui::TrustDialog> ui_;
};

}  // namespace exlb::console
