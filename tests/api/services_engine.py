#!/usr/bin/env python3
"""The Services tab and the certificate swap against the real exlb-agent and
Debian's HAProxy (label setup): on free loopback ports, in a temporary folder.

- stopping haproxy through the API closes its listeners (traffic stops), the
  row says NOK; starting it opens them again;
- a "manual" startup mode, saved, is honoured at the agent's next start:
  HAProxy is not started until someone starts it;
- re-importing the certificate behind the HTTPS service under the same id is
  served to new clients through HAProxy's runtime API (set/commit ssl cert):
  a client sees the new certificate while the HAProxy worker's pid is the
  same (no reload).

  services_engine.py --agent build/agent/exlb-agent [--haproxy /usr/sbin/haproxy]
"""
import argparse
import hashlib
import json
import os
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_client as api  # noqa: E402

AGENT = None
HAPROXY = "/usr/sbin/haproxy"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def accepts(port, timeout=1.0):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def wait_for(predicate, what, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def served_fingerprint(port):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with ctx.wrap_socket(raw, server_hostname="mail.example.test") as tls:
            return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()


class Agent:
    """exlb-agent in a temporary folder; `start()` again reuses its folders."""

    def __init__(self, work):
        self.work = work
        self.data_dir = os.path.join(work, "data")
        self.run_dir = os.path.join(work, "run")
        for d in (self.data_dir, self.run_dir, os.path.join(work, "root")):
            os.makedirs(d, exist_ok=True)
        config = json.loads(subprocess.run([AGENT, "--print-default-config"], check=True,
                                           capture_output=True, text=True).stdout)
        config["network"].update({"address": "127.0.0.1", "netmask": "255.0.0.0", "hostname": "exlb-svc"})
        config["http"].update({"virtual_https_port": free_port(), "redirect_http_port": free_port(),
                               "host_name": "mail.example.test"})
        config["rpc"].update({"endpoint_mapper_port": free_port(), "client_access_port": free_port(),
                              "address_book_port": free_port()})
        self.https_port = config["http"]["virtual_https_port"]
        self.port = free_port()
        config["management"]["port"] = self.port
        self.config_file = os.path.join(work, "config.json")
        with open(self.config_file, "w") as f:
            json.dump(config, f)
        self.process = None
        self.log = None

    def start(self, with_config=True):
        argv = [AGENT, "--data-dir", self.data_dir, "--run-dir", self.run_dir,
                "--system-root", os.path.join(self.work, "root"), "--listen", f"127.0.0.1:{self.port}",
                "--haproxy", HAPROXY]
        if with_config:
            argv += ["--config", self.config_file]
        self.log = open(os.path.join(self.work, "agent.log"), "ab")
        self.process = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.process.stdout.readline()
        if "ready" not in line:
            raise RuntimeError("agent did not start: " + line + self.tail())
        # api_client's Server shape: port, cafile, tls_context().
        self.cafile = os.path.join(self.data_dir, "certs", "default.pem")

    def tls_context(self):
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def connect(self, source="127.0.0.1", timeout=10):
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=timeout, source_address=(source, 0))
        return self.tls_context().wrap_socket(raw, server_hostname="localhost")

    def worker_pid(self):
        """The current HAProxy worker's pid, from its stats socket."""
        with socket.socket(socket.AF_UNIX) as s:
            s.settimeout(3)
            s.connect(os.path.join(self.run_dir, "haproxy.sock"))
            s.sendall(b"show info\n")
            data = b""
            while True:
                chunk = s.recv(65536)
                if not chunk:
                    break
                data += chunk
        for line in data.decode().splitlines():
            if line.startswith("Pid:"):
                return int(line.split(":", 1)[1])
        raise AssertionError("no Pid in show info")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.process.stdout.close()
        if self.log:
            self.log.close()

    def tail(self):
        with open(os.path.join(self.work, "agent.log"), "rb") as f:
            return f.read()[-3000:].decode(errors="replace")


