#!/usr/bin/env python3
"""The Services tab and the configuration backups over real TLS against the
real ApiServer (exlb-api-test-server: a fake appliance and a fake HAProxy
engine, so the routes' contract is tested without engines; the real engine
is tested by tests/integration/test_services_engine.py).

Services: the guide's four rows, start/stop/restart/reload answered and
audited, what each row refuses and why, startup modes kept in the running
configuration, the read-only operator refused.
Backups: export, then a table of bad imports (wrong passphrase, tampered,
truncated, other format version, not a backup) that each change nothing, then
a real restore of a deleted certificate and a changed configuration.
Python 3 standard library only."""
import argparse
import base64
import hashlib
import os
import shutil
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_client as api  # noqa: E402

SERVER_BINARY = None
PASSPHRASE = "backup-Passphrase-7"


def snapshot(folder):
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return out


class ServicesApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="exlb-services-")
        cls.server = api.Server(SERVER_BINARY, "--system-root", cls.work)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def call(self, method, path, body=None, token=None):
        return api.request(self.server, method, path, body, token=token or api.admin_token(self.server))

    def rows(self):
        reply = self.call("GET", "/api/v1/services")
        self.assertEqual(reply.status, 200, reply.body)
        return {r["name"]: r for r in reply.json()["services"]}

    def test_rows_are_the_guides_four_services(self):
        reply = self.call("GET", "/api/v1/services")
        names = [r["name"] for r in reply.json()["services"]]
        self.assertEqual(names, ["system", "vrrp", "haproxy", "tls"])
        rows = self.rows()
        self.assertEqual(rows["system"]["status"], "SERVICE_RUN_STATE_OK")
        self.assertGreater(int(rows["system"]["pid"]), 0)
        self.assertEqual(rows["system"]["startup"], "STARTUP_MODE_AUTO")
        self.assertEqual(rows["vrrp"]["status"], "SERVICE_RUN_STATE_NOT_USED")
        self.assertIn("high availability is off", rows["vrrp"]["detail"])
        self.assertEqual(rows["haproxy"]["status"], "SERVICE_RUN_STATE_OK")
        self.assertEqual(rows["haproxy"]["actions"], ["start", "stop", "restart", "reload"])
        self.assertIn("stops all traffic", rows["haproxy"]["warning"])
        self.assertEqual(rows["tls"]["guide_name"], "stunnel")
        self.assertEqual(rows["tls"]["status"], "SERVICE_RUN_STATE_PROVIDED")
        self.assertEqual(rows["tls"]["detail"], "tls: provided by haproxy")
        self.assertEqual(rows["tls"].get("actions", []), [])
        self.assertEqual(rows["system"].get("actions", []), [])

    def test_stop_start_restart_reload_haproxy(self):
        stopped = self.call("POST", "/api/v1/services/haproxy/stop")
        self.assertEqual(stopped.status, 200, stopped.body)
        self.assertIn("stops all traffic", stopped.json()["message"])
        self.assertEqual(stopped.json()["service"]["status"], "SERVICE_RUN_STATE_NOK")
        self.assertEqual(self.rows()["haproxy"]["status"], "SERVICE_RUN_STATE_NOK")
        self.assertEqual(self.rows()["tls"]["status"], "SERVICE_RUN_STATE_NOK")
        refused = self.call("POST", "/api/v1/services/haproxy/reload")
        self.assertEqual(refused.status, 503, refused.body)
        self.assertIn("not running", refused.json()["message"])
        started = self.call("POST", "/api/v1/services/haproxy/start")
        self.assertEqual(started.status, 200, started.body)
        self.assertEqual(started.json()["service"]["status"], "SERVICE_RUN_STATE_OK")
        pid = int(self.rows()["haproxy"]["pid"])
        restarted = self.call("POST", "/api/v1/services/haproxy/restart")
        self.assertEqual(restarted.status, 200, restarted.body)
        self.assertNotEqual(int(restarted.json()["service"]["pid"]), pid)
        self.assertEqual(self.call("POST", "/api/v1/services/haproxy/reload").status, 200)
        audit = self.call("GET", "/api/v1/audit").body.decode()
        for action in ("service.stop", "service.start", "service.restart", "service.reload"):
            self.assertIn(action, audit)

    def test_rows_refuse_what_they_cannot_do(self):
        table = [
            ("POST", "/api/v1/services/system/stop", 409, "cannot be stopped"),
            ("POST", "/api/v1/services/system/restart", 409, "firmware/reboot"),
            ("POST", "/api/v1/services/tls/restart", 409, "haproxy"),
            ("POST", "/api/v1/services/vrrp/start", 409, "high availability is off"),
            ("POST", "/api/v1/services/stunnel9/start", 404, "no service"),
            ("POST", "/api/v1/services/haproxy/kill", 404, ""),
            ("GET", "/api/v1/services/haproxy/stop", 405, ""),
        ]
        for method, path, status, says in table:
            with self.subTest(path):
                reply = self.call(method, path)
                self.assertEqual(reply.status, status, reply.body)
                self.assertIn(says, reply.json()["message"])
        self.assertEqual(self.rows()["haproxy"]["status"], "SERVICE_RUN_STATE_OK")
        self.assertEqual(api.request(self.server, "GET", "/api/v1/services").status, 401)

    def test_startup_mode_is_configuration(self):
        changed = self.call("PUT", "/api/v1/services/haproxy/startup", {"startup": "STARTUP_MODE_MANUAL"})
        self.assertEqual(changed.status, 200, changed.body)
        self.assertEqual(changed.json()["service"]["startup"], "STARTUP_MODE_MANUAL")
        self.assertIn("save", changed.json()["message"])
        running = self.call("GET", "/api/v1/config/running").json()["config"]
        self.assertEqual(running["services"]["haproxy"], "STARTUP_MODE_MANUAL")
        self.assertEqual(self.rows()["haproxy"]["startup"], "STARTUP_MODE_MANUAL")
        self.assertIn("service.startup", self.call("GET", "/api/v1/audit").body.decode())
        for path, body, status in (
                ("/api/v1/services/system/startup", {"startup": "STARTUP_MODE_MANUAL"}, 422),
                ("/api/v1/services/tls/startup", {"startup": "STARTUP_MODE_MANUAL"}, 422),
                ("/api/v1/services/haproxy/startup", {"startup": "STARTUP_MODE_UNSPECIFIED"}, 422),
                ("/api/v1/services/haproxy/startup", {"startup": "sometimes"}, 400)):
            with self.subTest(path=path, body=body):
                reply = self.call("PUT", path, body)
                self.assertEqual(reply.status, status, reply.body)
        back = self.call("PUT", "/api/v1/services/haproxy/startup", {"startup": "STARTUP_MODE_AUTO"})
        self.assertEqual(back.status, 200, back.body)
        vrrp = self.call("PUT", "/api/v1/services/vrrp/startup", {"startup": "STARTUP_MODE_MANUAL"})
        self.assertEqual(vrrp.status, 200, vrrp.body)
        self.assertEqual(self.call("GET", "/api/v1/config/running").json()["config"]["services"]["vrrp"],
                         "STARTUP_MODE_MANUAL")

    def test_operator_cannot_drive_services_or_backups(self):
        tok = api.admin_token(self.server)
        made = self.call("POST", "/api/v1/accounts",
                         {"username": "svcops", "password": "Operator-Pass-1", "role": "ROLE_OPERATOR"}, tok)
        self.assertEqual(made.status, 201, made.body)
        first = api.login(self.server, "svcops", "Operator-Pass-1").json()["token"]
        ops = api.request(self.server, "POST", "/api/v1/password",
                          {"current_password": "Operator-Pass-1", "new_password": "Operator-Pass-2"},
                          token=first).json()["token"]
        self.assertEqual(self.call("GET", "/api/v1/services", token=ops).status, 200)
        for method, path, body in (("POST", "/api/v1/services/haproxy/stop", None),
                                   ("PUT", "/api/v1/services/haproxy/startup", {"startup": "STARTUP_MODE_MANUAL"}),
                                   ("POST", "/api/v1/setup/backup/export", {"passphrase": PASSPHRASE})):
            reply = self.call(method, path, body, ops)
            self.assertEqual(reply.status, 403, path)
        self.assertEqual(self.rows()["haproxy"]["status"], "SERVICE_RUN_STATE_OK")


class BackupApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="exlb-backup-")
        cls.server = api.Server(SERVER_BINARY, "--system-root", cls.work)
        cls.certs = os.path.join(cls.server.data_dir, "certs")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.work, ignore_errors=True)

    def call(self, method, path, body=None):
        return api.request(self.server, method, path, body, token=api.admin_token(self.server))

    def export(self):
        reply = self.call("POST", "/api/v1/setup/backup/export", {"passphrase": PASSPHRASE})
        self.assertEqual(reply.status, 200, reply.body)
        return reply.json()

    def import_(self, data, passphrase=PASSPHRASE):
        return self.call("POST", "/api/v1/setup/backup/import",
                         {"backup": base64.b64encode(data).decode(), "passphrase": passphrase})

    def state(self):
        running = self.call("GET", "/api/v1/config/running").json()
        return snapshot(self.server.data_dir + "/certs"), running["etag"]

    def test_export_holds_no_readable_key(self):
        made = self.call("POST", "/api/v1/certificates/self-signed",
                         {"id": "mail", "host_name": "mail.example.test"})
        self.assertEqual(made.status, 201, made.body)
        out = self.export()
        data = base64.b64decode(out["backup"])
        self.assertTrue(data.startswith(b"EXLBBAK\0"))
        self.assertNotIn(b"PRIVATE KEY", data)
        self.assertNotIn(b"BEGIN CERTIFICATE", data)
        self.assertGreaterEqual(int(out["certificates"]), 2)
        self.assertTrue(out["file_name"].endswith(".exlbbak"))
        short = self.call("POST", "/api/v1/setup/backup/export", {"passphrase": "short"})
        self.assertEqual(short.status, 422, short.body)
        self.assertEqual(short.json()["field_violations"][0]["path"], "passphrase")

    def test_bad_imports_change_nothing_and_a_good_one_restores(self):
        made = self.call("POST", "/api/v1/certificates/self-signed",
                         {"id": "owa", "host_name": "owa.example.test"})
        self.assertEqual(made.status, 201, made.body)
        saved = self.call("POST", "/api/v1/config/save")
        self.assertEqual(saved.status, 200, saved.body)
        good = base64.b64decode(self.export()["backup"])
        tampered = bytearray(good)
        tampered[len(good) // 2] ^= 0x01
        other_version = bytearray(good)
        other_version[8:10] = struct.pack(">H", 2)
        header_changed = bytearray(good)
        header_changed[20] ^= 0x80  # a salt byte: authenticated as part of the header
        table = [
            ("wrong passphrase", good, "not-the-passphrase", "wrong passphrase"),
            ("tampered", bytes(tampered), PASSPHRASE, "altered"),
            ("header changed", bytes(header_changed), PASSPHRASE, "altered"),
            ("truncated", good[: len(good) - 40], PASSPHRASE, "truncated"),
            ("extended", good + b"\0", PASSPHRASE, "extra bytes"),
            ("other version", bytes(other_version), PASSPHRASE, "format version 2"),
            ("not a backup", b"PK\x03\x04 a zip file", PASSPHRASE, "not an exlb backup"),
            ("empty", b"", PASSPHRASE, "not an exlb backup"),
        ]
        before = self.state()
        for label, data, passphrase, says in table:
            with self.subTest(label):
                reply = self.import_(data, passphrase)
                self.assertEqual(reply.status, 422, reply.body)
                self.assertEqual(reply.json()["code"], "invalid-backup")
                self.assertIn(says, reply.json()["message"])
                self.assertEqual(self.state(), before)
        # Lose a certificate and change the configuration, then restore.
        config = self.call("GET", "/api/v1/config/running").json()
        config["config"]["network"]["hostname"] = "changed-after-backup"
        put = api.request(self.server, "PUT", "/api/v1/config/running", {"config": config["config"]},
                          token=api.admin_token(self.server), headers={"If-Match": '"' + config["etag"] + '"'})
        self.assertEqual(put.status, 200, put.body)
        self.assertEqual(self.call("DELETE", "/api/v1/certificates/owa").status, 200)
        restored = self.import_(good)
        self.assertEqual(restored.status, 200, restored.body)
        self.assertIn("owa", restored.json()["certificates"])
        self.assertTrue(os.path.exists(os.path.join(self.certs, "owa.pem")))
        self.assertEqual(os.stat(os.path.join(self.certs, "owa.pem")).st_mode & 0o777, 0o600)
        running = self.call("GET", "/api/v1/config/running").json()["config"]
        self.assertNotEqual(running["network"]["hostname"], "changed-after-backup")
        listed = [c["id"] for c in self.call("GET", "/api/v1/certificates").json()["certificates"]]
        self.assertIn("owa", listed)
        self.assertIn("backup.import", self.call("GET", "/api/v1/audit").body.decode())


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    args, rest = parser.parse_known_args()
    SERVER_BINARY = args.server
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
