#!/usr/bin/env python3
"""Audit coverage (issue 4 item 4) against the real exlb-agent with HAProxy:
every mutating route of the API is performed once, from one client address,
and each must leave exactly one audit line (read back through GET
/api/v1/audit) saying who did it, from which address, what it touched, and,
where the running configuration changes, its old and new version (etag).

Routes covered: login (failed and ok), password, accounts (create, delete),
config (replace, save, rollback, factory reset), servers (drain, maint,
ready), services (stop, start, restart, reload, startup), certificates
(upload, self-signed, request, delete), licenses (add, delete), firmware
(upload, reboot), backups (export, import), pair (apply, sync: refused on a
standalone node, audited all the same), logout. System settings and network
are areas of the configuration: the replace names them.

  api_audit.py --agent build/agent/exlb-agent --vendor build/installer/tools/exlb-vendor
"""
import base64
import os
import re
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agent_harness as harness  # noqa: E402
import api_client as api  # noqa: E402

UUID = "4C4C4544-0042-3510-8052-B4C04F4D3233"
MAC = "52:54:00:12:34:57"
CLIENT = "127.0.0.77"   # every call comes from here: the "from where" of each line
PASSWORD = "Correct-Horse-9"
PASSPHRASE = "audit-Passphrase-7"
FIELD = re.compile(r'(\w+)=("(?:[^"\\]|\\.)*"|\S+)')


def fields_of(detail):
    return {k: v.strip('"') for k, v in FIELD.findall(detail)}


def run(*argv, cwd=None):
    return subprocess.run(list(argv), check=True, capture_output=True, cwd=cwd).stdout


