#!/usr/bin/env python3
"""Every Exchange service through exlb's real data plane (exlb-agent
supervising HAProxy) in front of mock Exchange 2010 CAS/HUB servers: traffic
passes and is answered by a CAS/HUB, balancing spreads new clients,
persistence follows the guide's table, TLS offload presents the configured
certificate and the CAS sees clear text, the redirect works, a disabled
service is refused, and each IMAP/POP3/SMTP mode and HTTP ssl-forward work."""

import copy
import os
import socket
import ssl
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dataplane_lab as dl  # noqa: E402
from fixture import Fixture, pem_to_der  # noqa: E402

FX = None
CAS_NAMES = {"cas1", "cas2", "cas3"}
HUB_NAMES = {"hub1", "hub2"}
HTTP_PATHS = ["/owa/x", "/ecp/x", "/oab/x", "/autodiscover/x", "/ews/x",
              "/Microsoft-Server-ActiveSync/x", "/rpc/x"]


def setUpModule():
    global FX
    FX = Fixture(cas=3, hub=2, exchange="2010", base=31)


def tearDownModule():
    if FX:
        FX.close()


def source(n):
    """A distinct client address per simulated client (all loopback)."""
    return f"127.0.131.{n}"


def backend_of(response):
    return response[1].get("x-exlb-backend")


class HttpOffload(unittest.TestCase):
    def test_every_published_service_is_answered_by_a_cas_in_clear_text(self):
        for path in HTTP_PATHS:
            with self.subTest(path=path):
                status, headers, body, _ = FX.https(path)
                self.assertEqual(status, 200, body)
                self.assertIn(headers.get("x-exlb-backend"), CAS_NAMES)
                # The CAS got plain HTTP from HAProxy, told it was HTTPS outside.
                self.assertEqual(headers.get("x-exlb-scheme"), "http")
                self.assertEqual(headers.get("x-exlb-seen-x-forwarded-proto"), "https")
                self.assertEqual(headers.get("x-exlb-host"), dl.HOST_NAME)

    def test_tls_offload_presents_the_configured_certificate(self):
        _, _, _, der = FX.https("/owa/")
        self.assertEqual(der, pem_to_der(FX.appliance_cert))
        self.assertNotEqual(der, pem_to_der(FX.cert))  # not the CAS's own

    def test_redirect_port_sends_clients_to_https(self):
        status, headers, _, _ = dl.http_request(FX.ports["redirect"], "/owa/?a=1")
        self.assertIn(status, (301, 302, 303, 307, 308))
        self.assertTrue(headers["location"].startswith(f"https://{dl.HOST_NAME}"), headers)
        self.assertIn("/owa/?a=1", headers["location"])

    def test_disabled_service_is_refused_at_the_appliance(self):
        # Remote PowerShell is disabled in the factory configuration.
        status, headers, _, _ = FX.https("/powershell/")
        self.assertIn(status, (403, 404))
        self.assertIsNone(headers.get("x-exlb-backend"))

    def test_balancing_spreads_new_clients(self):
        # Autodiscover needs no affinity: new connections are spread.
        seen = {backend_of(FX.https("/autodiscover/a", source=source(1))) for _ in range(12)}
        self.assertGreaterEqual(len(seen), 2, seen)
        self.assertTrue(seen <= CAS_NAMES)

    def test_owa_client_stays_on_its_cas_by_address(self):
        spread = set()
        for client in range(2, 8):
            got = {backend_of(FX.https("/owa/p", source=source(client))) for _ in range(4)}
            self.assertEqual(len(got), 1, f"client {client} moved between {got}")
            spread |= got
        self.assertGreaterEqual(len(spread), 2, "every client landed on one CAS")

    def test_owa_cookie_keeps_a_browser_on_its_cas_and_ecp_shares_it(self):
        status, headers, _, _ = FX.https("/owa/", source=source(20))
        cookie = headers.get("set-cookie", "")
        self.assertTrue(cookie.startswith("EXLBCAS="), headers)
        first = headers["x-exlb-backend"]
        value = cookie.split(";")[0]
        for i in range(6):
            # New addresses (a roaming browser): the cookie decides.
            for path in ("/owa/x", "/ecp/x"):
                got = backend_of(FX.https(path, source=source(40 + i), headers={"Cookie": value}))
                self.assertEqual(got, first, path)

    def test_outlook_anywhere_client_stays_on_its_cas(self):
        for client in range(60, 64):
            got = {backend_of(FX.https("/rpc/rpcproxy.dll?x", source=source(client)))
                   for _ in range(4)}
            self.assertEqual(len(got), 1, got)

    def test_activesync_device_stays_on_its_cas_by_authorization(self):
        auth = {"Authorization": "Basic ZGV2aWNlMTpwdw=="}
        got = {backend_of(FX.https("/Microsoft-Server-ActiveSync/x", source=source(70 + i),
                                   headers=auth)) for i in range(6)}
        self.assertEqual(len(got), 1, got)


