#include "ui/helpers_page.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "exlb/common/defaults.h"
#include "model/cluster_session.h"
#include "model/exchange_helpers.h"

namespace exlb::console {

HelpersPage::HelpersPage(QWidget* parent) : QWidget(parent) {
  auto* layout = new QVBoxLayout(this);
  auto* top = new QHBoxLayout;
  release_ = new QComboBox(this);
  release_->addItem(tr("Exchange 2010"), static_cast<int>(ExchangeRelease::Exchange2010Rtm));
  release_->addItem(tr("Exchange 2010 SP1 / SP2"), static_cast<int>(ExchangeRelease::Exchange2010Sp1OrSp2));
  release_->setCurrentIndex(1);
  ports_ = new QLabel(this);
  ports_->setWordWrap(true);
  auto* copy = new QPushButton(tr("Copy PowerShell"), this);
  top->addWidget(new QLabel(tr("Exchange release:"), this));
  top->addWidget(release_);
  top->addWidget(ports_, 1);
  top->addWidget(copy);
  layout->addLayout(top);
  const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
  script_ = new QPlainTextEdit(this);
  script_->setReadOnly(true);
  script_->setFont(mono);
  manual_ = new QPlainTextEdit(this);
  manual_->setReadOnly(true);
  layout->addWidget(new QLabel(tr("PowerShell (run on every CAS server):"), this));
  layout->addWidget(script_, 2);
  layout->addWidget(new QLabel(tr("Or by hand (guide chapter 8):"), this));
  layout->addWidget(manual_, 1);
  connect(release_, &QComboBox::currentIndexChanged, this, &HelpersPage::refresh);
  connect(copy, &QPushButton::clicked, this, [this] { QApplication::clipboard()->setText(script_->toPlainText()); });
  refresh();
}

void HelpersPage::setSession(ClusterSession* session) {
  if (session_) disconnect(session_, nullptr, this, nullptr);
  session_ = session;
  if (session_) connect(session_, &ClusterSession::changed, this, &HelpersPage::refresh);
  refresh();
}

QString HelpersPage::powerShell() const { return script_->toPlainText(); }

void HelpersPage::refresh() {
  v1::RpcService rpc = defaultRpc();
  QString from = tr("factory defaults (no node connected)");
  if (session_) {
    const NodeView& v = session_->node(session_->masterIndex());
    if (v.hasConfig) {
      rpc = v.running.rpc();
      from = v.endpoint.host;
    }
  }
  const auto release = static_cast<ExchangeRelease>(release_->currentData().toInt());
  QString text = tr("Ports from %1: Client Access %2, Address Book %3.")
                     .arg(from)
                     .arg(rpc.client_access_port())
                     .arg(rpc.address_book_port());
  const QString advice = rpcPortsAdvice(rpc);
  if (!advice.isEmpty()) text += QLatin1Char(' ') + advice;
  ports_->setText(text);
  const QString script = rpcPortsPowerShell(rpc, release);
  if (script_->toPlainText() != script) script_->setPlainText(script);
  const QString manual = rpcPortsManualSteps(rpc, release);
  if (manual_->toPlainText() != manual) manual_->setPlainText(manual);
}

}  // namespace exlb::console