class AuditCoverage(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.agent = harness.appliance(UUID, MAC, data_plane=True)
        cls.token = None
        cls.covered = []

    @classmethod
    def tearDownClass(cls):
        cls.agent.cleanup()

    def audit(self):
        reply = api.request(self.agent, "GET", "/api/v1/audit?limit=1000", token=self.token, source=CLIENT)
        self.assertEqual(reply.status, 200, reply.body)
        return reply.json().get("entries", [])

    def perform(self, action, method, path, body=None, status=200, what=None, versions=False,
                changes=True, user="admin", token="session", headers=None, new_session=False):
        """Makes the call and checks the one audit line it must leave
        (new_session: the answer's token replaces the reader's, revoked by it)."""
        before = len(self.audit())
        tok = self.token if token == "session" else token
        reply = api.request(self.agent, method, path, body, token=tok, headers=headers, source=CLIENT)
        self.assertIsNotNone(reply, f"{method} {path}: no answer")
        self.assertEqual(reply.status, status, f"{method} {path}: {reply.body[:400]!r}")
        if new_session:
            self.token = reply.json()["token"]
        new = self.audit()[before:]
        self.assertEqual([e["action"] for e in new], [action],
                         f"{method} {path} must leave exactly one '{action}' line: {[e['line'] for e in new]}")
        line = new[0]
        self.assertEqual(line["user"], user, line["line"])              # who
        self.assertEqual(line["address"], CLIENT, line["line"])         # from where
        got = fields_of(line["detail"])
        for key, value in (what or {}).items():                         # what
            self.assertIn(key, got, line["line"])
            if callable(value):
                self.assertTrue(value(got[key]), line["line"])
            else:
                self.assertEqual(got[key], value, line["line"])
        if versions:                                                    # old and new version
            self.assertTrue(got.get("old_etag"), line["line"])
            self.assertTrue(got.get("new_etag"), line["line"])
            if changes:
                self.assertNotEqual(got["old_etag"], got["new_etag"], line["line"])
        self.covered.append(f"{method} {path}")
        return reply

    def running(self):
        got = api.request(self.agent, "GET", "/api/v1/config/running", token=self.token, source=CLIENT).json()
        return got["config"], got["etag"]

    def test_every_mutating_route_writes_one_line(self):
        a = self.agent
        # --- authentication and accounts ---------------------------------
        # A session to read the audit log with (the factory first login).
        self.token = api.admin_token(a, PASSWORD)
        self.perform("login", "POST", "/api/v1/login", {"username": "admin", "password": "wrong-one"},
                     status=401, what={"result": "failed"}, token=None)
        self.perform("login", "POST", "/api/v1/login", {"username": "admin", "password": PASSWORD},
                     what={"result": "ok"}, token=None)
        self.perform("password.change", "POST", "/api/v1/password",
                     {"current_password": PASSWORD, "new_password": PASSWORD + "x"},
                     what={"result": "ok"}, new_session=True)
        self.perform("account.create", "POST", "/api/v1/accounts",
                     {"username": "noc", "password": "Initial-Pass-1", "role": "ROLE_OPERATOR"},
                     status=201, what={"account": "noc"})
        self.perform("account.delete", "DELETE", "/api/v1/accounts/noc", what={"account": "noc"})

        # --- configuration (network and system settings are areas of it) ---
        config, etag = self.running()
        config["network"]["hostname"] = "lb-audited"
        config["system"]["timezone"] = "Europe/Paris"
        config["cas_servers"] = [{"name": "cas1", "address": "127.0.0.1",
                                  "admin_state": "SERVER_ADMIN_STATE_READY"}]
        self.perform("config.replace", "PUT", "/api/v1/config/running", {"config": config},
                     headers={"If-Match": '"' + etag + '"'}, versions=True,
                     what={"areas": lambda v: {"network", "system", "cas_servers"} <= set(v.split(",")),
                           "result": "ok"})
        self.perform("config.save", "POST", "/api/v1/config/save", versions=True, changes=False,
                     what={"result": "ok"})
        for verb in ("drain", "maint", "ready"):
            self.perform("server." + verb, "POST", f"/api/v1/servers/cas1/{verb}", versions=True,
                         what={"server": "cas1", "result": "ok"})

        # --- services ---------------------------------------------------------
        for verb in ("stop", "start", "restart", "reload"):
            self.perform("service." + verb, "POST", f"/api/v1/services/haproxy/{verb}",
                         what={"service": "haproxy", "result": "ok"})
        for mode in ("MANUAL", "AUTO"):
            self.perform("service.startup", "PUT", "/api/v1/services/haproxy/startup",
                         {"startup": "STARTUP_MODE_" + mode}, versions=True,
                         what={"service": "haproxy", "startup": mode.lower(), "result": "ok"})

        # --- certificates -----------------------------------------------------
        self.perform("certificate.self-signed", "POST", "/api/v1/certificates/self-signed",
                     {"id": "audit1", "host_name": "audit1.example.test"}, status=201,
                     what={"certificate": "audit1", "fingerprint": lambda v: len(v) > 20})
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "k.pem", "-out", "c.pem", "-days", "30", "-subj", "/CN=audit2.example.test", cwd=a.work)
        with open(os.path.join(a.work, "c.pem"), "rb") as c, open(os.path.join(a.work, "k.pem"), "rb") as k:
            pem = c.read() + k.read()
        self.perform("certificate.upload", "POST", "/api/v1/certificates",
                     {"id": "audit2", "file": base64.b64encode(pem).decode(), "password": ""}, status=201,
                     what={"certificate": "audit2", "result": "ok"})
        self.perform("certificate.request", "POST", "/api/v1/certificates/request",
                     {"id": "audit3", "host_name": "audit3.example.test"}, status=201,
                     what={"certificate": "audit3", "result": "ok"})
        self.perform("certificate.delete", "DELETE", "/api/v1/certificates/audit2",
                     what={"certificate": "audit2", "result": "ok"})

        # --- licenses -----------------------------------------------------------
        system = api.request(a, "GET", "/api/v1/system", token=self.token, source=CLIENT).json()
        blob = harness.vendor("sign-license", "--serial", "AUDIT-1", "--owner", "Example", "--units", "2",
                              "--feature", "ha", "--from", "2020-01-01", "--expire", "2099-01-01",
                              "--uuid", system["uuid"], "--ethid", system["ethid"]).decode()
        self.perform("license.add", "POST", "/api/v1/licenses", {"license": blob}, status=201,
                     what={"serial": "AUDIT-1"})
        self.perform("license.delete", "DELETE", "/api/v1/licenses/AUDIT-1",
                     what={"serial": "AUDIT-1", "result": "ok"})

        # --- firmware -----------------------------------------------------------
        with open(os.path.join(a.work, "rootfs.img"), "wb") as f:
            f.write(os.urandom(32 * 1024))
        harness.vendor("sign-firmware", "--payload", "rootfs.img", "--version", "1.1.0",
                       "--revision", "11", "--out", "fw.bin", cwd=a.work)
        with open(os.path.join(a.work, "fw.bin"), "rb") as f:
            bundle = f.read()
        self.perform("firmware.upload", "POST", "/api/v1/firmware", bundle,
                     headers={"Content-Type": "application/octet-stream"},
                     what={"slot": lambda v: v != "", "bytes": str(len(bundle)), "result": "ok"})
        self.perform("system.reboot", "POST", "/api/v1/firmware/reboot",
                     what={"simulated": "true", "result": "ok"})

        # --- backups ------------------------------------------------------------
        exported = self.perform("backup.export", "POST", "/api/v1/setup/backup/export",
                                {"passphrase": PASSPHRASE},
                                what={"certificates": lambda v: int(v) >= 2, "result": "ok"})
        config, etag = self.running()
        config["network"]["hostname"] = "lb-before-restore"
        api.request(a, "PUT", "/api/v1/config/running", {"config": config}, token=self.token,
                    headers={"If-Match": "*"}, source=CLIENT)
        self.perform("backup.import", "POST", "/api/v1/setup/backup/import",
                     {"backup": exported.json()["backup"], "passphrase": PASSPHRASE}, versions=True,
                     what={"certificates": lambda v: int(v) >= 2, "result": "ok"})

        # --- rollback and factory reset -------------------------------------------
        config, etag = self.running()
        config["network"]["hostname"] = "lb-after-restore"
        api.request(a, "PUT", "/api/v1/config/running", {"config": config}, token=self.token,
                    headers={"If-Match": "*"}, source=CLIENT)
        versions = api.request(a, "GET", "/api/v1/config/versions", token=self.token,
                               source=CLIENT).json()["versions"]
        oldest = versions[-1]["id"]
        self.perform("config.rollback", "POST", "/api/v1/config/rollback", {"version_id": oldest},
                     versions=True, what={"version": oldest, "result": "ok"})
        self.perform("config.factory-reset", "POST", "/api/v1/config/factory-reset", versions=True,
                     what={"result": "ok"})

        # --- pair: refused on a standalone node, audited all the same -----------------
        config, etag = self.running()
        self.perform("pair.config.replace", "PUT", "/api/v1/pair/config/running", {"config": config},
                     headers={"If-Match": '"' + etag + '"'}, status=409, what={"result": "not-paired"})
        self.perform("pair.sync", "POST", "/api/v1/pair/sync", {}, status=409, what={"result": "not-paired"})

        # --- and a session ends ---------------------------------------------------------
        other = api.login(a, "admin", PASSWORD + "x", source=CLIENT).json()["token"]
        self.perform("logout", "POST", "/api/v1/logout", token=other)

        # The file on disk holds the same lines.
        with open(os.path.join(a.data_dir, "audit.log")) as f:
            text = f.read()
        for action in ("config.replace", "backup.import", "service.startup", "pair.sync"):
            self.assertIn(f"action={action}", text)
        self.assertEqual(len(self.covered), 31, self.covered)


if __name__ == "__main__":
    harness.main(with_vendor=True)
