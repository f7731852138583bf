"""A minimal W3C WebDriver client (Python 3 stdlib only) for chromedriver.

Enough to drive the built-in page end to end: sessions, navigation, finding
elements by CSS selector, clicks, typing, reading text and attributes,
running a script, waiting for conditions, and screenshots. The W3C
specification: https://www.w3.org/TR/webdriver2/
"""

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from waiting import wait_for  # noqa: E402

ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf"


class WebDriverError(Exception):
    def __init__(self, error, message):
        super().__init__(f"{error}: {message}")
        self.error = error


_PORTS_GIVEN = set()


def free_port():
    """A free loopback port, never one this process was given before (the
    kernel may hand a closed probe's port out again; a configuration with one
    port on two settings is refused)."""
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port not in _PORTS_GIVEN:
            _PORTS_GIVEN.add(port)
            return port


class ChromeDriver:
    """Runs chromedriver on a free loopback port and opens one headless
    Chromium session with its own temporary profile."""

    def __init__(self, chromium="/usr/bin/chromium", chromedriver="/usr/bin/chromedriver",
                 window=(1366, 900)):
        self.port = free_port()
        self.profile = tempfile.mkdtemp(prefix="exlb-web-profile-")
        self.log = open(os.path.join(self.profile, "chromedriver.log"), "wb")
        self.process = subprocess.Popen(
            [chromedriver, f"--port={self.port}", "--allowed-ips=127.0.0.1"],
            stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait_ready()
        args = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--ignore-certificate-errors",
                f"--user-data-dir={self.profile}/chromium",
                f"--window-size={window[0]},{window[1]}", "--force-device-scale-factor=1",
                "--lang=en-US"]
        caps = {"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "acceptInsecureCerts": True,
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}}
        value = self._call("POST", "/session", caps)
        self.session = value["sessionId"]

    def _wait_ready(self):
        def ready():
            if self.process.poll() is not None:
                raise RuntimeError("chromedriver exited at start")
            with urllib.request.urlopen(f"{self.base}/status", timeout=2) as r:
                return json.load(r)["value"].get("ready")
        wait_for(ready, "chromedriver to become ready", 30, ignore=(OSError, ValueError, KeyError))

    def _call(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"{self.base}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json; charset=utf-8"})
        try:
            with urllib.request.urlopen(req, timeout=120) as r:
                payload = json.load(r)
        except urllib.error.HTTPError as e:
            payload = json.load(e)
            value = payload.get("value", {})
            raise WebDriverError(value.get("error", str(e.code)), value.get("message", "")) from None
        return payload.get("value")

    def cmd(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    # ---- browser ----
    def get(self, url):
        self.cmd("POST", "/url", {"url": url})

    def execute(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def execute_async(self, script, *args):
        """Runs `script`, which ends by calling its last argument with the
        result (a promise's answer, a dynamic import's)."""
        return self.cmd("POST", "/execute/async", {"script": script, "args": list(args)})

    def screenshot(self, path):
        png = base64.b64decode(self.cmd("GET", "/screenshot"))
        with open(path, "wb") as f:
            f.write(png)
        return path

    def full_screenshot(self, path, width=1366):
        """Resizes the window to the page's height for one whole-page image,
        then puts it back."""
        height = self.execute("return Math.ceil(document.documentElement.scrollHeight);")
        rect = self.cmd("GET", "/window/rect")
        self.cmd("POST", "/window/rect", {"width": width, "height": max(700, min(int(height) + 140, 6000))})
        try:
            return self.screenshot(path)
        finally:
            self.cmd("POST", "/window/rect", {"width": rect["width"], "height": rect["height"]})

    # ---- elements ----
    def find(self, css, timeout=10):
        """The first element matching css, waiting for it to exist."""
        return self.wait(lambda: self._find_now(css), timeout, f"element {css}")

    def _find_now(self, css):
        found = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
        return Element(self, found[0][ELEMENT_KEY]) if found else None

    def click(self, css, timeout=10):
        """Clicks the element matching css, finding it again if the page
        replaced it between the find and the click."""
        def attempt():
            element = self._find_now(css)
            if element is None:
                return False
            try:
                # Centred, so the page's sticky header and changes bar
                # cannot be over it when Chromium clicks.
                self.execute("arguments[0].scrollIntoView({block: 'center'});", element.ref())
                element.click()
            except WebDriverError as e:
                if e.error == "stale element reference":
                    return False
                raise
            return True
        self.wait(attempt, timeout, f"a click on {css}")

    def enabled_now(self, css):
        """Whether the element matching css is enabled (None: no such
        element), read in one script so a re-render between a find and a
        question cannot leave a stale reference."""
        return self.execute(
            "const e = document.querySelector(arguments[0]); return e ? !e.disabled : null;", css)

    def find_all(self, css):
        found = self.cmd("POST", "/elements", {"using": "css selector", "value": css})
        return [Element(self, f[ELEMENT_KEY]) for f in found]

    def wait(self, condition, timeout=10, what="condition"):
        """The condition's first true value; a page being re-rendered
        (WebDriverError: a stale element) counts as "not yet"."""
        return wait_for(condition, what, timeout, ignore=(WebDriverError,))

    def visible(self, css):
        return self.execute(
            "const e = document.querySelector(arguments[0]);"
            "return !!e && !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);", css)

    def text(self, css):
        return self.execute("const e = document.querySelector(arguments[0]); return e ? e.textContent : null;", css)

    def logs_text(self):
        return self.execute("return window.__exlbErrors || [];")

    def quit(self):
        try:
            self._call("DELETE", f"/session/{self.session}")
        except (WebDriverError, OSError):
            pass
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        shutil.rmtree(self.profile, ignore_errors=True)


class Element:
    def __init__(self, driver, element_id):
        self.driver = driver
        self.id = element_id

    def _cmd(self, method, path, body=None):
        return self.driver.cmd(method, f"/element/{self.id}{path}", body)

    def ref(self):
        """The element as a script argument."""
        return {ELEMENT_KEY: self.id}

    def click(self):
        self._cmd("POST", "/click", {})
        return self

    def clear(self):
        self._cmd("POST", "/clear", {})
        return self

    def type(self, text):
        self._cmd("POST", "/value", {"text": text})
        return self

    def set(self, text):
        return self.clear().type(text)

    @property
    def text(self):
        return self._cmd("GET", "/text")

    def attribute(self, name):
        return self._cmd("GET", f"/attribute/{name}")

    def prop(self, name):
        return self._cmd("GET", f"/property/{name}")

    @property
    def enabled(self):
        return self._cmd("GET", "/enabled")

    def select(self, value):
        """Chooses the option with this value in a <select>."""
        option = self.driver.cmd("POST", f"/element/{self.id}/element",
                                 {"using": "css selector", "value": f'option[value="{value}"]'})
        Element(self.driver, option[ELEMENT_KEY]).click()
        return self
