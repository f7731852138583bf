#!/usr/bin/env python3
"""The management API over real TLS against the real exlb-agent (with
HAProxy, started by agent_harness.py): login flow, forced password change,
idle and absolute session expiry (the agent's --session-idle and
--session-lifetime options, shortened), throttling, roles, etag conflict,
422 paths, rollback, audit lines, events, TLS and plain-HTTP refusal, and the
management certificate swapped for new connections without a restart."""
import argparse
import hashlib
import os
import socket
import ssl
import sys
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agent_harness as harness  # noqa: E402
import api_client as api  # noqa: E402

AGENT = None


class ApiFlows(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Agent(AGENT).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

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
            self.assertEqual(first["status"]["hostname"], "exlb-test")
            saved = api.request(self.server, "POST", "/api/v1/config/factory-reset", token=tok)
            self.assertEqual(saved.status, 200)
            # The real agent also streams status and apply events: the
            # configuration change is among the next few.
            for _ in range(50):
                change = ws.receive()
                if "config_changed" in change:
                    break
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

    def test_management_certificate_swaps_for_new_connections(self):
        """Assigning another certificate to the management page (and
        replacing it) reaches new TLS connections at once, without a
        restart; a connection opened before keeps working."""
        tok = self.token()
        default_fp = harness.served_fingerprint(self.server.port)
        made = api.request(self.server, "POST", "/api/v1/certificates/self-signed",
                           {"id": "mgmt", "host_name": "lb-admin.example.test"}, token=tok)
        self.assertEqual(made.status, 201, made.body)
        mgmt_fp = made.json()["certificate"]["sha256_fingerprint"].replace(":", "").lower()
        self.assertNotEqual(mgmt_fp, default_fp)
        before = self.server.connect()  # a keep-alive connection on the old identity
        old_peer = hashlib.sha256(before.getpeercert(binary_form=True)).hexdigest()
        self.assertEqual(old_peer, default_fp)
        agent_pid = self.server.pid
        try:
            got = api.request(self.server, "GET", "/api/v1/config/running", token=tok).json()
            config = got["config"]
            config["management"]["certificate"] = "mgmt"
            put = api.request(self.server, "PUT", "/api/v1/config/running", {"config": config}, token=tok,
                              headers={"If-Match": '"' + got["etag"] + '"'})
            self.assertEqual(put.status, 200, put.body)
            self.server.verify = False  # the page's identity is no longer the CA file's
            self.assertEqual(harness.served_fingerprint(self.server.port), mgmt_fp)
            # The connection opened before still works, on its old identity.
            before.sendall(b"GET /api/v1/whoami HTTP/1.1\r\nHost: localhost\r\n"
                           b"Authorization: Bearer " + tok.encode() + b"\r\n\r\n")
            self.assertEqual(api.read_response(before).status, 200)
            self.assertEqual(hashlib.sha256(before.getpeercert(binary_form=True)).hexdigest(), default_fp)
            # Replacing the assigned certificate reaches new connections too.
            again = api.request(self.server, "POST", "/api/v1/certificates/self-signed",
                                {"id": "mgmt", "host_name": "lb-admin.example.test", "replace": True},
                                token=tok)
            self.assertEqual(again.status, 200, again.body)
            self.assertIn("new connections", again.json()["message"])
            newest = again.json()["certificate"]["sha256_fingerprint"].replace(":", "").lower()
            self.assertEqual(harness.served_fingerprint(self.server.port), newest)
            self.assertEqual(self.server.pid, agent_pid, "the agent must not restart")
        finally:
            before.close()
            got = api.request(self.server, "GET", "/api/v1/config/running", token=tok).json()
            config = got["config"]
            config["management"]["certificate"] = "default"
            back = api.request(self.server, "PUT", "/api/v1/config/running", {"config": config},
                               token=tok, headers={"If-Match": "*"})
            self.server.verify = True
        self.assertEqual(back.status, 200, back.body)
        self.assertEqual(harness.served_fingerprint(self.server.port), default_fp)

    def test_unusable_management_certificate_keeps_the_current_one(self):
        """A certificate id that names no stored certificate is refused by
        nothing else (the page is not HAProxy's): the page keeps serving its
        current identity instead of locking the administrator out."""
        tok = self.token()
        before = harness.served_fingerprint(self.server.port)
        got = api.request(self.server, "GET", "/api/v1/config/running", token=tok).json()
        config = got["config"]
        config["management"]["certificate"] = "nothing-stored-here"
        put = api.request(self.server, "PUT", "/api/v1/config/running", {"config": config}, token=tok,
                          headers={"If-Match": "*"})
        try:
            self.assertEqual(harness.served_fingerprint(self.server.port), before)
            self.assertEqual(api.request(self.server, "GET", "/api/v1/whoami", token=tok).status, 200)
        finally:
            if put.status == 200:
                config["management"]["certificate"] = "default"
                api.request(self.server, "PUT", "/api/v1/config/running", {"config": config}, token=tok,
                            headers={"If-Match": "*"})


class ApiSessions(unittest.TestCase):
    """A fresh agent whose sessions end after 3 s unused and 8 s in any case
    (--session-idle 3 --session-lifetime 8; the appliance's defaults are
    30 minutes and 12 hours)."""

    @classmethod
    def setUpClass(cls):
        cls.server = harness.Agent(AGENT, ["--session-idle", "3", "--session-lifetime", "8"]).start()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def test_1_login_flow_with_forced_password_change(self):
        server = self.server
        first = api.login(server, "admin", "admin")
        self.assertEqual(first.status, 200)
        self.assertTrue(first.json()["must_change_password"])
        self.assertEqual(first.json()["idle_timeout_seconds"], "3")
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
        status = api.request(server, "GET", "/api/v1/status", token=new)
        self.assertEqual(status.status, 200)
        # A standalone appliance shares its stick tables with nobody.
        self.assertEqual(status.json()["stick_replication"], "STICK_REPLICATION_NONE")
        self.assertEqual(api.login(server, "admin", "admin").status, 401)
        mode = os.stat(os.path.join(server.data_dir, "accounts.json")).st_mode & 0o777
        self.assertEqual(mode, 0o600)
        with open(os.path.join(server.data_dir, "accounts.json")) as f:
            self.assertNotIn("Correct-Horse-9", f.read())
        server._admin_password_changed = True

    def test_2_idle_sessions_expire(self):
        tok = api.login(self.server, "admin", "Correct-Horse-9").json()["token"]
        self.assertEqual(api.request(self.server, "GET", "/api/v1/whoami", token=tok).status, 200)
        time.sleep(4.5)  # longer than --session-idle 3
        reply = api.request(self.server, "GET", "/api/v1/whoami", token=tok)
        self.assertEqual(reply.status, 401)
        self.assertEqual(reply.json()["code"], "unauthenticated")

    def test_3_sessions_in_use_still_end_at_their_lifetime(self):
        login = api.login(self.server, "admin", "Correct-Horse-9").json()
        tok = login["token"]
        expires = int(login["expire_unix_ms"]) / 1000
        statuses = []
        # Used every second (well within the idle timeout) for up to 16 s:
        # the session must end, at its absolute lifetime, all the same.
        for _ in range(16):
            status = api.request(self.server, "GET", "/api/v1/whoami", token=tok).status
            statuses.append((time.time(), status))
            if status == 401:
                break
            time.sleep(1)
        self.assertEqual(statuses[0][1], 200)
        self.assertEqual(statuses[-1][1], 401, statuses)
        # It ended at its lifetime, not from being idle: every answer before
        # the expiry time the login announced was 200.
        self.assertTrue(all(s == 200 for t, s in statuses if t < expires - 1), statuses)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    args, rest = parser.parse_known_args()
    AGENT = args.agent
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
