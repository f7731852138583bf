#include "api/api_server_state.h"

#include <unistd.h>

#include <openssl/ssl.h>
#include <spdlog/sinks/rotating_file_sink.h>

#include <boost/asio/post.hpp>

#include "log/log.h"
#include "setup/self_signed_certificate.h"

namespace exlb::agent {

namespace net = boost::asio;

namespace {

std::filesystem::path defaultCertificateFile(const ApiServer::Options& o) {
  return o.certificate_file.empty() ? o.data_dir / "certs" / "default.pem" : o.certificate_file;
}

std::string machineHostName() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "exlb";
  return name;
}

bool auditFileOpen() {
  for (const auto& sink : auditLogger()->sinks()) {
    if (std::dynamic_pointer_cast<spdlog::sinks::rotating_file_sink_mt>(sink)) return true;
  }
  return false;
}

}  // namespace

AdmissionSlot::AdmissionSlot(std::weak_ptr<ApiServerState> state, std::string address,
                             bool eventStream)
    : state_(std::move(state)), address_(std::move(address)), event_stream_(eventStream) {}

AdmissionSlot::~AdmissionSlot() {
  if (auto state = state_.lock()) state->release(address_, event_stream_);
}

ApiServerState::ApiServerState(net::io_context& io, Appliance& appliance,
                               ApiServer::Options options)
    : io_(io),
      appliance_(appliance),
      options_(std::move(options)),
      management_tls_(defaultCertificateFile(options_), options_.data_dir / "certs",
                      options_.host_name.empty() ? machineHostName() : options_.host_name),
      accounts_(options_.data_dir / "accounts.json",
                PwhashCost{options_.pwhash_ops_limit, options_.pwhash_mem_limit}),
      sessions_(options_.session_idle_timeout, options_.session_absolute_timeout,
                options_.max_sessions, realSteadyClock()),
      throttle_(options_.login_failures_per_account, options_.login_failures_per_address,
                options_.login_lockout, realSteadyClock()),
      audit_(options_.data_dir),
      auth_(accounts_, sessions_, throttle_, audit_,
            [this](std::function<void()> work, std::function<void()> then) {
              net::post(hashing_, [work = std::move(work), then = std::move(then),
                                   ex = io_.get_executor()]() mutable {
                work();
                net::post(ex, std::move(then));
              });
            }),
      config_(appliance_, audit_, options_.audit_read_limit),
      setup_(appliance_, audit_, SetupPaths{options_.data_dir, options_.system_root}),
      services_(appliance_, audit_, ServiceEngines{options_.haproxy_control, options_.vrrp_control}),
      dispatcher_(auth_, config_, builtinAssets()) {
  dispatcher_.addSetupRoutes(setup_);
  dispatcher_.addServicesRoutes(services_);
  setup_.setCertificateEngine(options_.haproxy_control);
  setup_.onCertificatesChanged([this] { refreshManagementCertificate(); });
  if (options_.pair) {
    pair_ = std::make_unique<PairHandlers>(*options_.pair, appliance_, audit_);
    dispatcher_.addPairRoutes(*pair_);
  }
}

ApiServerState::~ApiServerState() {
  detach();
  hashing_.join();
}

void ApiServerState::refreshManagementCertificate() {
  management_tls_.refresh(appliance_.running().config.management().certificate());
}

void ApiServerState::detach() {
  if (!subscribed_) return;
  subscribed_ = false;
  appliance_.unsubscribe(subscription_);
}

bool ApiServerState::prepare(std::string& error) {
  std::error_code fsError;
  std::filesystem::create_directories(options_.data_dir, fsError);
  if (fsError) {
    error = "cannot create the data folder " + options_.data_dir.string() + ": " + fsError.message();
    return false;
  }
  if (!management_tls_.start(appliance_.running().config.management().certificate(), error) ||
      !accounts_.load(error)) {
    return false;
  }
  // An assignment of another management certificate (or a rollback, a
  // restore...) reaches new connections without a restart.
  subscription_ = appliance_.subscribe([weak = weak_from_this()](const v1::Event& event) {
    if (!event.has_config_changed()) return;
    if (auto self = weak.lock()) self->refreshManagementCertificate();
  });
  subscribed_ = true;
  if (options_.open_audit_log && !auditFileOpen()) openAuditLog(options_.data_dir);
  // Audit lines are written whatever the agent's log level: "--log-level warn"
  // must not silence who changed what.
  auditLogger()->set_level(spdlog::level::info);
  return true;
}

std::unique_ptr<AdmissionSlot> ApiServerState::admitConnection(const std::string& address) {
  std::lock_guard lock(mutex_);
  auto& mine = per_address_[address];
  if (stopping_ || connections_ >= options_.max_connections ||
      mine >= options_.max_connections_per_address) {
    if (mine == 0) per_address_.erase(address);
    return nullptr;
  }
  ++connections_;
  ++mine;
  return std::make_unique<AdmissionSlot>(weak_from_this(), address, false);
}

std::unique_ptr<AdmissionSlot> ApiServerState::admitEventStream(const std::string& address) {
  std::lock_guard lock(mutex_);
  if (stopping_ || event_streams_ >= options_.max_event_streams) return nullptr;
  ++event_streams_;
  return std::make_unique<AdmissionSlot>(weak_from_this(), address, true);
}

void ApiServerState::release(const std::string& address, bool eventStream) {
  std::lock_guard lock(mutex_);
  if (eventStream) {
    --event_streams_;
    return;
  }
  --connections_;
  const auto it = per_address_.find(address);
  if (it != per_address_.end() && --it->second == 0) per_address_.erase(it);
}

void ApiServerState::add(Closable* connection, std::weak_ptr<Closable> handle) {
  std::lock_guard lock(mutex_);
  open_[connection] = std::move(handle);
}

void ApiServerState::remove(Closable* connection) {
  std::lock_guard lock(mutex_);
  open_.erase(connection);
}

void ApiServerState::closeAll() {
  std::vector<std::shared_ptr<Closable>> live;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [raw, weak] : open_) {
      if (auto strong = weak.lock()) live.push_back(std::move(strong));
    }
  }
  for (auto& connection : live) connection->close();
}

}  // namespace exlb::agent
