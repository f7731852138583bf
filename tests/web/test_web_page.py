#!/usr/bin/env python3
"""End to end: the built-in web page in headless Chromium against a real
exlb-agent (CTest label `web`).

What a first-day administrator does: log in with admin/admin, change the
factory password, add CAS servers, make a mistake and see it next to its
field, validate, apply, see the servers appear in the status with their
health, drain one, save, find the version and the audit lines. Screenshots of
the main screens are written to <build>/web-screenshots/.

The agent runs with its own data/run folders under a temporary directory and
a configuration on free loopback ports; two mock Exchange 2010 CAS
(tests/mocks/mock_exchange.py) answer the health checks on 127.0.0.61-62.
Everything is stopped and removed at the end.

  test_web_page.py --agent build/agent/exlb-agent [--haproxy /usr/sbin/haproxy]
  test_web_page.py --url https://127.0.0.1:8444/   (page iteration against a
                                                     running server; no agent)
"""

import argparse
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from browser_checks import browser_problems, report_failure  # noqa: E402
from webdriver import ChromeDriver, WebDriverError, free_port, wait_for  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "mocks"))
from lab import start_mock  # noqa: E402

NEW_PASSWORD = "Exchange-2010-lb!"
OPERATOR_PASSWORD = "Operator-2010-lb!"
CAS = ["127.0.0.61", "127.0.0.62"]


def free_port_on(address):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((address, 0))
        return s.getsockname()[1]


