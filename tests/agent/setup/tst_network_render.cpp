// The network renderer (guide 4.2.1): what networkd and the resolver will
// read for each kind of setting, and every value it must refuse.
#include "setup/network_render.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "exlb/common/defaults.h"

namespace exlb::agent {
namespace {

v1::NetworkConfig guideExample() {
  // The guide's 4.1.1 / 4.2 example: 10.0.0.17/255.255.0.0 via 10.0.1.1.
  v1::NetworkConfig n;
  n.set_hostname("exlb-cas");
  n.set_address("10.0.0.17");
  n.set_netmask("255.255.0.0");
  n.set_gateway("10.0.1.1");
  return n;
}

const RenderedFile* find(const NetworkRendering& r, const std::string& path) {
  const auto it = std::find_if(r.files.begin(), r.files.end(),
                               [&](const RenderedFile& f) { return f.path == path; });
  return it == r.files.end() ? nullptr : &*it;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

TEST(NetworkRender, UntaggedStaticAddressWithGateway) {
  const auto r = renderNetwork(guideExample());
  ASSERT_TRUE(r.ok()) << r.error;
  const auto* lan = find(r, "/etc/systemd/network/10-exlb-lan.network");
  ASSERT_NE(lan, nullptr);
  EXPECT_NE(lan->content.find("[Match]\nName=en* eth*\n"), std::string::npos);
  EXPECT_NE(lan->content.find("[Network]\nAddress=10.0.0.17/16\nGateway=10.0.1.1\n"),
            std::string::npos);
  EXPECT_EQ(lan->content.find("DHCP"), std::string::npos);
  EXPECT_EQ(lan->mode, 0644u);
  // A VLAN rendered earlier must go, or networkd would keep tagging.
  EXPECT_TRUE(contains(r.obsolete, "/etc/systemd/network/10-exlb-vlan.netdev"));
  EXPECT_TRUE(contains(r.obsolete, "/etc/systemd/network/10-exlb-vlan.network"));
}

TEST(NetworkRender, NoGatewayWritesNoGatewayLine) {
  const auto r = renderNetwork(defaultNetwork());
  ASSERT_TRUE(r.ok()) << r.error;
  const auto* lan = find(r, "/etc/systemd/network/10-exlb-lan.network");
  ASSERT_NE(lan, nullptr);
  EXPECT_NE(lan->content.find("Address=192.168.0.200/24\n"), std::string::npos);
  EXPECT_EQ(lan->content.find("Gateway="), std::string::npos);
}

TEST(NetworkRender, HostnameAndHosts) {
  const auto r = renderNetwork(guideExample());
  ASSERT_TRUE(r.ok());
  const auto* hostname = find(r, "/etc/hostname");
  ASSERT_NE(hostname, nullptr);
  EXPECT_EQ(hostname->content, "exlb-cas\n");
  const auto* hosts = find(r, "/etc/hosts");
  ASSERT_NE(hosts, nullptr);
  EXPECT_NE(hosts->content.find("127.0.0.1\tlocalhost\n"), std::string::npos);
  EXPECT_NE(hosts->content.find("127.0.1.1\texlb-cas\n"), std::string::npos);
}

TEST(NetworkRender, EmptyHostnameLeavesTheSystemsHostnameAlone) {
  auto n = guideExample();
  n.set_hostname("");
  const auto r = renderNetwork(n);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(find(r, "/etc/hostname"), nullptr);
  EXPECT_EQ(find(r, "/etc/hosts"), nullptr);
}

TEST(NetworkRender, VlanMovesTheAddressOntoTheTaggedInterface) {
  auto n = guideExample();
  n.set_vlan_id(120);
  const auto r = renderNetwork(n);
  ASSERT_TRUE(r.ok()) << r.error;
  const auto* lan = find(r, "/etc/systemd/network/10-exlb-lan.network");
  const auto* netdev = find(r, "/etc/systemd/network/10-exlb-vlan.netdev");
  const auto* vlan = find(r, "/etc/systemd/network/10-exlb-vlan.network");
  ASSERT_NE(lan, nullptr);
  ASSERT_NE(netdev, nullptr);
  ASSERT_NE(vlan, nullptr);
  EXPECT_NE(lan->content.find("VLAN=vlan120\n"), std::string::npos);
  EXPECT_EQ(lan->content.find("Address="), std::string::npos);
  EXPECT_NE(netdev->content.find("[NetDev]\nName=vlan120\nKind=vlan\n\n[VLAN]\nId=120\n"),
            std::string::npos);
  EXPECT_NE(vlan->content.find("[Match]\nName=vlan120\n"), std::string::npos);
  EXPECT_NE(vlan->content.find("Address=10.0.0.17/16\nGateway=10.0.1.1\n"), std::string::npos);
  EXPECT_FALSE(contains(r.obsolete, "/etc/systemd/network/10-exlb-vlan.netdev"));
}

TEST(NetworkRender, StaticRoutesBecomeRouteSections) {
  auto n = guideExample();
  auto* a = n.add_static_routes();
  a->set_network("172.16.0.0");
  a->set_netmask("255.240.0.0");
  a->set_router("10.0.0.254");
  auto* b = n.add_static_routes();
  b->set_network("192.168.50.0");
  b->set_netmask("255.255.255.0");
  b->set_router("10.0.0.253");
  const auto r = renderNetwork(n);
  ASSERT_TRUE(r.ok()) << r.error;
  const auto* lan = find(r, "/etc/systemd/network/10-exlb-lan.network");
  ASSERT_NE(lan, nullptr);
  const auto first = lan->content.find("[Route]\nDestination=172.16.0.0/12\nGateway=10.0.0.254\n");
  const auto second =
      lan->content.find("[Route]\nDestination=192.168.50.0/24\nGateway=10.0.0.253\n");
  ASSERT_NE(first, std::string::npos);
  ASSERT_NE(second, std::string::npos);
  EXPECT_LT(first, second) << "routes keep the order of Route 1..4";
}

TEST(NetworkRender, RuntimeGoesUnderRunAndLeavesHostnameAlone) {
  NetworkRenderOptions o;
  o.persistence = NetworkPersistence::Runtime;
  const auto r = renderNetwork(guideExample(), o);
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.files.size(), 1u);
  EXPECT_EQ(r.files[0].path, "/run/systemd/network/10-exlb-lan.network");
  for (const auto& path : r.obsolete) EXPECT_EQ(path.rfind("/run/", 0), 0u) << path;
}

TEST(NetworkRender, SavedRemovesRuntimeFilesThatWouldShadowIt) {
  const auto r = renderNetwork(guideExample());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(contains(r.obsolete, "/run/systemd/network/10-exlb-lan.network"));
}

TEST(NetworkRender, InterfaceMatchIsConfigurable) {
  NetworkRenderOptions o;
  o.interface_match = "ens18";
  const auto r = renderNetwork(guideExample(), o);
  ASSERT_TRUE(r.ok());
  EXPECT_NE(r.files[0].content.find("Name=ens18\n"), std::string::npos);
}

struct Refusal {
  const char* name;
  void (*mutate)(v1::NetworkConfig&, NetworkRenderOptions&);
  const char* field;  // the error must name it
};

const Refusal kRefusals[] = {
    {"empty address", [](auto& n, auto&) { n.set_address(""); }, "network.address"},
    {"five parts", [](auto& n, auto&) { n.set_address("10.0.0.17.1"); }, "network.address"},
    {"part over 255", [](auto& n, auto&) { n.set_address("10.0.0.256"); }, "network.address"},
    {"leading zero", [](auto& n, auto&) { n.set_address("10.0.0.017"); }, "network.address"},
    {"newline injection", [](auto& n, auto&) { n.set_address("10.0.0.17\n[Network]"); },
     "network.address"},
    {"address with prefix", [](auto& n, auto&) { n.set_address("10.0.0.17/16"); },
     "network.address"},
    {"non-contiguous mask", [](auto& n, auto&) { n.set_netmask("255.0.255.0"); },
     "network.netmask"},
    {"zero mask", [](auto& n, auto&) { n.set_netmask("0.0.0.0"); }, "network.netmask"},
    {"bad gateway", [](auto& n, auto&) { n.set_gateway("gateway"); }, "network.gateway"},
    {"vlan 4095", [](auto& n, auto&) { n.set_vlan_id(4095); }, "network.vlan_id"},
    {"hostname with space", [](auto& n, auto&) { n.set_hostname("exlb cas"); },
     "network.hostname"},
    {"hostname with newline", [](auto& n, auto&) { n.set_hostname("exlb\n10.0.0.1 evil"); },
     "network.hostname"},
    {"hostname label 64", [](auto& n, auto&) { n.set_hostname(std::string(64, 'a')); },
     "network.hostname"},
    {"hostname ends with hyphen", [](auto& n, auto&) { n.set_hostname("exlb-"); },
     "network.hostname"},
    {"five routes",
     [](auto& n, auto&) {
       for (int i = 0; i < 5; ++i) {
         auto* r = n.add_static_routes();
         r->set_network("172.16." + std::to_string(i) + ".0");
         r->set_netmask("255.255.255.0");
         r->set_router("10.0.0.254");
       }
     },
     "network.static_routes"},
    {"route with host bits",
     [](auto& n, auto&) {
       auto* r = n.add_static_routes();
       r->set_network("172.16.0.1");
       r->set_netmask("255.255.0.0");
       r->set_router("10.0.0.254");
     },
     "network.static_routes[0].network"},
    {"route without router",
     [](auto& n, auto&) {
       auto* r = n.add_static_routes();
       r->set_network("172.16.0.0");
       r->set_netmask("255.255.0.0");
     },
     "network.static_routes[0].router"},
    {"interface match with newline",
     [](auto&, auto& o) { o.interface_match = "eth0\n[Network]\nDHCP=yes"; }, "interface match"},
};

TEST(NetworkRender, RefusesWhatWouldWriteABrokenFileAndNamesTheField) {
  for (const auto& refusal : kRefusals) {
    auto n = guideExample();
    NetworkRenderOptions o;
    refusal.mutate(n, o);
    const auto r = renderNetwork(n, o);
    EXPECT_FALSE(r.ok()) << refusal.name;
    EXPECT_NE(r.error.find(refusal.field), std::string::npos) << refusal.name << ": " << r.error;
    EXPECT_TRUE(r.files.empty()) << refusal.name;
    EXPECT_TRUE(r.obsolete.empty()) << refusal.name;
  }
}

}  // namespace
}  // namespace exlb::agent
