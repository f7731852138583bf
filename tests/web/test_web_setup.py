#!/usr/bin/env python3
"""End to end: the web page's setup screens in headless Chromium against a
real exlb-agent (CTest label `web`): certificates (guide 4.2, 5.4.2.2),
licenses (7.5), firmware (7.3), system information and settings (7.1, 7.4),
and the high-availability pair fields and status (4.2.2).

Each screen gets a happy path and a bad input whose refusal by the API must
be shown on the page while nothing changes on the appliance's disk (the
certificate, license and firmware folders are hashed before and after). Test
inputs are made the way tests/api/setup_api.py makes them: `openssl pkcs12
-export -legacy` for a Windows-style .pfx, and `exlb-vendor` with the public
development key (tests/data/vendor-dev-key.hex) for licenses and firmware
bundles. One browser session for every screen; screenshots in
<build>/web-screenshots/setup-*.png.

  test_web_setup.py --agent build/agent/exlb-agent --vendor build/installer/tools/exlb-vendor
"""

import argparse
import base64
import hashlib
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from webdriver import ChromeDriver, free_port  # noqa: E402
from browser_checks import browser_problems, report_failure  # noqa: E402
from test_web_page import Agent  # noqa: E402
from french_checks import french_page  # noqa: E402

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEV_KEY = os.path.join(SOURCE_DIR, "tests", "data", "vendor-dev-key.hex")
PASSWORD = "Exchange-2010-lb!"
UUID = "4C4C4544-0042-3510-8052-B4C04F4D3232"
MAC = "52:54:00:12:34:56"


def run(*argv):
    return subprocess.run(list(argv), check=True, capture_output=True)