class ServicesEngine(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="exlb-svc-engine-")
        self.agent = Agent(self.work)
        self.agent.start()
        wait_for(lambda: accepts(self.agent.https_port), "HAProxy's HTTPS listener")

    def tearDown(self):
        self.agent.stop()
        if self._outcome.result.errors or self._outcome.result.failures:
            print(self.agent.tail())
        shutil.rmtree(self.work, ignore_errors=True)

    def call(self, method, path, body=None, headers=None):
        return api.request(self.agent, method, path, body, token=api.admin_token(self.agent), headers=headers)

    def haproxy_row(self):
        rows = self.call("GET", "/api/v1/services").json()["services"]
        return [r for r in rows if r["name"] == "haproxy"][0]

    def test_stop_and_start_haproxy(self):
        self.assertEqual(self.haproxy_row()["status"], "SERVICE_RUN_STATE_OK")
        stopped = self.call("POST", "/api/v1/services/haproxy/stop")
        self.assertEqual(stopped.status, 200, stopped.body)
        self.assertIn("stops all traffic", stopped.json()["message"])
        wait_for(lambda: not accepts(self.agent.https_port), "the HTTPS listener to close")
        self.assertEqual(self.haproxy_row()["status"], "SERVICE_RUN_STATE_NOK")
        time.sleep(1.0)  # nothing restarts a stopped engine
        self.assertFalse(accepts(self.agent.https_port))
        started = self.call("POST", "/api/v1/services/haproxy/start")
        self.assertEqual(started.status, 200, started.body)
        self.assertEqual(started.json()["service"]["status"], "SERVICE_RUN_STATE_OK")
        wait_for(lambda: accepts(self.agent.https_port), "the HTTPS listener to open again")
        before = self.agent.worker_pid()
        reloaded = self.call("POST", "/api/v1/services/haproxy/reload")
        self.assertEqual(reloaded.status, 200, reloaded.body)
        wait_for(lambda: self.agent.worker_pid() != before, "a new worker after the reload")

    def test_manual_startup_is_honoured_at_the_next_start(self):
        changed = self.call("PUT", "/api/v1/services/haproxy/startup", {"startup": "STARTUP_MODE_MANUAL"})
        self.assertEqual(changed.status, 200, changed.body)
        self.assertEqual(self.call("POST", "/api/v1/config/save").status, 200)
        self.agent.stop()
        self.assertFalse(accepts(self.agent.https_port))
        self.agent.start(with_config=False)
        time.sleep(1.5)
        self.assertFalse(accepts(self.agent.https_port), "a manual HAProxy must not start with the agent")
        row = self.haproxy_row()
        self.assertEqual(row["status"], "SERVICE_RUN_STATE_NOK")
        self.assertEqual(row["startup"], "STARTUP_MODE_MANUAL")
        started = self.call("POST", "/api/v1/services/haproxy/start")
        self.assertEqual(started.status, 200, started.body)
        wait_for(lambda: accepts(self.agent.https_port), "HAProxy started by hand")

    def test_replaced_certificate_is_served_without_a_reload(self):
        made = self.call("POST", "/api/v1/certificates/self-signed",
                         {"id": "mail", "host_name": "mail.example.test"})
        self.assertEqual(made.status, 201, made.body)
        got = self.call("GET", "/api/v1/config/running").json()
        config = got["config"]
        config["http"]["certificate"] = "mail"
        put = self.call("PUT", "/api/v1/config/running", {"config": config},
                        headers={"If-Match": '"' + got["etag"] + '"'})
        self.assertEqual(put.status, 200, put.body)
        first = made.json()["certificate"]["sha256_fingerprint"].replace(":", "").lower()
        wait_for(lambda: served_fingerprint(self.agent.https_port) == first, "the first certificate")
        worker = self.agent.worker_pid()
        replaced = self.call("POST", "/api/v1/certificates/self-signed",
                             {"id": "mail", "host_name": "mail.example.test", "replace": True})
        self.assertEqual(replaced.status, 200, replaced.body)
        self.assertIn("no reload", replaced.json()["message"])
        second = replaced.json()["certificate"]["sha256_fingerprint"].replace(":", "").lower()
        self.assertNotEqual(first, second)
        self.assertEqual(served_fingerprint(self.agent.https_port), second)
        self.assertEqual(self.agent.worker_pid(), worker, "the certificate swap must not reload HAProxy")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    parser.add_argument("--haproxy", default="/usr/sbin/haproxy")
    args, rest = parser.parse_known_args()
    AGENT = args.agent
    HAPROXY = args.haproxy
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