class Agent:
    """exlb-agent with its own folders and a configuration on free ports."""

    def __init__(self, binary, haproxy, cas_http_port, rpc_ports, extra_args=(), prepare_root=None):
        self.dir = tempfile.mkdtemp(prefix="exlb-web-agent-")
        for sub in ("data", "run", "root"):
            os.makedirs(os.path.join(self.dir, sub))
        self.data_dir = os.path.join(self.dir, "data")
        self.root = os.path.join(self.dir, "root")
        if prepare_root:
            prepare_root(self.root)
        config = json.loads(subprocess.run([binary, "--print-default-config"], check=True,
                                           capture_output=True, text=True).stdout)
        config["network"].update({"address": "127.0.0.1", "netmask": "255.0.0.0", "hostname": "exlb-web-test"})
        config["http"].update({"virtual_https_port": free_port(), "redirect_http_port": free_port(),
                               "cas_http_port": cas_http_port, "host_name": "mail.example.test"})
        config["rpc"].update(dict(zip(("endpoint_mapper_port", "client_access_port", "address_book_port"),
                                      rpc_ports)))
        config["management"]["port"] = free_port()
        self.config_file = os.path.join(self.dir, "config.json")
        with open(self.config_file, "w") as f:
            json.dump(config, f, indent=2)
        self.port = config["management"]["port"]
        argv = [binary, "--data-dir", os.path.join(self.dir, "data"), "--run-dir", os.path.join(self.dir, "run"),
                "--system-root", os.path.join(self.dir, "root"), "--config", self.config_file,
                "--listen", f"127.0.0.1:{self.port}"]
        if haproxy:
            argv += ["--haproxy", haproxy]
        argv += list(extra_args)
        self.log = open(os.path.join(self.dir, "agent.log"), "wb")
        self.process = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT)
        self.url = f"https://127.0.0.1:{self.port}/"
        self.wait_ready()

    def wait_ready(self):
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE

        def serves():
            if self.process.poll() is not None:
                raise RuntimeError(f"exlb-agent exited with {self.process.returncode}:\n{self.tail()}")
            with urllib.request.urlopen(self.url, context=context, timeout=2) as r:
                return r.status == 200
        wait_for(serves, "exlb-agent to serve its page", 60, step=0.2, ignore=(OSError,))

    def tail(self):
        self.log.flush()
        with open(os.path.join(self.dir, "agent.log"), "rb") as f:
            return f.read()[-4000:].decode(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        shutil.rmtree(self.dir, ignore_errors=True)


class Scenario:
    def __init__(self, driver, url, shots, hostname=None):
        self.hostname = hostname
        self.d = driver
        self.url = url
        self.shots = shots
        self.step_name = ""

    def step(self, name):
        self.step_name = name
        print(f"-- {name}", flush=True)

    def shot(self, name, full=True):
        path = os.path.join(self.shots, f"{name}.png")
        if full:
            self.d.full_screenshot(path)
        else:
            self.d.screenshot(path)
        print(f"   screenshot {path}", flush=True)

    def field(self, path):
        return self.d.find(f'input[data-path="{path}"], select[data-path="{path}"]')

    def area_button(self, area, kind):
        """The css of an area's ✓ / ✗: tests click it with d.click and ask
        about it with d.enabled_now (one script each), never through a kept
        element that a redraw of the area could replace."""
        return f"#area-{area} button.{kind}"

    def wait_text(self, css, predicate, what, timeout=15):
        return self.d.wait(lambda: (lambda t: t if t is not None and predicate(t) else None)(self.d.text(css)),
                           timeout, what)

    def choose(self, css, value, timeout=15):
        """Selects an option, again if live updates re-rendered the table meanwhile."""
        def attempt():
            try:
                self.d.find(css).select(value)
                return True
            except WebDriverError:
                return False
        self.d.wait(attempt, timeout, f"choosing {value} in {css}")

    def services_tab(self):
        d = self.d
        light = '#services-table tr[data-service="{}"] [data-light="{}"]'
        self.step("services tab: the guide's four rows with their status lights")
        d.find(light.format("haproxy", "OK"), 15)
        d.find(light.format("system", "OK"), 5)
        assert "not used" in d.text('#services-table tr[data-service="vrrp"]')
        assert "tls: provided by haproxy" in d.text('#services-table tr[data-service="tls"]')
        assert "stunnel" in d.text('#services-table tr[data-service="tls"]')
        self.shot("08-services")

        self.step("stopping haproxy asks first (traffic stops); cancel changes nothing")
        stop = '#services-table button[data-service="haproxy"][data-action="stop"]'
        d.click(stop)
        d.wait(lambda: d.execute("return document.querySelector('#confirm-dialog').open;"), 5, "the dialog")
        assert "stops all traffic" in d.text("#confirm-text"), d.text("#confirm-text")
        self.shot("08b-services-stop-confirm", full=False)
        d.click("#confirm-cancel")
        time.sleep(0.5)
        d.find(light.format("haproxy", "OK"), 5)

        self.step("stop haproxy: its light turns red; start: green again")
        d.click(stop)
        d.wait(lambda: d.execute("return document.querySelector('#confirm-dialog').open;"), 5, "the dialog")
        d.click("#confirm-ok")
        d.find(light.format("haproxy", "NOK"), 30)
        d.find(light.format("tls", "NOK"), 5)
        self.shot("08c-services-stopped")
        d.click('#services-table button[data-service="haproxy"][data-action="start"]')
        d.find(light.format("haproxy", "OK"), 30)

        self.step("the startup select changes the running configuration")
        self.choose('select[data-startup="haproxy"]', "STARTUP_MODE_MANUAL")
        self.wait_text("#notices", lambda t: "manual" in t, "the startup notice", 30)
        d.wait(lambda: d.find('select[data-startup="haproxy"]').prop("value") == "STARTUP_MODE_MANUAL", 15,
               "the select to show manual")
        self.choose('select[data-startup="haproxy"]', "STARTUP_MODE_AUTO")
        self.wait_text("#notices", lambda t: "auto" in t, "the startup notice", 30)

    def run(self):
        d = self.d
        self.step("the page loads and asks for a login")
        d.get(self.url)
        d.find("#login-view:not([hidden]) #login-user")
        assert d.text("title") == "exlb"
        self.shot("01-login", full=False)

        self.step("a wrong password is refused with a message")
        d.find("#login-user").set("admin")
        d.find("#login-password").set("not-the-password")
        d.click("#login-submit")
        message = self.wait_text("#login-message", lambda t: t.strip() != "", "login error message")
        assert d.visible("#login-view"), "still on the login form after a wrong password"
        print(f"   refused: {message}")

        self.step("admin/admin logs in and must change the factory password")
        d.find("#login-password").set("admin")
        d.click("#login-submit")
        d.wait(lambda: d.visible("#password-view"), 15, "the forced password change")
        assert not d.visible("#main-view"), "the appliance must not be managed before the password change"
        self.shot("02-change-password", full=False)

        self.step("mismatched confirmation is caught before anything is sent")
        d.find("#pw-old").set("admin")
        d.find("#pw-new").set(NEW_PASSWORD)
        d.find("#pw-confirm").set(NEW_PASSWORD + "x")
        d.click("#password-submit")
        self.wait_text("#password-message", lambda t: "differ" in t, "confirmation mismatch message")

        self.step("the new password is accepted and the status appears")
        d.find("#pw-confirm").set(NEW_PASSWORD)
        d.click("#password-submit")
        d.wait(lambda: d.visible("#main-view"), 20, "the main view")
        d.find("#tab-status .cards")
        assert "admin" in d.text("#whoami")

        self.step("config tab: CAS servers, with a mistake shown next to its field")
        d.click("#tabbtn-config")
        d.wait(lambda: d.visible("#area-cas-servers"), 5, "the CAS servers area")
        validate = self.area_button("cas-servers", "validate")
        assert d.enabled_now(validate) is False, "✓ is off until the area is edited"
        self.field("cas_servers[0].address").set(CAS[0])
        self.field("cas_servers[1].address").set("10.0.0.300")
        d.wait(lambda: d.enabled_now(validate), 5, "✓ to turn on after an edit")
        d.click(validate)
        problem = self.wait_text('#area-cas-servers [data-field="cas_servers[1].address"] ul.problems',
                                 lambda t: "10.0.0.300" in t, "the problem next to CAS2 Address")
        print(f"   shown next to CAS2: {problem}")
        assert d.enabled_now("#apply-button") is False, "nothing validated yet, Apply stays off"
        self.shot("03-config-problem")

        self.step("cancel ✗ restores the area; then a correct entry validates")
        d.click(self.area_button("cas-servers", "cancel"))
        d.wait(lambda: self.field("cas_servers[0].address").prop("value") == "", 5, "✗ to restore the area")
        self.field("cas_servers[0].address").set(CAS[0])
        self.field("cas_servers[1].address").set(CAS[1])
        d.click(self.area_button("cas-servers", "validate"))
        d.wait(lambda: d.enabled_now("#apply-button"), 5, "Apply to turn on")
        assert "CAS Servers" in d.text("#changes-text")
        assert "validated" in d.text("#area-cas-servers .area-state")

        self.step("HTTP(s) mode changes which fields are shown")
        assert d.visible('[data-field="http.applications.outlook_web_app"]')
        assert not d.visible('[data-field="http.cas_https_port"]')
        self.choose('#area-http [data-path="http.mode"]', "HTTP_MODE_SSL_FORWARD")
        d.wait(lambda: d.visible('[data-field="http.cas_https_port"]'), 5, "ssl-forward's CAS HTTPs port")
        assert not d.visible('[data-field="http.applications.outlook_web_app"]')
        d.click(self.area_button("http", "cancel"))
        d.wait(lambda: self.field("http.mode").prop("value") == "HTTP_MODE_SSL_OFFLOAD", 5, "✗ on HTTP(s)")

        self.step("IMAP clear and ssl-offload shows its four ports and the certificate")
        self.choose('#area-imap [data-path="imap.mode"]', "MAIL_MODE_CLEAR_AND_SSL_OFFLOAD")
        for path in ("imap.virtual_port", "imap.virtual_tls_port", "imap.server_port", "imap.certificate"):
            d.wait(lambda p=path: d.visible(f'[data-field="{p}"]'), 5, f"{path} shown")
        assert not d.visible('[data-field="imap.server_tls_port"]')
        self.shot("04-config-edit")
        d.click(self.area_button("imap", "cancel"))

        self.step("the agent's 422 lands next to its field, as text (never as markup)")
        hostile = 'mail<b id="pwned">x</b>.example.test'
        self.field("http.host_name").set(hostile)
        d.click(self.area_button("http", "validate"))
        d.wait(lambda: "HTTP(s) Service" in d.text("#changes-text"), 5, "HTTP(s) staged")
        d.click("#apply-button")
        problem = self.wait_text('[data-field="http.host_name"] ul.problems', lambda t: t.strip() != "",
                                 "the agent's problem next to Host Name", 30)
        print(f"   agent says: {problem}")
        assert "<" in problem, "the value is quoted back as text"
        assert d.execute("return document.getElementById('pwned') === null;"), "markup from data was parsed"
        assert d.text("#tabbtn-config .tab-count") not in (None, "", "0"), "the tab counts its errors"
        assert d.enabled_now("#apply-button"), "a refused apply keeps the validated changes"
        self.shot("04b-config-refused")
        d.click(self.area_button("http", "cancel"))   # not edited since ✓: drops the staged HTTP change
        d.wait(lambda: self.field("http.host_name").prop("value") != hostile, 5, "✗ to drop the staged area")
        assert "HTTP(s) Service" not in d.text("#changes-text")
        assert "CAS Servers" in d.text("#changes-text")

        self.step("someone else changes the configuration meanwhile: Apply gets a conflict, not an overwrite")
        token = d.execute("return sessionStorage.getItem('exlb.token');")
        running = api_call(self.url, "GET", "config/running", token)
        other = running["config"]
        other["rpc"]["timeout_seconds"] = 31
        api_call(self.url, "PUT", "config/running", token, {"config": other, "etag": running["etag"]},
                 if_match=running["etag"])
        d.click("#apply-button")
        self.wait_text('.notice[data-topic="apply"]', lambda t: "Someone changed" in t, "the conflict notice", 30)
        assert "CAS Servers" in d.text("#changes-text"), "a conflict keeps the validated changes"
        d.click("#discard-button")
        d.wait(lambda: self.field("rpc.timeout_seconds").prop("value") == "31", 15, "the other change shown")
        assert self.field("cas_servers[0].address").prop("value") == ""
        self.field("cas_servers[0].address").set(CAS[0])
        self.field("cas_servers[1].address").set(CAS[1])
        d.click(self.area_button("cas-servers", "validate"))
        d.wait(lambda: d.enabled_now("#apply-button"), 5, "Apply to turn on again")

        self.step("apply: the agent takes the configuration")
        d.click("#apply-button")
        try:
            self.wait_text('.notice[data-topic="apply"]', lambda t: t.startswith("Configuration applied"),
                           "the apply outcome", 60)
        except TimeoutError:
            raise AssertionError(f"apply did not succeed: {d.text('#notices')}") from None
        d.wait(lambda: d.enabled_now("#apply-button") is False, 10, "Apply to turn off once applied")
        assert self.field("cas_servers[1].address").prop("value") == CAS[1]

        self.step("status: both CAS servers appear with their health per service")
        d.click("#tabbtn-status")
        if self.hostname:   # the real agent streams events: the page must be live, not polling
            d.wait(lambda: "live" in (d.find("#live").attribute("class") or "").split(), 20, "the event stream")
        d.find('#servers-table tr[data-server="cas1"]', 30)
        d.find('#servers-table tr[data-server="cas2"]', 30)
        d.wait(lambda: "up" in (d.text('#servers-table tr[data-server="cas1"]') or ""), 60,
               "cas1 to be up in at least one service")
        self.shot("05-status")

        self.step("drain cas2 from the status tab")
        d.click('#servers-table button[data-server="cas2"][data-verb="drain"]')
        d.wait(lambda: "drain" in (d.text('#servers-table tr[data-server="cas2"] td:nth-child(3)') or ""), 30,
               "cas2 admin state drain")

        self.step("save: the running configuration becomes a version")
        d.click("#save-button")
        self.wait_text("#notices", lambda t: "saved" in t.lower(), "the save notice", 30)
        d.click("#tabbtn-setup")
        d.find("#versions-table tbody tr", 15)
        self.shot("06-setup")

        self.step("network and services tabs render")
        d.click("#tabbtn-network")
        d.wait(lambda: d.visible("#area-network-settings"), 5, "network tab")
        if self.hostname:
            assert self.field("network.hostname").prop("value") == self.hostname
        self.shot("07-network")
        d.click("#tabbtn-services")
        d.find("#engines-table tbody tr", 15)
        if self.hostname:   # the stand-in (--url) has no Services routes
            self.services_tab()
        else:
            self.shot("08-services")

        self.step("audit: the password change, the apply and the save are recorded")
        d.click("#tabbtn-audit")
        d.find("#audit-table", 15)
        wanted = 3 if self.hostname else 1   # a stand-in (--url) may record less
        # Counted and read in one script each: the table is drawn again when it reloads.
        rows = "return document.querySelectorAll('#audit-table tbody tr').length;"
        d.wait(lambda: d.execute(rows) >= wanted, 15, "audit lines")
        first = d.execute("const r = document.querySelector('#audit-table tbody tr'); return r ? r.innerText : '';")
        print(f"   audit rows: {d.execute(rows)}; first: {first!r}")
        self.shot("09-audit")

        self.step("factory reset asks for confirmation, and cancel changes nothing")
        d.click("#tabbtn-setup")
        d.click("#setup-factory-reset")
        d.wait(lambda: d.execute("return document.querySelector('#confirm-dialog').open;"), 5, "the dialog")
        self.shot("10-factory-reset-confirm", full=False)
        d.click("#confirm-cancel")
        d.click("#tabbtn-config")
        assert self.field("cas_servers[0].address").prop("value") == CAS[0]

        if self.hostname:   # the stand-in (--url) has one account only
            self.step("the admin creates a read-only operator account (through the API)")
            token = d.execute("return sessionStorage.getItem('exlb.token');")
            api_call(self.url, "POST", "accounts", token,
                     {"username": "operator1", "password": OPERATOR_PASSWORD, "role": "ROLE_OPERATOR"})

        self.step("log out returns to the login form; the old token is gone")
        d.click("#logout")
        d.wait(lambda: d.visible("#login-view"), 10, "the login form after logout")
        assert d.execute("return sessionStorage.getItem('exlb.token');") is None

        if self.hostname:
            self.step("an operator sees everything and can change nothing")
            d.find("#login-user").set("operator1")
            d.find("#login-password").set(OPERATOR_PASSWORD)
            d.click("#login-submit")
            d.wait(lambda: d.visible("#password-view"), 15, "the operator's first-login password change")
            d.find("#pw-old").set(OPERATOR_PASSWORD)
            d.find("#pw-new").set(OPERATOR_PASSWORD + "-2")
            d.find("#pw-confirm").set(OPERATOR_PASSWORD + "-2")
            d.click("#password-submit")
            d.wait(lambda: d.visible("#main-view"), 20, "the operator's main view")
            assert "read-only" in d.text("#whoami")
            d.find('#servers-table tr[data-server="cas1"]', 30)
            # The status table re-renders on every status event: ask in one script.
            drain = '#servers-table button[data-server="cas1"][data-verb="drain"]'
            assert d.enabled_now(drain) is False, "an operator's drain button is disabled"
            d.click("#tabbtn-config")
            assert self.field("cas_servers[0].address").prop("value") == CAS[0]
            assert d.enabled_now('[data-path="cas_servers[0].address"]') is False, "an operator's fields are read-only"
            assert d.enabled_now("#apply-button") is False and d.enabled_now("#save-button") is False
            self.shot("11-operator-read-only", full=False)
            d.click("#logout")
            d.wait(lambda: d.visible("#login-view"), 10, "the login form after the operator's logout")

        self.step("the browser logged no script error and no CSP violation")
        problems = browser_problems(d)
        if not self.hostname:   # a stand-in (--url) may have no event stream
            problems = [p for p in problems if "WebSocket" not in p]
        assert not problems, "\n".join(problems)


def api_call(base_url, method, path, token, body=None, if_match=None):
    """One call to the agent's API, for what the page itself does not do
    (another administrator's change, creating an account)."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if if_match:
        headers["If-Match"] = f'"{if_match}"'
    request = urllib.request.Request(f"{base_url.rstrip('/')}/api/v1/{path}", method=method, data=data,
                                     headers=headers)
    with urllib.request.urlopen(request, context=context, timeout=30) as response:
        return json.load(response)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", help="path of exlb-agent")
    parser.add_argument("--haproxy", help="path of haproxy for the agent")
    parser.add_argument("--url", help="a running server to test instead of starting the agent")
    parser.add_argument("--screenshots", help="folder for the screenshots")
    args = parser.parse_args()

    build = os.environ.get("EXLB_BINARY_DIR", os.getcwd())
    shots = args.screenshots or os.path.join(build, "web-screenshots")
    os.makedirs(shots, exist_ok=True)

    agent = driver = None
    cas = []
    try:
        if args.url:
            url = args.url
        else:
            http_port = free_port_on(CAS[0])
            rpc_ports = [free_port_on(CAS[0]) for _ in range(3)]
            # Mock Exchange 2010 CAS servers answering the HTTP checks and the RPC ports.
            cas = [start_mock(f"cas{i + 1}", address, {"http": [http_port], "tcp": rpc_ports},
                              exchange="2010") for i, address in enumerate(CAS)]
            agent = Agent(args.agent, args.haproxy, http_port, rpc_ports)
            url = agent.url
        driver = ChromeDriver()
        Scenario(driver, url, shots, hostname=None if args.url else "exlb-web-test").run()
        print("web page: all steps passed")
        return 0
    except Exception:
        report_failure(driver, agent, shots, "failure.png")
        raise
    finally:
        if driver:
            driver.quit()
        for server in cas:
            server.stop()
        if agent:
            agent.stop()


if __name__ == "__main__":
    sys.exit(main())