def snapshot(folder):
    """Every file under `folder` with the SHA-256 of its content."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
    return out


def fake_appliance(root):
    """A DMI UUID and two NICs under the system root: what licenses bind to."""
    os.makedirs(os.path.join(root, "sys/class/dmi/id"))
    with open(os.path.join(root, "sys/class/dmi/id/product_uuid"), "w") as f:
        f.write(UUID.lower() + "\n")
    for nic, mac in (("lo", "00:00:00:00:00:00"), ("eth0", MAC)):
        os.makedirs(os.path.join(root, "sys/class/net", nic))
        with open(os.path.join(root, "sys/class/net", nic, "address"), "w") as f:
            f.write(mac + "\n")


def api(base_url, method, path, token=None, body=None):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(f"{base_url.rstrip('/')}/api/v1/{path}", method=method, data=data,
                                     headers=headers)
    with urllib.request.urlopen(request, context=context, timeout=30) as response:
        return json.load(response)


class Inputs:
    """The files an administrator would pick: a legacy .pfx, licenses and
    firmware bundles, good and bad."""

    def __init__(self, vendor, work):
        self.vendor = vendor
        self.work = work

    def path(self, name):
        return os.path.join(self.work, name)

    def legacy_pfx(self, host, password):
        key, crt, pfx = self.path("legacy.key"), self.path("legacy.crt"), self.path("legacy.pfx")
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", key, "-out", crt, "-days", "90", "-subj", "/CN=" + host,
            "-addext", f"subjectAltName=DNS:{host}")
        run("openssl", "pkcs12", "-export", "-legacy", "-in", crt, "-inkey", key, "-out", pfx,
            "-passout", "pass:" + password)
        fingerprint = run("openssl", "x509", "-in", crt, "-noout", "-fingerprint", "-sha256").stdout
        return pfx, fingerprint.decode().strip().split("=", 1)[1]

    def license(self, uuid, ethid, tamper=False):
        blob = run(self.vendor, "sign-license", DEV_KEY, "--serial", "EXLB-WEB-1", "--owner", "Example Ltd",
                   "--units", "2", "--feature", "ha", "--from", "2020-01-01", "--expire", "2099-01-01",
                   "--uuid", uuid, "--ethid", ethid).stdout.decode()
        name = "license.lic"
        if tamper:
            lines = blob.splitlines()
            body = bytearray(base64.b64decode("".join(lines[1:-1])))
            body[10] ^= 0x01
            blob = lines[0] + "\n" + base64.b64encode(bytes(body)).decode() + "\n" + lines[-1] + "\n"
            name = "tampered.lic"
        with open(self.path(name), "w") as f:
            f.write(blob)
        return self.path(name)

    def firmware(self, tamper=False):
        payload = self.path("rootfs.img")
        with open(payload, "wb") as f:
            f.write(os.urandom(256 * 1024))
        bundle = self.path("exlb-1.1.0.bundle")
        run(self.vendor, "sign-firmware", DEV_KEY, "--payload", payload, "--version", "1.1.0",
            "--revision", "11", "--out", bundle)
        if tamper:
            with open(bundle, "rb") as f:
                data = bytearray(f.read())
            data[-100] ^= 0x01
            bundle = self.path("exlb-1.1.0-tampered.bundle")
            with open(bundle, "wb") as f:
                f.write(data)
        return bundle


class SetupScenario:
    def __init__(self, driver, agent, inputs, shots):
        self.d = driver
        self.agent = agent
        self.url = agent.url
        self.inputs = inputs
        self.shots = shots

    def step(self, name):
        print(f"-- {name}", flush=True)

    def shot(self, name):
        path = os.path.join(self.shots, f"setup-{name}.png")
        self.d.full_screenshot(path)
        print(f"   screenshot {path}", flush=True)

    def wait_text(self, css, predicate, what, timeout=20):
        d = self.d
        return d.wait(lambda: (lambda t: t if t is not None and predicate(t) else None)(d.text(css)), timeout, what)

    def message(self, css, kind, what, timeout=30, says=""):
        """Waits for a form message of this kind ("ok" / "error"), holding
        `says`, and returns its text."""
        d = self.d
        d.wait(lambda: kind in (d.find(css).attribute("class") or "").split() and says in d.text(css)
               and d.text(css).strip(), timeout, what)
        return d.text(css)

    def confirm(self):
        d = self.d
        d.wait(lambda: d.execute("return document.querySelector('#confirm-dialog').open;"), 5, "the dialog")
        d.click("#confirm-ok")

    def field(self, path):
        return self.d.find(f'input[data-path="{path}"], select[data-path="{path}"]')

    def apply_ok(self):
        d = self.d
        d.wait(lambda: d.enabled_now("#apply-button"), 5, "Apply to turn on")
        d.click("#apply-button")
        # In the page's language when the outcome shows: French once the
        # apply made system.language French (guide 7.4).
        self.wait_text('.notice[data-topic="apply"]',
                       lambda t: t.startswith("Configuration appliquée" if self.french() else "Configuration applied"),
                       "the apply outcome", 60)

    def french(self):
        return self.d.execute("return document.documentElement.lang;") == "fr"

    def run(self):
        d = self.d
        self.step("log in (the factory password was changed through the API)")
        d.get(self.url)
        d.find("#login-user").set("admin")
        d.find("#login-password").set(PASSWORD)
        d.click("#login-submit")
        d.wait(lambda: d.visible("#main-view"), 20, "the main view")
        self.certificates()
        self.information_and_licenses()
        self.firmware()
        self.system_settings()
        french_page(self)   # the page speaks French from here on
        self.high_availability()
        self.read_only_operator()
        self.step("the browser logged no script error and no CSP violation")
        problems = browser_problems(d)
        assert not problems, "\n".join(problems)

    # ---- certificates -------------------------------------------------------
    def certificates(self):
        d = self.d
        certs = os.path.join(self.agent.data_dir, "certs")
        self.step("certificates tab: the factory certificate with its details and uses")
        d.click("#tabbtn-certificates")
        d.find('#certificates-table tr[data-certificate="default"]', 15)
        row = d.text('#certificates-table tr[data-certificate="default"]')
        assert "http.certificate" in row and "management.certificate" in row, row
        assert "self signed" in d.text('[data-status="default"]')
        assert len(d.text('tr[data-details="default"] .fingerprint').split(":")) == 32
        assert self.disabled('button[data-delete="default"]'), "a certificate in use cannot be deleted"

        self.step("a .pfx with the wrong password is refused next to the form; nothing is stored")
        pfx, fingerprint = self.inputs.legacy_pfx("legacy.example.test", "Exch@nge1")
        before = snapshot(certs)
        d.find("#cert-import-id").set("legacy")
        d.find("#cert-import-file").type(pfx)
        d.find("#cert-import-password").set("wrong")
        d.click("#cert-import")
        text = self.message("#cert-import-message", "error", "the refusal")
        print(f"   refused: {text}")
        assert "password" in text, text
        assert snapshot(certs) == before, "a refused upload changed the certificate store"
        assert not d.find_all('#certificates-table tr[data-certificate="legacy"]')

        self.step("the right password imports it (a Windows-style RC2/3DES .pfx)")
        d.find("#cert-import-file").type(pfx)
        d.find("#cert-import-password").set("Exch@nge1")
        d.click("#cert-import")
        self.message("#cert-import-message", "ok", "the import")
        d.find('#certificates-table tr[data-certificate="legacy"]', 15)
        assert d.text('tr[data-details="legacy"] .fingerprint') == fingerprint
        assert "DNS:legacy.example.test" in d.text('#certificates-table tr[data-certificate="legacy"]')
        warning = d.text('tr[data-details="legacy"] .cert-warnings')
        assert warning and "mail.example.test" in warning, f"names-not-covered warning: {warning!r}"

        self.step("generate a self-signed certificate (a bad host name first)")
        before = snapshot(certs)
        d.find("#cert-ss-id").set("selfsigned")
        d.find("#cert-ss-host").set("not a host name")
        d.click("#cert-ss-generate")
        print(f"   refused: {self.message('#cert-ss-message', 'error', 'the refusal')}")
        assert snapshot(certs) == before
        d.find("#cert-ss-host").set("mail.example.test")
        d.click("#cert-ss-generate")
        self.message("#cert-ss-message", "ok", "the self-signed certificate")
        d.find('#certificates-table tr[data-certificate="selfsigned"]', 15)

        self.step("generate a key and a signing request for a CA: the CSR is shown to download")
        d.find("#cert-csr-id").set("casigned")
        d.find("#cert-csr-host").set("mail.example.test")
        d.find("#cert-csr-alt").set("autodiscover.example.test, owa.example.test")
        d.find("#cert-csr-org").set("Example Ltd")
        d.find("#cert-csr-country").set("FR")
        d.click("#cert-csr-generate")
        self.message("#cert-csr-message", "ok", "the CSR")
        csr = d.find("#cert-csr-text").prop("value")
        assert csr.startswith("-----BEGIN CERTIFICATE REQUEST-----"), csr[:60]
        assert d.visible("#cert-csr-download")
        self.check_csr(csr)

        self.step("the waiting key is listed with its request's subject; its CSR downloads again from the list")
        d.find('#certificates-table tr[data-certificate="casigned"]', 15)
        assert "waiting for certificate" in d.text('[data-status="casigned"]')
        row = d.text('#certificates-table tr[data-certificate="casigned"]')
        assert "CN=mail.example.test" in row and "DNS:owa.example.test" in row, row
        assert d.visible('button[data-csr="casigned"]'), "no Download .csr in the waiting key's row"
        listed = {c["id"]: c for c in api(self.url, "GET", "certificates", self.token())["certificates"]}
        assert listed["casigned"]["csr_pem"] == csr, "the list's CSR is not the one generated"
        self.shot("01-certificates")

        self.step("assign the imported certificate to HTTP(s) and IMAP(s): validate, apply")
        self.field_in("certificate-use", "http.certificate").select("legacy")
        self.field_in("certificate-use", "imap.certificate").select("selfsigned")
        d.click("#area-certificate-use button.validate")
        self.apply_ok()
        self.wait_text('#certificates-table tr[data-certificate="legacy"]', lambda t: "http.certificate" in t,
                       "legacy used by http.certificate")
        running = api(self.url, "GET", "config/running", self.token())["config"]
        assert running["http"]["certificate"] == "legacy" and running["imap"]["certificate"] == "selfsigned"
        d.click("#tabbtn-config")
        assert self.field_in("http", "http.certificate").prop("value") == "legacy"
        d.click("#tabbtn-certificates")

        self.step("re-import the certificate HTTP(s) uses, replacing it: HAProxy takes it without a restart")
        d.find("#cert-import-id").set("legacy")
        d.find("#cert-import-file").type(pfx)
        d.find("#cert-import-password").set("Exch@nge1")
        d.click("#cert-import")
        text = self.message("#cert-import-message", "error", "the refusal of an existing identifier")
        assert "exists" in text, text
        d.find("#cert-import-file").type(pfx)
        d.find("#cert-import-password").set("Exch@nge1")
        d.click("#cert-import-replace")
        d.click("#cert-import")
        text = self.message("#cert-import-message", "ok", "the replacement", says="HAProxy")
        print(f"   {text}")

        self.step("delete an unused certificate (asks first)")
        d.find("#cert-ss-id").set("spare")
        d.find("#cert-ss-host").set("spare.example.test")
        d.click("#cert-ss-generate")
        d.find('#certificates-table tr[data-certificate="spare"]', 15)
        d.click('button[data-delete="spare"]')
        self.confirm()
        d.wait(lambda: not d.find_all('#certificates-table tr[data-certificate="spare"]'), 15, "spare removed")
        assert "spare.pem" not in os.listdir(certs)
        assert self.disabled('button[data-delete="legacy"]')

    def disabled(self, css):
        """Read in one script: the lists re-render as they reload, so an
        element found first may be replaced before a second call."""
        return self.d.execute("const e = document.querySelector(arguments[0]); return !!e && e.disabled;", css)

    def field_in(self, area, path):
        return self.d.find(f'#area-{area} [data-path="{path}"]')

    def check_csr(self, csr):
        path = self.inputs.path("request.csr")
        with open(path, "w") as f:
            f.write(csr)
        text = run("openssl", "req", "-in", path, "-noout", "-text", "-verify").stdout.decode()
        assert "CN = mail.example.test" in text and "DNS:owa.example.test" in text, text

    def token(self):
        return self.d.execute("return sessionStorage.getItem('exlb.token');")

    # ---- information and licenses -----------------------------------------
    def information_and_licenses(self):
        d = self.d
        licenses = os.path.join(self.agent.data_dir, "licenses")
        self.step("setup tab: system information (7.1) with UUID, ETHID and the license status")
        d.click("#tabbtn-setup")
        uuid = UUID.replace("-", "")
        ethid = MAC.replace(":", "").upper()
        self.wait_text("#info-uuid", lambda t: t == uuid, "the UUID")
        assert d.text("#info-ethid") == ethid
        assert d.text("#info-model") == "exlb-va"
        assert "evaluation" in d.text("#info-license-status")

        self.step("a license with a bad signature is refused; nothing is written")
        before = snapshot(licenses)
        d.find("#license-file").type(self.inputs.license(uuid, ethid, tamper=True))
        d.click("#license-add")
        text = self.message("#license-message", "error", "the refusal")
        print(f"   refused: {text}")
        assert "signature" in text.lower(), text
        assert snapshot(licenses) == before
        assert d.text("#licenses-list").startswith("No license")

        self.step("the vendor's license for this appliance is added and active")
        d.find("#license-file").type(self.inputs.license(uuid, ethid))
        d.click("#license-add")
        self.message("#license-message", "ok", "the license")
        d.find('#licenses-table tr[data-serial="EXLB-WEB-1"]', 15)
        assert "active" in d.text('#licenses-table tr[data-serial="EXLB-WEB-1"]')
        self.wait_text("#info-license-status", lambda t: "active" in t, "the information card's license status")
        d.click("#license-request")
        text = self.message("#license-message", "ok", "the request for license")
        assert uuid in text and ethid in text, text
        self.shot("02-information-licenses")

        self.step("configuration (7.2): export a backup; a file that is not one is refused and changes nothing")
        d.find("#backup-export-passphrase").set("a long passphrase")
        d.click("#backup-export")
        text = self.message("#backup-export-message", "ok", "the export", 30, says="Saved")
        assert "1 license" in text, text
        before = snapshot(self.agent.data_dir + "/certs"), api(self.url, "GET", "config/running", self.token())["etag"]
        d.find("#backup-import-file").type(self.inputs.path("license.lic"))
        d.find("#backup-import-passphrase").set("a long passphrase")
        d.click("#backup-import")
        self.confirm()
        print(f"   refused: {self.message('#backup-import-message', 'error', 'the refusal')}")
        after = snapshot(self.agent.data_dir + "/certs"), api(self.url, "GET", "config/running", self.token())["etag"]
        assert after == before, "a refused restore changed the appliance"

        self.step("remove the license (asks first)")
        d.click('button[data-remove="EXLB-WEB-1"]')
        self.confirm()
        self.wait_text("#licenses-list", lambda t: t.startswith("No license"), "the license removed")
        self.wait_text("#info-license-status", lambda t: "evaluation" in t, "evaluation again")

    # ---- firmware ----------------------------------------------------------
    def firmware(self):
        d = self.d
        boot = os.path.join(self.agent.root, "boot")
        self.step("firmware: a tampered bundle is refused and nothing under the system root changes")
        before = snapshot(boot) if os.path.isdir(boot) else {}
        d.find("#firmware-file").type(self.inputs.firmware(tamper=True))
        d.click("#firmware-update")
        text = self.message("#firmware-message", "error", "the refusal", 60)
        print(f"   refused: {text}")
        assert (snapshot(boot) if os.path.isdir(boot) else {}) == before
        assert not d.visible("#firmware-pending-note")

        self.step("a signed bundle uploads, is staged in the other slot and waits for a reboot")
        d.find("#firmware-file").type(self.inputs.firmware())
        d.click("#firmware-update")
        text = self.message("#firmware-message", "ok", "the staging", 60)
        print(f"   {text}")
        assert d.find("#firmware-progress").attribute("data-reached") == "100", "the progress bar reached 100 %"
        d.find("#firmware-pending-note", 10)
        assert "1.1.0" in d.text("#firmware-pending-note")
        self.shot("03-firmware-pending")

        self.step("reboot (simulated under the test system root) boots and confirms the new slot")
        pending = api(self.url, "GET", "firmware", self.token())["status"]["pending_slot"]
        d.click("#firmware-reboot")
        self.confirm()
        text = self.message("#firmware-message", "ok", "the reboot", 30, says="simulated")
        print(f"   {text}")
        d.wait(lambda: not d.visible("#firmware-pending-note"), 10, "no reboot pending")
        slot_row = d.text(f'#firmware-table tr[data-slot="{pending}"]')
        assert "active" in slot_row and "1.1.0" in slot_row, slot_row
        self.wait_text("#info-firmware", lambda t: t.startswith("11"), "the information card's revision")

    # ---- system settings (7.4) ------------------------------------------------
    def system_settings(self):
        d = self.d
        self.step("system (7.4): a bad timezone is refused next to its field; French and Europe/Paris apply")
        d.find("#area-system", 10)
        self.field_in("system", "system.timezone").set("Europe/Nowhere;")
        d.click("#area-system button.validate")
        d.click("#apply-button")
        problem = self.wait_text('#area-system [data-field="system.timezone"] ul.problems', lambda t: t.strip() != "",
                                 "the agent's problem next to Timezone", 30)
        print(f"   refused: {problem}")
        running = api(self.url, "GET", "config/running", self.token())["config"]
        assert running["system"]["timezone"] == "UTC"
        self.field_in("system", "system.timezone").set("Europe/Paris")
        self.field_in("system", "system.language").select("LANGUAGE_FRENCH")
        d.click("#area-system button.validate")
        self.apply_ok()
        running = api(self.url, "GET", "config/running", self.token())["config"]
        assert running["system"] == {"language": "LANGUAGE_FRENCH", "timezone": "Europe/Paris"}, running["system"]
        self.wait_text("#info-time", lambda t: t.endswith("Europe/Paris"), "the system time in the appliance's zone")
        self.wait_text("#tabbtn-certificates .tab-label", lambda t: t == "certificats", "the tabs in French")
        assert d.text("#apply-button") == "Appliquer" and d.execute("return document.documentElement.lang;") == "fr"
        assert d.visible("#setup-old-password") and d.visible("#setup-factory-reset")
        self.shot("04-setup")

    # ---- high availability ------------------------------------------------------
    def high_availability(self):
        d = self.d
        self.step("HA: a fingerprint with colons is refused next to its field")
        d.click("#tabbtn-network")
        d.find("#area-pair", 10)
        self.wait_text("#pair-own-fingerprint", lambda t: len(t) == 64, "this node's fingerprint")
        assert d.text("#pair-paired") == "pas de paire"   # French since system_settings
        self.field("high_availability.role").select("HA_ROLE_MASTER")
        self.field("high_availability.virtual_address").set("127.0.0.100")
        self.field("high_availability.cluster_id").set("51")
        self.field("high_availability.peer_address").set("127.0.0.2")
        self.field("high_availability.peer_certificate_sha256").set("AB:CD:EF")
        self.field("high_availability.peer_port").set(str(free_port()))
        d.click("#area-high-availability button.validate")
        d.click("#apply-button")
        problem = self.wait_text('[data-field="high_availability.peer_certificate_sha256"] ul.problems',
                                 lambda t: t.strip() != "", "the agent's problem next to the fingerprint", 30)
        print(f"   refused: {problem}")
        assert "64" in problem
        running = api(self.url, "GET", "config/running", self.token())["config"]
        assert running.get("high_availability", {}).get("role", "HA_ROLE_DISABLED") == "HA_ROLE_DISABLED"

        self.step("a real fingerprint applies; the pair status shows the peer unreachable")
        self.field("high_availability.peer_certificate_sha256").set("ab" * 32)
        d.click("#area-high-availability button.validate")
        self.apply_ok()
        running = api(self.url, "GET", "config/running", self.token())["config"]
        assert running["high_availability"]["peer_certificate_sha256"] == "ab" * 32
        self.wait_text("#pair-reachable", lambda t: t == "injoignable", "the peer unreachable", 30)
        assert "127.0.0.2" in d.text("#pair-status")
        self.wait_text("#pair-alarms", lambda t: "peer-unreachable" in t, "the peer-unreachable alarm", 30)
        if d.visible("#pair-handover"):   # the appliance has POST /api/v1/ha/handover
            assert self.disabled("#pair-handover"), "no handover while the peer is unreachable"
        self.shot("05-high-availability")

    # ---- an operator ----------------------------------------------------------
    def read_only_operator(self):
        d = self.d
        self.step("a read-only operator sees the setup screens with every action off")
        api(self.url, "POST", "accounts", self.token(),
            {"username": "operator1", "password": PASSWORD + "-op", "role": "ROLE_OPERATOR"})
        d.click("#logout")
        d.wait(lambda: d.visible("#login-view"), 10, "the login form")
        d.find("#login-user").set("operator1")
        d.find("#login-password").set(PASSWORD + "-op")
        d.click("#login-submit")
        d.wait(lambda: d.visible("#password-view"), 15, "the operator's first-login password change")
        d.find("#pw-old").set(PASSWORD + "-op")
        d.find("#pw-new").set(PASSWORD + "-op2")
        d.find("#pw-confirm").set(PASSWORD + "-op2")
        d.click("#password-submit")
        d.wait(lambda: d.visible("#main-view"), 20, "the operator's main view")
        d.click("#tabbtn-certificates")
        d.find('#certificates-table tr[data-certificate="legacy"]', 15)
        for css in ("#cert-import", "#cert-ss-generate", "#cert-csr-generate", 'button[data-delete="selfsigned"]',
                    '#area-certificate-use [data-path="http.certificate"]'):
            assert self.disabled(css), f"{css} is on for an operator"
        d.click("#tabbtn-setup")
        d.find("#firmware-table", 15)
        for css in ("#firmware-update", "#firmware-reboot", "#license-add", "#license-file"):
            assert self.disabled(css), f"{css} is on for an operator"
        self.wait_text("#info-uuid", lambda t: t == UUID.replace("-", ""), "the operator reads the UUID")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    parser.add_argument("--vendor", required=True, help="path of exlb-vendor")
    parser.add_argument("--haproxy", default="/usr/sbin/haproxy")
    parser.add_argument("--screenshots")
    args = parser.parse_args()
    build = os.environ.get("EXLB_BINARY_DIR", os.getcwd())
    shots = args.screenshots or os.path.join(build, "web-screenshots")
    os.makedirs(shots, exist_ok=True)
    work = tempfile.mkdtemp(prefix="exlb-web-setup-")
    agent = driver = None
    try:
        agent = Agent(args.agent, args.haproxy, free_port(), [free_port() for _ in range(3)],
                      extra_args=["--no-keepalived", "--peer-listen", f"127.0.0.1:{free_port()}"],
                      prepare_root=fake_appliance)
        token = api(agent.url, "POST", "login", body={"username": "admin", "password": "admin"})["token"]
        api(agent.url, "POST", "password", token, {"current_password": "admin", "new_password": PASSWORD})
        driver = ChromeDriver()
        SetupScenario(driver, agent, Inputs(args.vendor, work), shots).run()
        print("web setup screens: all steps passed")
        return 0
    except Exception:
        report_failure(driver, agent, shots, "setup-failure.png")
        raise
    finally:
        if driver:
            driver.quit()
        if agent:
            agent.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
