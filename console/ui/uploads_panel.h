#pragma once
// Uploads to one node (guide 4.2, 7.3, 7.5; API in docs/setup.md): a
// certificate (.pfx/.p12 or .pem, with its password), a license, a firmware
// bundle (streamed from disk). One upload at a time, with a progress bar and
// a clear outcome in one sentence: what the appliance now has, or why it
// refused (nothing changed then).

#include <QGroupBox>
#include <QPointer>

class QCheckBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace exlb::console {

class AgentConnection;
struct AgentReply;

class UploadsPanel final : public QGroupBox {
  Q_OBJECT

 public:
  explicit UploadsPanel(QWidget* parent = nullptr);

  void setConnection(AgentConnection* connection);
  // Each returns false (and says why in the outcome) when nothing was sent.
  bool uploadCertificate(const QString& id, const QString& filePath, const QString& password, bool replace);
  bool uploadLicense(const QString& filePath);
  bool uploadFirmware(const QString& filePath, bool allowDowngrade);
  bool busy() const { return busy_; }

  QProgressBar* progressBar() const { return progress_; }
  QString outcome() const;

  // Largest files the console sends (the agent has its own limits).
  static constexpr qint64 kMaxCertificateBytes = 256 * 1024;
  static constexpr qint64 kMaxLicenseBytes = 64 * 1024;
  static constexpr qint64 kMaxFirmwareBytes = 1024LL * 1024 * 1024;

 signals:
  void finished(bool ok, const QString& outcome);
  void message(const QString& text);

 private:
  bool begin(const QString& what);
  void end(bool ok, const QString& text);
  QByteArray readSmallFile(const QString& path, qint64 limit, QString* error) const;
  void choose(QLineEdit* into, const QString& filter);

  QPointer<AgentConnection> connection_;
  bool busy_ = false;
  QLineEdit* certId_ = nullptr;
  QLineEdit* certFile_ = nullptr;
  QLineEdit* certPassword_ = nullptr;
  QCheckBox* certReplace_ = nullptr;
  QLineEdit* licenseFile_ = nullptr;
  QLineEdit* firmwareFile_ = nullptr;
  QCheckBox* allowDowngrade_ = nullptr;
  QList<QPushButton*> uploadButtons_;
  QProgressBar* progress_ = nullptr;
  QLabel* outcome_ = nullptr;
};

}  // namespace exlb::console
