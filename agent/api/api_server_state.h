#pragma once
// Everything the server's connections share: TLS context, accounts, sessions,
// throttle, audit, handlers, dispatcher, limits and the registry of open
// connections (for designed shutdown). Connections hold it by shared_ptr, so
// it outlives the last of them even after ApiServer is gone.

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/account_store.h"
#include "api/api_dispatcher.h"
#include "api/api_server.h"
#include "api/audit_trail.h"
#include "api/auth_handlers.h"
#include "api/config_handlers.h"
#include "api/login_throttle.h"
#include "api/management_tls.h"
#include "api/pair_handlers.h"
#include "api/session_store.h"
#include "api/services_handlers.h"
#include "api/setup_handlers.h"

namespace exlb::agent {

// An open connection or event stream that stop() can close.
class Closable {
 public:
  virtual ~Closable() = default;
  virtual void close() = 0;
};

// Counts one admitted connection (or event stream) until destroyed.
class AdmissionSlot {
 public:
  AdmissionSlot(std::weak_ptr<ApiServerState> state, std::string address, bool eventStream);
  ~AdmissionSlot();
  AdmissionSlot(const AdmissionSlot&) = delete;
  AdmissionSlot& operator=(const AdmissionSlot&) = delete;

 private:
  std::weak_ptr<ApiServerState> state_;
  std::string address_;
  bool event_stream_;
};

class ApiServerState : public std::enable_shared_from_this<ApiServerState> {
 public:
  ApiServerState(boost::asio::io_context& io, Appliance& appliance, ApiServer::Options options);
  ~ApiServerState();

  // Loads the TLS identity and the accounts, opens the audit log, and
  // follows configuration changes (the management certificate).
  bool prepare(std::string& error);
  // Stops following the appliance's events (before the appliance goes).
  void detach();
  // Reads the management certificate again (after a configuration or
  // certificate change): new connections get it, open ones keep theirs.
  void refreshManagementCertificate();

  // nullptr when a limit is reached (the caller cuts the connection / refuses the stream).
  std::unique_ptr<AdmissionSlot> admitConnection(const std::string& address);
  std::unique_ptr<AdmissionSlot> admitEventStream(const std::string& address);

  void add(Closable* connection, std::weak_ptr<Closable> handle);
  void remove(Closable* connection);
  void closeAll();
  bool stopping() const { return stopping_; }
  void setStopping() { stopping_ = true; }

  boost::asio::io_context& io() { return io_; }
  // The TLS context for a new connection (see management_tls.h).
  std::shared_ptr<boost::asio::ssl::context> tls() const { return management_tls_.current(); }
  const ManagementTls& managementTls() const { return management_tls_; }
  Appliance& appliance() { return appliance_; }
  ApiDispatcher& dispatcher() { return dispatcher_; }
  const ApiServer::Options& options() const { return options_; }

 private:
  friend class AdmissionSlot;
  void release(const std::string& address, bool eventStream);

  boost::asio::io_context& io_;
  Appliance& appliance_;
  ApiServer::Options options_;
  ManagementTls management_tls_;
  std::uint64_t subscription_ = 0;
  bool subscribed_ = false;
  boost::asio::thread_pool hashing_{1};
  AccountStore accounts_;
  SessionStore sessions_;
  LoginThrottle throttle_;
  AuditTrail audit_;
  AuthHandlers auth_;
  ConfigHandlers config_;
  SetupHandlers setup_;
  ServicesHandlers services_;
  std::unique_ptr<PairHandlers> pair_;
  ApiDispatcher dispatcher_;

  std::mutex mutex_;
  std::size_t connections_ = 0;
  std::size_t event_streams_ = 0;
  std::unordered_map<std::string, std::size_t> per_address_;
  std::map<Closable*, std::weak_ptr<Closable>> open_;
  bool stopping_ = false;
};

}  // namespace exlb::agent
