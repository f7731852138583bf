#!/usr/bin/env python3
"""The setup routes over real TLS against the real exlb-agent (with HAProxy,
started by agent_harness.py, under a system root of its own): certificates
(a legacy .pfx made by `openssl pkcs12 -export -legacy`, bad uploads that
change nothing on disk), licenses signed with the development key for this
appliance's UUID/ETHID (and tampered or foreign ones refused), firmware
bundles staged into the A/B slots of a test system root, and the simulated
reboot. Python 3 standard library plus the openssl and exlb-vendor tools."""
import base64
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agent_harness as harness  # noqa: E402
import api_client as api  # noqa: E402
from agent_harness import snapshot  # noqa: E402

UUID = "4C4C4544-0042-3510-8052-B4C04F4D3232"
MAC = "52:54:00:12:34:56"


def run(*argv):
    return subprocess.run(list(argv), check=True, capture_output=True)


class SetupApi(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = harness.appliance(UUID, MAC)
        cls.work = cls.server.work
        cls.root = cls.server.root
        cls.certs = os.path.join(cls.server.data_dir, "certs")

    @classmethod
    def tearDownClass(cls):
        cls.server.cleanup()

    def call(self, method, path, body=None, headers=None):
        return api.request(self.server, method, path, body, token=api.admin_token(self.server),
                           headers=headers)

    def make_legacy_pfx(self, name, host, password):
        key, crt, pfx = (os.path.join(self.work, name + ext) for ext in (".key", ".crt", ".pfx"))
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
            "-nodes", "-keyout", key, "-out", crt, "-days", "90", "-subj", "/CN=" + host,
            "-addext", "subjectAltName=DNS:" + host + ",DNS:autodiscover.example.test")
        run("openssl", "pkcs12", "-export", "-legacy", "-in", crt, "-inkey", key, "-out", pfx,
            "-passout", "pass:" + password)
        with open(pfx, "rb") as f:
            data = f.read()
        fingerprint = run("openssl", "x509", "-in", crt, "-noout", "-fingerprint", "-sha256").stdout
        return data, fingerprint.decode().strip().split("=", 1)[1], crt, key

    def upload(self, cert_id, data, password, replace=False):
        return self.call("POST", "/api/v1/certificates",
                         {"id": cert_id, "file": base64.b64encode(data).decode(),
                          "password": password, "replace": replace})

    def test_legacy_pfx_is_listed_with_its_details(self):
        data, fingerprint, _, _ = self.make_legacy_pfx("mail", "mail.example.test", "Exch@nge1")
        stored = self.upload("mail", data, "Exch@nge1")
        self.assertEqual(stored.status, 201, stored.body)
        listed = self.call("GET", "/api/v1/certificates").json()["certificates"]
        mail = [c for c in listed if c["id"] == "mail"]
        self.assertEqual(len(mail), 1)
        mail = mail[0]
        self.assertEqual(mail["common_name"], "mail.example.test")
        self.assertEqual(mail["sha256_fingerprint"], fingerprint)
        self.assertEqual(mail["status"], "CERTIFICATE_STATUS_SELF_SIGNED")
        self.assertIn("DNS:autodiscover.example.test", mail["subject_alt_names"])
        self.assertEqual(mail["key_type"], "EC P-256")
        self.assertGreater(int(mail["not_after_unix"]), int(mail["not_before_unix"]))
        self.assertNotIn(b"PRIVATE KEY", self.call("GET", "/api/v1/certificates").body)
        self.assertEqual(os.stat(os.path.join(self.certs, "mail.pem")).st_mode & 0o777, 0o600)

    def test_bad_uploads_are_refused_and_change_nothing(self):
        data, _, crt, _ = self.make_legacy_pfx("bad", "bad.example.test", "right")
        _, _, _, other_key = self.make_legacy_pfx("other", "other.example.test", "x")
        with open(crt, "rb") as f:
            cert_pem = f.read()
        with open(other_key, "rb") as f:
            foreign_key = f.read()
        table = [
            ("wrong password", "n1", data, "wrong", 422, "password"),
            ("truncated pfx", "n1", data[: len(data) // 2], "right", 422, "truncated"),
            ("not a certificate", "n1", b"MZ\x90\x00 not a pfx at all", "", 422, "neither"),
            ("certificate without key", "n1", cert_pem, "", 422, "no private key"),
            ("key of another certificate", "n1", cert_pem + foreign_key, "", 422, "does not belong"),
            ("bad id", "../etc/passwd", data, "right", 422, "certificate id"),
            ("existing id", "default", data, "right", 409, "exists"),
        ]
        before = snapshot(self.certs)
        for label, cert_id, file_bytes, password, status, says in table:
            with self.subTest(label):
                reply = self.upload(cert_id, file_bytes, password)
                self.assertEqual(reply.status, status, reply.body)
                self.assertIn(says, reply.json()["message"])
                self.assertEqual(snapshot(self.certs), before)
        not_json = self.call("POST", "/api/v1/certificates", b"{not json")
        self.assertEqual(not_json.status, 400)
        self.assertEqual(api.request(self.server, "GET", "/api/v1/certificates").status, 401)
        self.assertEqual(snapshot(self.certs), before)

    def test_certificate_in_use_cannot_be_deleted(self):
        reply = self.call("DELETE", "/api/v1/certificates/default")
        self.assertEqual(reply.status, 409, reply.body)
        self.assertIn("http.certificate", reply.json()["message"])
        made = self.call("POST", "/api/v1/certificates/self-signed",
                         {"id": "spare", "host_name": "spare.example.test"})
        self.assertEqual(made.status, 201, made.body)
        self.assertEqual(made.json()["certificate"]["key_type"], "EC P-256")
        self.assertEqual(self.call("DELETE", "/api/v1/certificates/spare").status, 200)
        self.assertFalse(os.path.exists(os.path.join(self.certs, "spare.pem")))
        csr = self.call("POST", "/api/v1/certificates/request",
                        {"id": "casigned", "host_name": "mail.example.test", "country": "FR"})
        self.assertEqual(csr.status, 201, csr.body)
        self.assertIn("BEGIN CERTIFICATE REQUEST", csr.json()["csr_pem"])
        # The key waits for the CA: listed with the request's subject and the
        # CSR to download again, then gone once deleted.
        listed = {c["id"]: c for c in self.call("GET", "/api/v1/certificates").json()["certificates"]}
        waiting = listed["casigned"]
        self.assertEqual(waiting["status"], "CERTIFICATE_STATUS_WAITING_FOR_CERTIFICATE")
        self.assertIn("CN=mail.example.test", waiting["subject"])
        self.assertIn("C=FR", waiting["subject"])
        self.assertEqual(waiting["csr_pem"], csr.json()["csr_pem"])
        self.assertEqual(self.call("DELETE", "/api/v1/certificates/casigned").status, 200)
        listed = [c["id"] for c in self.call("GET", "/api/v1/certificates").json()["certificates"]]
        self.assertNotIn("casigned", listed)

    def sign_license(self, serial, uuid, ethid, expire="2099-01-01"):
        return harness.vendor("sign-license", "--serial", serial, "--owner", "Example",
                              "--units", "2", "--feature", "ha", "--from", "2020-01-01", "--expire", expire,
                              "--uuid", uuid, "--ethid", ethid).decode()

    def test_system_information_and_licenses(self):
        system = self.call("GET", "/api/v1/system").json()
        self.assertEqual(system["uuid"], UUID.replace("-", ""))
        self.assertEqual(system["ethid"], MAC.replace(":", "").upper())
        self.assertEqual(system["model"], "exlb-va")
        self.assertEqual(system["license_status"], "LICENSE_STATUS_EVALUATION")
        request = self.call("GET", "/api/v1/licenses/request").json()
        self.assertEqual((request["uuid"], request["ethid"]), (system["uuid"], system["ethid"]))

        licenses_dir = os.path.join(self.server.data_dir, "licenses")
        foreign = self.sign_license("FOREIGN-1", "0" * 32, "AABBCCDDEEFF")
        blob = self.sign_license("EXLB-0001", system["uuid"], system["ethid"])
        lines = blob.splitlines()
        body = bytearray(base64.b64decode("".join(lines[1:-1])))
        body[10] ^= 0x01
        tampered = lines[0] + "\n" + base64.b64encode(bytes(body)).decode() + "\n" + lines[-1] + "\n"
        before = snapshot(self.server.data_dir + "/licenses") if os.path.isdir(licenses_dir) else {}
        for label, text, says in (("tampered", tampered, ""), ("foreign", foreign, "another appliance"),
                                  ("not a license", "hello", "not an exlb license")):
            with self.subTest(label):
                reply = self.call("POST", "/api/v1/licenses", {"license": text})
                self.assertEqual(reply.status, 422, reply.body)
                self.assertIn(says, reply.json()["message"])
                after = snapshot(licenses_dir) if os.path.isdir(licenses_dir) else {}
                self.assertEqual(after, before)
        added = self.call("POST", "/api/v1/licenses", {"license": blob})
        self.assertEqual(added.status, 201, added.body)
        self.assertEqual(added.json()["license"]["status"], "LICENSE_STATUS_ACTIVE")
        listed = self.call("GET", "/api/v1/licenses").json()
        self.assertEqual(listed["appliance_status"], "LICENSE_STATUS_ACTIVE")
        self.assertEqual([l["serial"] for l in listed["licenses"]], ["EXLB-0001"])
        self.assertEqual(self.call("GET", "/api/v1/system").json()["license_status"],
                         "LICENSE_STATUS_ACTIVE")
        self.assertEqual(self.call("DELETE", "/api/v1/licenses/EXLB-0001").status, 200)
        self.assertEqual(self.call("GET", "/api/v1/licenses").json()["appliance_status"],
                         "LICENSE_STATUS_EVALUATION")

    def test_firmware_bundle_is_staged_and_boots(self):
        payload = os.path.join(self.work, "rootfs.img")
        with open(payload, "wb") as f:
            f.write(os.urandom(64 * 1024))
        bundle = os.path.join(self.work, "fw.bin")
        harness.vendor("sign-firmware", "--payload", payload, "--version", "1.1.0",
                       "--revision", "11", "--out", bundle)
        with open(bundle, "rb") as f:
            good = f.read()
        boot = os.path.join(self.root, "boot")
        tampered = bytearray(good)
        tampered[-100] ^= 0x01
        before = snapshot(boot) if os.path.isdir(boot) else {}
        octet = {"Content-Type": "application/octet-stream"}
        for label, data in (("tampered", bytes(tampered)), ("truncated", good[: len(good) - 10]),
                            ("garbage", b"not a bundle")):
            with self.subTest(label):
                reply = self.call("POST", "/api/v1/firmware", data, headers=octet)
                self.assertEqual(reply.status, 422, reply.body)
                self.assertEqual(snapshot(boot) if os.path.isdir(boot) else {}, before)
        self.assertEqual(self.call("POST", "/api/v1/firmware", good).status, 415)
        staged = self.call("POST", "/api/v1/firmware", good, headers=octet)
        self.assertEqual(staged.status, 200, staged.body)
        pending = staged.json()["status"]["pending_slot"]
        self.assertTrue(pending)
        self.assertEqual(os.listdir(os.path.join(self.server.data_dir, "uploads")), [])
        rebooted = self.call("POST", "/api/v1/firmware/reboot").json()
        self.assertTrue(rebooted["simulated"])
        self.assertEqual(rebooted["booted_slot"], pending)
        self.assertEqual(rebooted["status"]["active_slot"], pending)
        system = self.call("GET", "/api/v1/system").json()
        self.assertEqual((system["firmware_version"], int(system["firmware_revision"])), ("1.1.0", 11))
        replay = self.call("POST", "/api/v1/firmware", good, headers=octet)
        self.assertEqual(replay.status, 422, "the same revision again is a replay")

    def test_large_firmware_bundle_is_streamed_past_the_body_limit(self):
        # Its own agent and system root: the A/B slots of the other test stay theirs.
        server = harness.Agent(harness.ARGS.agent).start()
        try:
            payload = os.path.join(self.work, "rootfs-large.img")
            with open(payload, "wb") as f:
                f.write(os.urandom(3 * 1024 * 1024))
            bundle = os.path.join(self.work, "fw-large.bin")
            harness.vendor("sign-firmware", "--payload", payload, "--version", "2.0.0",
                           "--revision", "20", "--out", bundle)
            with open(bundle, "rb") as f:
                data = f.read()
            self.assertGreater(len(data), 1024 * 1024)
            octet = {"Content-Type": "application/octet-stream"}
            # No session: refused on the head alone, before the body is read
            # (the body is never sent here; an answer proves it was not awaited).
            head = ("POST /api/v1/firmware HTTP/1.1\r\nHost: localhost\r\n"
                    "Content-Type: application/octet-stream\r\n"
                    f"Content-Length: {len(data)}\r\n\r\n").encode()
            refused = api.exchange(server, head, timeout=5)
            self.assertIsNotNone(refused, "the unauthenticated upload must be answered at once")
            self.assertEqual(refused.status, 401)
            # Other routes keep the 1 MiB limit: 413 on the head, then the
            # connection is closed (the client, still sending, may see only that).
            big_json = api.request(server, "POST", "/api/v1/licenses", data,
                                   token=api.admin_token(server), headers=octet)
            self.assertTrue(big_json is None or big_json.status == 413,
                            big_json and (big_json.status, big_json.body))
            staged = api.request(server, "POST", "/api/v1/firmware", data,
                                 token=api.admin_token(server), headers=octet)
            self.assertEqual(staged.status, 200, staged.body)
            self.assertEqual(staged.json()["status"]["pending_slot"] != "", True)
            self.assertEqual(os.listdir(os.path.join(server.data_dir, "uploads")), [])
            tampered = bytearray(data)
            tampered[len(data) // 2] ^= 0x01
            bad = api.request(server, "POST", "/api/v1/firmware", bytes(tampered),
                              token=api.admin_token(server), headers=octet)
            self.assertEqual(bad.status, 422, bad.body)
            self.assertEqual(os.listdir(os.path.join(server.data_dir, "uploads")), [])
        finally:
            server.cleanup()


if __name__ == "__main__":
    harness.main(with_vendor=True)
