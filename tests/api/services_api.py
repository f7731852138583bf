#!/usr/bin/env python3
"""The Services tab and the configuration backups over real TLS against the
real exlb-agent and its HAProxy (agent_harness.py; services_engine.py looks
at the engine's side: listeners, workers, the runtime certificate swap).

Services: the guide's four rows, start/stop/restart/reload answered and
audited, what each row refuses and why, startup modes kept in the running
configuration, the read-only operator refused.
Backups: export, then a table of bad imports (wrong passphrase, tampered,
truncated, other format version, not a backup) that each change nothing, then
a real restore of a deleted certificate and a changed configuration; a key
waiting for its CA's certificate travels in the backup (and the CA's answer
pairs with it after the restore); a restore onto a replacement agent keeps
that agent's own pair identity (docs/setup.md, "What a backup holds").
Python 3 standard library and the openssl tool."""
import argparse
import base64
import os
import struct
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agent_harness as harness  # noqa: E402
import api_client as api  # noqa: E402
from agent_harness import snapshot  # noqa: E402

AGENT = None
PASSPHRASE = "backup-Passphrase-7"


class ServicesApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.Agent(AGENT).start()
        cls.server.wait_for_data_plane()

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

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
        cls.server = harness.Agent(AGENT).start()
        cls.work = cls.server.work
        cls.certs = os.path.join(cls.server.data_dir, "certs")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def call(self, method, path, body=None, server=None):
        server = server or self.server
        return api.request(server, method, path, body, token=api.admin_token(server))

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

    def openssl(self, *argv):
        subprocess.run(["openssl", *argv], check=True, capture_output=True, cwd=self.work)

    def test_a_key_waiting_for_its_certificate_is_restored_and_pairs_with_it(self):
        csr = self.call("POST", "/api/v1/certificates/request",
                        {"id": "casigned", "host_name": "mail.example.test", "country": "FR"})
        self.assertEqual(csr.status, 201, csr.body)
        key_file = os.path.join(self.certs, "casigned.key")
        with open(key_file, "rb") as f:
            key = f.read()
        self.assertEqual(self.call("POST", "/api/v1/config/save").status, 200)  # what a backup restores
        out = self.export()
        self.assertEqual(int(out.get("pending_keys", 0)), 1)
        # The key is lost (a reinstall, a slip): only the backup has it now.
        self.assertEqual(self.call("DELETE", "/api/v1/certificates/casigned").status, 200)
        self.assertFalse(os.path.exists(key_file))
        restored = self.import_(base64.b64decode(out["backup"]))
        self.assertEqual(restored.status, 200, restored.body)
        self.assertEqual(restored.json()["pending_keys"], ["casigned"])
        with open(key_file, "rb") as f:
            self.assertEqual(f.read(), key)
        self.assertEqual(os.stat(key_file).st_mode & 0o777, 0o600)
        # Its request came back with it: the same .csr to download again.
        listed = {c["id"]: c for c in self.call("GET", "/api/v1/certificates").json()["certificates"]}
        self.assertEqual(listed["casigned"]["csr_pem"], csr.json()["csr_pem"])
        self.assertEqual(os.stat(os.path.join(self.certs, "casigned.csr")).st_mode & 0o777, 0o600)
        # The CA answers the request made before the backup: its certificate
        # pairs with the restored key.
        with open(os.path.join(self.work, "req.csr"), "w") as f:
            f.write(csr.json()["csr_pem"])
        self.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                     "-keyout", "ca.key", "-out", "ca.crt", "-days", "730", "-subj", "/CN=Example Test CA")
        self.openssl("x509", "-req", "-in", "req.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                     "-CAcreateserial", "-out", "leaf.crt", "-days", "365", "-copy_extensions", "copy")
        with open(os.path.join(self.work, "leaf.crt"), "rb") as a, open(os.path.join(self.work, "ca.crt"), "rb") as b:
            answer = a.read() + b.read()
        paired = self.call("POST", "/api/v1/certificates",
                           {"id": "casigned", "file": base64.b64encode(answer).decode(), "password": ""})
        self.assertEqual(paired.status, 201, paired.body)
        self.assertEqual(paired.json()["certificate"]["status"], "CERTIFICATE_STATUS_CA_SIGNED")
        self.assertFalse(os.path.exists(key_file), "the key is no longer waiting")
        self.assertEqual(self.call("DELETE", "/api/v1/certificates/casigned").status, 200)

    def test_a_restore_onto_a_replacement_keeps_its_own_pair_identity(self):
        """The use case: one node's backup restored on its replacement
        hardware. Certificates and configuration come back; the pair identity
        is the replacement's own (re-pin it on the peer, docs/setup.md)."""
        made = self.call("POST", "/api/v1/certificates/self-signed",
                         {"id": "ews", "host_name": "ews.example.test"})
        self.assertEqual(made.status, 201, made.body)
        self.assertEqual(self.call("POST", "/api/v1/config/save").status, 200)
        original = self.call("GET", "/api/v1/ha/identity").json()["certificate_sha256"]
        backup = base64.b64decode(self.export()["backup"])
        self.server.stop()  # the old hardware is gone (its addresses are free again)
        replacement = harness.Agent(AGENT).start()
        try:
            own = self.call("GET", "/api/v1/ha/identity", server=replacement).json()["certificate_sha256"]
            self.assertNotEqual(own, original)
            identity_file = os.path.join(replacement.data_dir, "pair-identity.pem")
            before = snapshot(replacement.data_dir + "/certs")
            reply = api.request(replacement, "POST", "/api/v1/setup/backup/import",
                                {"backup": base64.b64encode(backup).decode(), "passphrase": PASSPHRASE},
                                token=api.admin_token(replacement))
            self.assertEqual(reply.status, 200, reply.body)
            self.assertIn("ews", reply.json()["certificates"])
            self.assertNotEqual(snapshot(replacement.data_dir + "/certs"), before)
            after = self.call("GET", "/api/v1/ha/identity", server=replacement).json()["certificate_sha256"]
            self.assertEqual(after, own, "a restore must not bring another node's pair identity")
            if os.path.exists(identity_file):
                self.assertEqual(os.stat(identity_file).st_mode & 0o777, 0o600)
        finally:
            replacement.cleanup()
            self.server.start(with_config=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    args, rest = parser.parse_known_args()
    AGENT = args.agent
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
