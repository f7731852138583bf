// NodeStatus services and listeners from HAProxy's `show stat` rows.
#include "app/status_builder.h"

#include <gtest/gtest.h>

namespace exlb::agent {
namespace {

v1::ApplianceConfig twoCas() {
  v1::ApplianceConfig c;
  auto* a = c.add_cas_servers();
  a->set_address("127.0.0.11");
  a->set_admin_state(v1::SERVER_ADMIN_STATE_READY);
  auto* b = c.add_cas_servers();
  b->set_address("127.0.0.12");
  b->set_name("patchme");
  b->set_admin_state(v1::SERVER_ADMIN_STATE_DRAIN);
  return c;
}

std::vector<RenderedBackend> owaBackend() {
  return {{"owa", "owa", "http", {{"cas1", "127.0.0.11", 80}, {"patchme", "127.0.0.12", 80}}}};
}

std::vector<StatRow> rows() {
  return parseShowStat(
      "# pxname,svname,scur,stot,rate,req_rate,status,check_status,check_code,\n"
      "https,FRONTEND,4,100,7,9,OPEN,,,\n"
      "owa,cas1,3,60,5,,UP,L7OK,200,\n"
      "owa,patchme,1,40,0,,UP,L7OK,200,\n"
      "owa,BACKEND,4,100,5,8,UP,,,\n");
}

TEST(StatusBuilder, ReportsEachServerOfEachServiceWithItsCounters) {
  auto services = buildServices(rows(), owaBackend(), twoCas());
  ASSERT_EQ(services.size(), 1u);
  const auto& s = services[0];
  EXPECT_EQ(s.name(), "owa");
  EXPECT_EQ(s.area(), "http");
  EXPECT_EQ(s.current_sessions(), 4u);
  EXPECT_EQ(s.total_sessions(), 100u);
  EXPECT_EQ(s.request_rate(), 8u);
  ASSERT_EQ(s.servers_size(), 2);
  EXPECT_EQ(s.servers(0).name(), "cas1");
  EXPECT_EQ(s.servers(0).health(), v1::SERVER_HEALTH_UP);
  EXPECT_EQ(s.servers(0).last_check(), "L7OK/200");
  EXPECT_EQ(s.servers(0).total_sessions(), 60u);
  EXPECT_EQ(s.servers(0).admin_state(), v1::SERVER_ADMIN_STATE_READY);
}

TEST(StatusBuilder, ADrainedServerShowsAsDrainEvenThoughHaproxySaysUp) {
  // Drain is rendered as weight 0: HAProxy lists the server as UP.
  auto services = buildServices(rows(), owaBackend(), twoCas());
  EXPECT_EQ(services[0].servers(1).health(), v1::SERVER_HEALTH_DRAIN);
  EXPECT_EQ(services[0].servers(1).admin_state(), v1::SERVER_ADMIN_STATE_DRAIN);
}

TEST(StatusBuilder, WithoutRowsServicesAreListedWithUnknownHealth) {
  auto services = buildServices({}, owaBackend(), twoCas());
  ASSERT_EQ(services.size(), 1u);
  EXPECT_EQ(services[0].servers(0).health(), v1::SERVER_HEALTH_UNSPECIFIED);
  EXPECT_EQ(services[0].current_sessions(), 0u);
}

TEST(StatusBuilder, ListenersAreAcceptingWhenTheirFrontendIsOpen) {
  std::vector<RenderedListener> listeners{{"https", "127.0.0.1", 443, true},
                                          {"imap", "127.0.0.1", 143, false}};
  auto out = buildListeners(rows(), listeners);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_TRUE(out[0].accepting());
  EXPECT_EQ(out[0].port(), 443u);
  EXPECT_FALSE(out[1].accepting());
}

TEST(StatusBuilder, HealthWords) {
  EXPECT_EQ(healthOf("UP 1/2"), v1::SERVER_HEALTH_UP);
  EXPECT_EQ(healthOf("DOWN 1/2"), v1::SERVER_HEALTH_DOWN);
  EXPECT_EQ(healthOf("DRAIN"), v1::SERVER_HEALTH_DRAIN);
  EXPECT_EQ(healthOf("MAINT"), v1::SERVER_HEALTH_MAINT);
  EXPECT_EQ(healthOf("MAINT (via x/y)"), v1::SERVER_HEALTH_MAINT);
  EXPECT_EQ(healthOf("no check"), v1::SERVER_HEALTH_NO_CHECK);
  EXPECT_EQ(healthOf(""), v1::SERVER_HEALTH_UNSPECIFIED);
}

}  // namespace
}  // namespace exlb::agent
