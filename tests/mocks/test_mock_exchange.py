#!/usr/bin/env python3
"""Self-test of the mock Exchange servers: every protocol answers with the
server's identity, HTTP answers the health checks like a CAS, faults switch
on and off at run time, and the lab starts one process per server."""

import http.client
import os
import shutil
import socket
import ssl
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab  # noqa: E402

ADDRESS = "127.0.0.9"
ALL_KINDS = ("http", "https", "imap", "imaps", "pop3", "pop3s", "smtp", "smtps", "tcp")


def client_tls():
    ctx = ssl.create_default_context(cafile=CERT)
    ctx.check_hostname = False  # the mock's certificate names mail.exlb.test, we dial an IP
    return ctx


def connect(kind, port, timeout=10):
    sock = socket.create_connection((ADDRESS, port), timeout=timeout)
    if kind in ("https", "imaps", "pop3s", "smtps"):
        sock = client_tls().wrap_socket(sock)
    return sock


def converse(kind, port, lines):
    """Sends each line after reading the previous answer; returns all text read."""
    with connect(kind, port) as sock:
        f = sock.makefile("rwb")
        text = f.readline().decode()
        for line in lines:
            f.write(line.encode() + b"\r\n")
            f.flush()
            text += f.readline().decode()
            while text.splitlines()[-1][3:4] == "-":  # SMTP multi-line reply
                text += f.readline().decode()
        return text


class HttpClient:
    def __init__(self, kind, port):
        if kind == "https":
            self.conn = http.client.HTTPSConnection(ADDRESS, port, timeout=10, context=client_tls())
        else:
            self.conn = http.client.HTTPConnection(ADDRESS, port, timeout=10)

    def get(self, path, headers=None):
        self.conn.request("GET", path, headers=headers or {})
        r = self.conn.getresponse()
        return r.status, dict(r.getheaders()), r.read().decode()

    def close(self):
        self.conn.close()


def get(kind, port, path, headers=None):
    c = HttpClient(kind, port)
    try:
        return c.get(path, headers)
    finally:
        c.close()


class MockExchangeTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.mock = lab.start_mock("cas9", ADDRESS, {k: [0] for k in ALL_KINDS} | {"tcp": [0, 0]},
                                  CERT, KEY)
        cls.mock2010 = lab.start_mock("cas2010", ADDRESS, {"http": [0]}, exchange="2010")

    @classmethod
    def tearDownClass(cls):
        cls.mock.stop()
        cls.mock2010.stop()

    def tearDown(self):
        self.mock.reset()

    def port(self, kind, index=0):
        return self.mock.port(kind, index)

    def test_http_and_https_identify_the_server_and_echo_what_they_saw(self):
        for kind in ("http", "https"):
            status, headers, body = get(kind, self.port(kind), "/owa/some/Page.aspx?x=1",
                                        {"Host": "mail.example.com", "X-Forwarded-For": "192.0.2.7",
                                         "X-Forwarded-Proto": "https"})
            self.assertEqual(status, 200)
            self.assertEqual(body, "cas9 /owa/some/Page.aspx\n")
            self.assertEqual(headers["X-Exlb-Backend"], "cas9")
            self.assertEqual(headers["X-Exlb-Scheme"], kind)
            self.assertEqual(headers["X-Exlb-Request-Line"], "GET /owa/some/Page.aspx?x=1 HTTP/1.1")
            self.assertEqual(headers["X-Exlb-Host"], "mail.example.com")
            self.assertEqual(headers["X-Exlb-Seen-x-forwarded-for"], "192.0.2.7")
            self.assertEqual(headers["X-Exlb-Seen-x-forwarded-proto"], "https")

    def test_exchange_2010_health_check_answers(self):
        expected = {
            "/owa/auth/logon.aspx": 200, "/ecp/": 302, "/oab/": 401,
            "/autodiscover/autodiscover.xml": 401, "/EWS/Exchange.asmx": 401,
            "/Microsoft-Server-ActiveSync": 401, "/rpc/rpcproxy.dll": 401, "/powershell": 401,
            "/owa/healthcheck.htm": 404, "/": 302, "/nothing-here": 404,
        }
        port = self.mock2010.port("http")
        for path, status in expected.items():
            got, headers, _ = get("http", port, path)
            self.assertEqual(got, status, path)
            self.assertEqual(headers["X-Exlb-Backend"], "cas2010", path)
        _, headers, _ = get("http", port, "/ecp/")
        self.assertTrue(headers["Location"].startswith("/owa/auth/logon.aspx"))

    def test_exchange_2013_health_checks_case_insensitive(self):
        for vdir in ("owa", "ecp", "oab", "autodiscover", "ews", "Microsoft-Server-ActiveSync",
                     "rpc", "OWA", "EWS"):
            status, _, body = get("http", self.port("http"), f"/{vdir}/HealthCheck.htm")
            self.assertEqual(status, 200, vdir)
            self.assertIn("cas9", body)
        # 2013 still answers the 2010 checks the same way.
        self.assertEqual(get("http", self.port("http"), "/OWA/auth/LOGON.aspx")[0], 200)
        self.assertEqual(get("http", self.port("http"), "/ews/exchange.asmx")[0], 401)

    def test_keep_alive_serves_several_requests_on_one_connection(self):
        c = HttpClient("http", self.port("http"))
        try:
            for n in (1, 2, 3):
                status, headers, _ = c.get("/ews/x")
                self.assertEqual(status, 200)
                self.assertEqual(headers["X-Exlb-Connection-Requests"], str(n))
        finally:
            c.close()

    def test_pipelined_requests_and_bodies_are_answered_in_order(self):
        with socket.create_connection((ADDRESS, self.port("http")), timeout=10) as sock:
            sock.sendall(b"POST /ews/a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                         b"POST /ews/b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                         b"3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n"
                         b"HEAD /ews/c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        text = data.decode()
        self.assertEqual(text.count("HTTP/1.1 200 OK"), 3, text)
        self.assertLess(text.index("cas9 /ews/a"), text.index("cas9 /ews/b"))
        self.assertIn("X-Exlb-Body-Bytes: 5", text)
        self.assertIn("X-Exlb-Body-Bytes: 7", text)
        self.assertNotIn("cas9 /ews/c", text)  # HEAD: headers only
        self.assertIn("X-Exlb-Request-Line: HEAD /ews/c HTTP/1.1", text)

    def test_mail_protocols_greet_with_the_identity(self):
        for kind in ("imap", "imaps"):
            text = converse(kind, self.port(kind), ["a1 CAPABILITY", "a2 LOGOUT"])
            self.assertTrue(text.startswith("* OK cas9 IMAP4rev1 ready"), text)
            self.assertIn("a1 OK CAPABILITY", text)
        for kind in ("pop3", "pop3s"):
            text = converse(kind, self.port(kind), ["USER u", "QUIT"])
            self.assertTrue(text.startswith("+OK cas9 POP3 ready"), text)
            self.assertIn("+OK cas9 POP3 signing off", text)
        for kind in ("smtp", "smtps"):
            text = converse(kind, self.port(kind), ["EHLO client.example", "QUIT"])
            self.assertTrue(text.startswith("220 cas9 ESMTP"), text)
            self.assertIn("250-cas9 Hello", text)
            self.assertIn("221 2.0.0 cas9", text)

    def test_tcp_ports_say_who_and_which_port_then_echo(self):
        for index in (0, 1):
            port = self.port("tcp", index)
            with connect("tcp", port) as sock:
                f = sock.makefile("rwb")
                self.assertEqual(f.readline().decode(), f"cas9 {port}\n")
                f.write(b"ping\n")
                f.flush()
                self.assertEqual(f.readline(), b"ping\n")

    def test_one_vdir_fails_its_check_while_the_others_pass(self):
        self.mock.fault("http", "fail", vdir="owa")
        self.assertEqual(get("http", self.port("http"), "/owa/healthcheck.htm")[0], 503)
        self.assertEqual(get("http", self.port("http"), "/owa/auth/logon.aspx")[0], 503)
        self.assertEqual(get("http", self.port("http"), "/ews/healthcheck.htm")[0], 200)
        self.assertEqual(get("https", self.port("https"), "/owa/healthcheck.htm")[0], 200)
        self.mock.fault("http", "ok", vdir="owa")
        self.assertEqual(get("http", self.port("http"), "/owa/healthcheck.htm")[0], 200)

    def test_maintenance_fails_healthcheck_but_serves(self):
        self.mock.fault("https", "maintenance")
        self.assertEqual(get("https", self.port("https"), "/owa/healthcheck.htm")[0], 503)
        self.assertEqual(get("https", self.port("https"), "/owa/")[0], 200)
        self.mock.fault("https", "ok")
        self.assertEqual(get("https", self.port("https"), "/owa/healthcheck.htm")[0], 200)

    def test_fail_makes_every_protocol_refuse_politely(self):
        self.mock.fault("all", "fail")
        self.assertEqual(get("http", self.port("http"), "/owa/auth/logon.aspx")[0], 503)
        self.assertTrue(converse("imap", self.port("imap"), []).startswith("* BYE cas9"))
        self.assertTrue(converse("pop3", self.port("pop3"), []).startswith("-ERR cas9"))
        self.assertTrue(converse("smtp", self.port("smtp"), []).startswith("421 "))
        with connect("tcp", self.port("tcp")) as sock:
            self.assertEqual(sock.recv(100), b"")  # closed without a greeting

    def test_hang_accepts_but_never_answers_then_recovers(self):
        self.mock.fault("http", "hang")
        self.mock.fault("imap", "hang")
        with socket.create_connection((ADDRESS, self.port("http")), timeout=0.5) as sock:
            sock.sendall(b"GET /owa/healthcheck.htm HTTP/1.1\r\nHost: x\r\n\r\n")
            with self.assertRaises(socket.timeout):
                sock.recv(100)
        with socket.create_connection((ADDRESS, self.port("imap")), timeout=0.5) as sock:
            with self.assertRaises(socket.timeout):
                sock.recv(100)
        self.mock.fault("all", "ok")
        self.assertEqual(get("http", self.port("http"), "/owa/healthcheck.htm")[0], 200)

    def test_refuse_closes_the_port_and_recover_reopens_it(self):
        port = self.port("smtp")
        self.mock.fault(f"smtp:{port}", "refuse")
        with self.assertRaises(ConnectionRefusedError):
            socket.create_connection((ADDRESS, port), timeout=5).close()
        self.assertEqual(get("http", self.port("http"), "/owa/")[0], 200)  # others unaffected
        self.mock.fault("smtp", "ok")
        self.assertTrue(converse("smtp", port, ["QUIT"]).startswith("220 cas9"))

    def test_control_rejects_unknown_targets_and_modes(self):
        with self.assertRaises(RuntimeError):
            self.mock.fault("gopher", "fail")
        with self.assertRaises(RuntimeError):
            self.mock.fault("http", "explode")
        state = self.mock.state()
        self.assertTrue(all(s["fault"] == "ok" for s in state["services"]))


class LabTest(unittest.TestCase):
    def test_lab_starts_one_process_per_cas_and_hub(self):
        servers = lab.start_lab(cas=2, hub=1, cert=CERT, key=KEY,
                                cas_ports={"http": [0], "tcp": [0]}, hub_ports={"smtp": [0]})
        try:
            self.assertEqual([s.name for s in servers], ["cas1", "cas2", "hub1"])
            self.assertEqual([s.address for s in servers], ["127.0.0.11", "127.0.0.12", "127.0.0.21"])
            self.assertEqual(len({s.proc.pid for s in servers}), 3)
            for s in servers[:2]:
                status, headers, _ = http_get(s.address, s.port("http"), "/owa/healthcheck.htm")
                self.assertEqual((status, headers["X-Exlb-Backend"]), (200, s.name))
            with socket.create_connection((servers[2].address, servers[2].port("smtp")), 10) as sock:
                self.assertTrue(sock.makefile("rb").readline().startswith(b"220 hub1 ESMTP"))
            servers[0].kill()  # a dead CAS; the other keeps serving
            with self.assertRaises(ConnectionRefusedError):
                socket.create_connection((servers[0].address, servers[0].port("http")), 5).close()
            self.assertEqual(http_get(servers[1].address, servers[1].port("http"), "/owa/")[0], 200)
        finally:
            lab.stop_all(servers)


def http_get(address, port, path):
    conn = http.client.HTTPConnection(address, port, timeout=10)
    try:
        conn.request("GET", path)
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


if __name__ == "__main__":
    CERT_DIR = tempfile.mkdtemp(prefix="exlb-mock-test-")
    try:
        CERT, KEY = lab.make_cert(CERT_DIR)
        unittest.main(verbosity=2)
    finally:
        shutil.rmtree(CERT_DIR, ignore_errors=True)