class RpcAndMail(unittest.TestCase):
    def test_rpc_trio_shares_one_cas_per_client(self):
        spread = set()
        for client in range(100, 106):
            names = set()
            for key in ("rpc_epm", "rpc_ca", "rpc_ab", "rpc_epm"):
                greeting, _ = dl.line_exchange(FX.ports[key], source=source(client))
                name, port = greeting.split()
                self.assertEqual(int(port), FX.ports[key])  # the same port on the CAS
                names.add(name)
            self.assertEqual(len(names), 1, f"client {client}: {names}")
            spread |= names
        self.assertGreaterEqual(len(spread), 2, "every client landed on one CAS")

    def test_imap_pop3_smtp_clear_are_answered_by_a_server(self):
        for key, prefix, names in (("imap", "* OK ", CAS_NAMES), ("pop3", "+OK ", CAS_NAMES),
                                   ("smtp", "220 ", HUB_NAMES)):
            with self.subTest(service=key):
                greeting, _ = dl.line_exchange(FX.ports[key])
                self.assertTrue(greeting.startswith(prefix), greeting)
                self.assertIn(greeting[len(prefix):].split()[0], names)

    def test_smtp_ehlo_reaches_the_hub(self):
        greeting, reply = dl.line_exchange(FX.ports["smtp"], send="EHLO client.test\r\n")
        self.assertTrue(reply.startswith("250"), reply)
        self.assertIn(greeting.split()[1], reply)

    def test_mail_ssl_offload_presents_the_appliance_certificate(self):
        for key, prefix in (("imaps", "* OK "), ("pop3s", "+OK "), ("smtps", "220 ")):
            with self.subTest(service=key):
                greeting, _ = dl.line_exchange(FX.ports[key], tls=True)
                self.assertTrue(greeting.startswith(prefix), greeting)
                self.assertEqual(tls_certificate(FX.ports[key]), pem_to_der(FX.appliance_cert))

    def test_mail_balancing_spreads_new_clients(self):
        seen = {dl.line_exchange(FX.ports["imap"])[0].split()[2] for _ in range(10)}
        self.assertGreaterEqual(len(seen), 2, seen)


def tls_certificate(port):
    raw = socket.create_connection((dl.VIP, port), timeout=5)
    with dl.tls_context().wrap_socket(raw, server_hostname=dl.HOST_NAME) as s:
        return s.getpeercert(binary_form=True)


def connects(port):
    try:
        socket.create_connection((dl.VIP, port), timeout=2).close()
        return True
    except OSError:
        return False


class ZModes(unittest.TestCase):
    """Changes of mode, through the agent's change path (last, and each puts
    the module's configuration back)."""

    def setUp(self):
        self.original = copy.deepcopy(FX.config)

    def tearDown(self):
        self.assertIn("applied", FX.apply(self.original))
        FX.wait_all_up()

    def test_1_every_mail_mode(self):
        modes = {
            "MAIL_MODE_CLEAR": (True, None),
            "MAIL_MODE_SSL_FORWARD": (False, "forward"),
            "MAIL_MODE_SSL_OFFLOAD": (False, "offload"),
            "MAIL_MODE_CLEAR_AND_SSL_FORWARD": (True, "forward"),
            "MAIL_MODE_CLEAR_AND_SSL_OFFLOAD": (True, "offload"),
            "MAIL_MODE_DISABLED": (False, None),
        }
        for mode, (clear, tls) in modes.items():
            cfg = copy.deepcopy(FX.config)
            for area in ("imap", "pop3", "smtp"):
                cfg[area]["mode"] = mode
            out = FX.apply(cfg)
            self.assertIn("applied", out, mode)
            FX.wait_all_up()
            for area, tls_key, prefix in (("imap", "imaps", "* OK "), ("pop3", "pop3s", "+OK "),
                                          ("smtp", "smtps", "220 ")):
                with self.subTest(mode=mode, area=area):
                    if clear:
                        self.assertTrue(dl.line_exchange(FX.ports[area])[0].startswith(prefix))
                    else:
                        self.assertFalse(connects(FX.ports[area]))
                    if tls is None:
                        self.assertFalse(connects(FX.ports[tls_key]))
                        continue
                    greeting, _ = dl.line_exchange(FX.ports[tls_key], tls=True)
                    self.assertTrue(greeting.startswith(prefix), greeting)
                    expected = FX.appliance_cert if tls == "offload" else FX.cert
                    self.assertEqual(tls_certificate(FX.ports[tls_key]), pem_to_der(expected))

    def test_2_http_ssl_forward_passes_tls_to_the_cas(self):
        cfg = copy.deepcopy(FX.config)
        cfg["http"]["mode"] = "HTTP_MODE_SSL_FORWARD"
        self.assertIn("applied", FX.apply(cfg))
        FX.wait_all_up()
        status, headers, _, der = FX.https("/owa/x", source=source(200))
        self.assertEqual(status, 200)
        self.assertEqual(headers.get("x-exlb-scheme"), "https")  # TLS reached the CAS
        self.assertEqual(der, pem_to_der(FX.cert))
        # Stickiness by client address.
        got = {backend_of(FX.https("/ews/x", source=source(201))) for _ in range(4)}
        self.assertEqual(len(got), 1, got)
        status, headers, _, _ = dl.http_request(FX.ports["redirect"], "/owa/")
        self.assertIn(status, (301, 302, 303, 307, 308))


if __name__ == "__main__":
    unittest.main(verbosity=2)
