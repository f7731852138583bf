#!/usr/bin/env python3
"""The management API over real TLS: login flow, forced password change,
expiry, throttling, roles, etag conflict, 422 paths, rollback, audit lines,
events, TLS and plain-HTTP refusal."""
import argparse
import os
import socket
import ssl
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_client as api  # noqa: E402

SERVER_BINARY = None


class ApiFlows(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = api.Server(SERVER_BINARY, "--idle", "2")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def token(self):
        return api.admin_token(self.server)

    def test_plain_http_is_refused_not_served(self):
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as sock:
            sock.sendall(b"GET /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\n")
            reply = api.read_response(sock)
        self.assertEqual(reply.status, 400)
        self.assertIn(b"HTTPS only", reply.body)

    def test_old_tls_versions_are_refused(self):
        ctx = self.server.tls_context()
        ctx.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
        ctx.maximum_version = ssl.TLSVersion.TLSv1_1
        try:
            ctx.set_ciphers("ALL:@SECLEVEL=0")
        except ssl.SSLError:
            pass
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as raw:
            with self.assertRaises((ssl.SSLError, ConnectionError)):
                ctx.wrap_socket(raw, server_hostname="localhost")

    def test_tls13_and_tls12_work(self):
        for version in (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3):
            ctx = self.server.tls_context()
            ctx.minimum_version = ctx.maximum_version = version
            with socket.create_connection(("127.0.0.1", self.server.port), timeout=10) as raw:
                with ctx.wrap_socket(raw, server_hostname="localhost") as sock:
                    self.assertEqual(sock.version(), {ssl.TLSVersion.TLSv1_2: "TLSv1.2",
                                                      ssl.TLSVersion.TLSv1_3: "TLSv1.3"}[version])

    def test_login_flow_with_forced_password_change(self):
        server = api.Server(SERVER_BINARY)
        try:
            first = api.login(server, "admin", "admin")
            self.assertEqual(first.status, 200)
            self.assertTrue(first.json()["must_change_password"])
            tok = first.json()["token"]
            refused = api.request(server, "GET", "/api/v1/status", token=tok)
            self.assertEqual(refused.status, 403)
            self.assertEqual(refused.json()["code"], "password-change-required")
            changed = api.request(server, "POST", "/api/v1/password",
                                  {"current_password": "admin", "new_password": "Correct-Horse-9"},
                                  token=tok)
            self.assertEqual(changed.status, 200)
            self.assertEqual(api.request(server, "GET", "/api/v1/whoami", token=tok).status, 401)
            new = changed.json()["token"]
            self.assertEqual(api.request(server, "GET", "/api/v1/status", token=new).status, 200)
            self.assertEqual(api.login(server, "admin", "admin").status, 401)
            mode = os.stat(os.path.join(server.data_dir, "accounts.json")).st_mode & 0o777
            self.assertEqual(mode, 0o600)
            with open(os.path.join(server.data_dir, "accounts.json")) as f:
                self.assertNotIn("Correct-Horse-9", f.read())
        finally:
            server.stop()

    def test_idle_sessions_expire(self):
        tok = self.token()
        self.assertEqual(api.request(self.server, "GET", "/api/v1/whoami", token=tok).status, 200)
        time.sleep(3)  # the server runs with --idle 2
        self.assertEqual(api.request(self.server, "GET", "/api/v1/whoami", token=tok).status, 401)

    def test_failed_logins_are_throttled(self):
        source = "127.0.0.5"
        statuses = [api.login(self.server, "nobody", "guess", source=source).status for _ in range(6)]
        self.assertEqual(statuses[:5], [401] * 5)
        self.assertEqual(statuses[5], 429)
        reply = api.login(self.server, "nobody", "guess", source=source)
        self.assertEqual(reply.status, 429)
        self.assertGreater(int(reply.header("Retry-After")), 0)
        self.assertEqual(reply.json()["code"], "too-many-attempts")

    def test_operator_reads_but_cannot_write(self):
        tok = self.token()
        made = api.request(self.server, "POST", "/api/v1/accounts",
                           {"username": "ops1", "password": "Operator-Pass-1", "role": "ROLE_OPERATOR"},
                           token=tok)
        self.assertEqual(made.status, 201, made.body)
        first = api.login(self.server, "ops1", "Operator-Pass-1").json()["token"]
        ops = api.request(self.server, "POST", "/api/v1/password",
                          {"current_password": "Operator-Pass-1", "new_password": "Operator-Pass-2"},
                          token=first).json()["token"]
        self.assertEqual(api.request(self.server, "GET", "/api/v1/config/running", token=ops).status, 200)
        for method, path in (("POST", "/api/v1/config/save"), ("POST", "/api/v1/config/factory-reset"),
                             ("PUT", "/api/v1/config/running"), ("POST", "/api/v1/servers/cas1/drain")):
            reply = api.request(self.server, method, path, body={}, token=ops, headers={"If-Match": "*"})
            self.assertEqual(reply.status, 403, path)
            self.assertEqual(reply.json()["code"], "read-only")

    def test_etag_conflict_422_paths_rollback_and_audit(self):
        tok = self.token()
        got = api.request(self.server, "GET", "/api/v1/config/running", token=tok)
        self.assertEqual(got.status, 200)
        etag = got.header("ETag")
        config = got.json()["config"]
        self.assertEqual(etag, '"' + got.json()["etag"] + '"')
        self.assertEqual(api.request(self.server, "POST", "/api/v1/config/save", token=tok).status, 200)

        config["network"]["hostname"] = "lb-flows"
        ok = api.request(self.server, "PUT", "/api/v1/config/running", {"config": config},
                         token=tok, headers={"If-Match": etag})
        self.assertEqual(ok.status, 200, ok.body)
        stale = api.request(self.server, "PUT", "/api/v1/config/running", {"config": config},
                            token=tok, headers={"If-Match": etag})
        self.assertEqual(stale.status, 409)
        self.assertEqual(stale.json()["code"], "etag-mismatch")

        bad = dict(config, cas_servers=[{"address": "300.1.1.1", "name": "cas1",
                                         "admin_state": "SERVER_ADMIN_STATE_READY"}])
        bad["network"] = dict(config["network"], netmask="255.0.255.0")
        invalid = api.request(self.server, "PUT", "/api/v1/config/running", {"config": bad},
                              token=tok, headers={"If-Match": "*"})
        self.assertEqual(invalid.status, 422)
        paths = {v["path"] for v in invalid.json()["field_violations"]}
        self.assertIn("cas_servers[0].address", paths)
        self.assertIn("network.netmask", paths)

        versions = api.request(self.server, "GET", "/api/v1/config/versions", token=tok).json()["versions"]
        self.assertTrue(versions)
        back = api.request(self.server, "POST", "/api/v1/config/rollback",
                           {"version_id": versions[0]["id"]}, token=tok)
        self.assertEqual(back.status, 200, back.body)
        now = api.request(self.server, "GET", "/api/v1/config/running", token=tok).json()
        self.assertNotEqual(now["config"]["network"]["hostname"], "lb-flows")

        audit = api.request(self.server, "GET", "/api/v1/audit?limit=50", token=tok).json()["entries"]
        actions = [e["action"] for e in audit]
        self.assertIn("config.replace", actions)
        self.assertIn("config.rollback", actions)
        replace = [e for e in audit if e["action"] == "config.replace" and "result=ok" in e["detail"]][0]
        self.assertEqual(replace["user"], "admin")
        self.assertEqual(replace["address"], "127.0.0.1")
        self.assertIn("areas=network", replace["detail"])
        with open(os.path.join(self.server.data_dir, "audit.log")) as f:
            self.assertIn("action=config.rollback", f.read())

    def test_events_stream_snapshot_then_changes(self):
        tok = self.token()
        refused = api.WebSocket(self.server)
        self.assertEqual(refused.status, 401)
        refused.sock.close()
        ws = api.WebSocket(self.server, subprotocols="exlb.v1, bearer." + tok)
        try:
            self.assertTrue(ws.accepted, ws.head)
            self.assertIn("exlb.v1", ws.head)
            first = ws.receive()
            self.assertIn("status", first)
            self.assertEqual(first["status"]["hostname"], "fake-node")
            saved = api.request(self.server, "POST", "/api/v1/config/factory-reset", token=tok)
            self.assertEqual(saved.status, 200)
            change = ws.receive()
            self.assertEqual(change["config_changed"]["actor"], "admin")
        finally:
            ws.close()

    def test_security_headers_on_page_and_api(self):
        page = api.request(self.server, "GET", "/")
        self.assertEqual(page.status, 200)
        self.assertEqual(page.header("X-Frame-Options"), "DENY")
        self.assertIn("frame-ancestors 'none'", page.header("Content-Security-Policy"))
        self.assertIn("script-src 'self'", page.header("Content-Security-Policy"))
        self.assertEqual(page.header("Access-Control-Allow-Origin"), "")
        err = api.request(self.server, "GET", "/api/v1/status")
        self.assertEqual(err.status, 401)
        self.assertEqual(err.json()["code"], "unauthenticated")
        self.assertEqual(err.header("Cache-Control"), "no-store")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    args, rest = parser.parse_known_args()
    SERVER_BINARY = args.server
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
