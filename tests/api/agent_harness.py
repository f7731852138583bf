"""Starts the real exlb-agent for the API, setup and benchmark scripts (one
place for it): its own data, run and system-root folders in a temporary
folder, the management API on a free loopback port, HAProxy (Debian's) as
its child with every listener on a loopback address of the test's own and
free ports, keepalived never (--no-keepalived). Python 3 standard library.

    agent = Agent(path_to_exlb_agent, extra_args=["--session-idle", "2"])
    agent.start()                 # returns once the API answers
    api_client.request(agent, "GET", "/api/v1/status", token=...)
    agent.stop(); agent.cleanup()

An Agent has what api_client needs of a server (port, data_dir, cafile,
connect(), tls_context(), alive()), so the same test code talks to it.
"""
import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from waiting import wait_for  # noqa: E402,F401  (tests/support/waiting.py; also used through this module)

HAPROXY = "/usr/sbin/haproxy"


_PORTS_GIVEN = set()


def free_port(address="127.0.0.1"):
    """A TCP port nothing listens on at `address` (a bound-then-closed probe),
    never one this process was given before: the kernel may hand a closed
    probe's port out again, and two settings on one port make a configuration
    the agent refuses."""
    while True:
        with socket.socket() as s:
            s.bind((address, 0))
            port = s.getsockname()[1]
        if port not in _PORTS_GIVEN:
            _PORTS_GIVEN.add(port)
            return port


def accepts(port, address="127.0.0.1", timeout=1.0):
    try:
        with socket.create_connection((address, port), timeout=timeout):
            return True
    except OSError:
        return False


def snapshot(folder, skip=("audit",)):
    """Every file under `folder` with the SHA-256 of its content (names
    starting with a prefix in `skip` left out: the audit log must grow)."""
    out = {}
    for root, _, files in os.walk(folder):
        for name in files:
            if any(name.startswith(prefix) for prefix in skip):
                continue
            path = os.path.join(root, name)
            try:
                with open(path, "rb") as f:
                    out[os.path.relpath(path, folder)] = hashlib.sha256(f.read()).hexdigest()
            except FileNotFoundError:
                pass  # a temporary file that went away while we looked
    return out


def served_fingerprint(port, address="127.0.0.1", server_name="localhost"):
    """SHA-256 (hex) of the certificate a new TLS connection to address:port is shown."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection((address, port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=server_name) as tls:
            return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()


def loopback_address():
    """An address of 127.0.0.0/8 of this run's own, so the data plane's
    listeners (and a factory reset's well-known ports) meet no other test."""
    while True:
        candidate = f"127.{random.randint(100, 250)}.{random.randint(0, 255)}.{random.randint(2, 254)}"
        try:
            with socket.socket() as s:
                s.bind((candidate, 0))
            return candidate
        except OSError:
            continue


class Agent:
    """One exlb-agent process; start() again after stop() reuses its folders."""

    def __init__(self, binary, extra_args=(), haproxy=HAPROXY, work=None, hostname="exlb-test",
                 host_name="mail.example.test"):
        self.binary = binary
        self.haproxy = haproxy
        self.extra_args = list(extra_args)
        self.work = work or tempfile.mkdtemp(prefix="exlb-agent-")
        self.data_dir = os.path.join(self.work, "data")
        self.run_dir = os.path.join(self.work, "run")
        self.root = os.path.join(self.work, "root")
        for d in (self.data_dir, self.run_dir, self.root):
            os.makedirs(d, exist_ok=True)
        self.cafile = os.path.join(self.data_dir, "certs", "default.pem")
        self.log_path = os.path.join(self.work, "agent.log")
        self.address = loopback_address()  # the data plane's
        self.port = free_port()            # the management API's, on 127.0.0.1
        self.config = self._initial_config(hostname, host_name)
        self.config_file = os.path.join(self.work, "config.json")
        self.write_config(self.config)
        self.proc = None
        self.log = None
        self.reader = None
        self.verify = True  # check the API's certificate against data/certs/default.pem

    def _initial_config(self, hostname, host_name):
        config = json.loads(subprocess.run([self.binary, "--print-default-config"], check=True,
                                           capture_output=True, text=True).stdout)
        a = self.address
        config["network"].update({"address": a, "netmask": "255.0.0.0", "hostname": hostname})
        config["http"].update({"virtual_https_port": free_port(a), "redirect_http_port": free_port(a),
                               "host_name": host_name})
        config["rpc"].update({"endpoint_mapper_port": free_port(a), "client_access_port": free_port(a),
                              "address_book_port": free_port(a)})
        config["management"]["port"] = self.port
        return config

    def write_config(self, config):
        with open(os.path.join(self.work, "config.json"), "w") as f:
            json.dump(config, f)

    @property
    def https_port(self):
        return self.config["http"]["virtual_https_port"]

    # --- process ------------------------------------------------------------
    def start(self, with_config=True, timeout=60):
        """Starts the agent; with_config makes config.json the running
        configuration (else the agent starts on what it saved)."""
        argv = [self.binary, "--data-dir", self.data_dir, "--run-dir", self.run_dir,
                "--system-root", self.root, "--listen", f"127.0.0.1:{self.port}",
                "--haproxy", self.haproxy, "--no-keepalived", *self.extra_args]
        if with_config:
            argv += ["--config", self.config_file]
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.log)
        line = self.proc.stdout.readline().decode(errors="replace")
        if "exlb-agent ready" not in line:
            self.stop()
            raise RuntimeError(f"exlb-agent did not start: {line!r}\n{self.tail()}")
        # Keep reading stdout so the agent never blocks on a full pipe.
        self.reader = threading.Thread(target=self.proc.stdout.read, daemon=True)
        self.reader.start()
        self._admin_token = None
        wait_for(self._answers, "the management API", timeout)
        return self

    def _answers(self):
        try:
            with self.connect(timeout=5):
                return True
        except (OSError, ssl.SSLError):
            return False

    def wait_for_data_plane(self, timeout=30):
        wait_for(lambda: accepts(self.https_port, self.address), "HAProxy's HTTPS listener", timeout)

    def alive(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            if self.reader:
                self.reader.join(timeout=5)
            self.proc.stdout.close()
        if self.log:
            self.log.close()
            self.log = None
        self.proc = None

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.work, ignore_errors=True)

    @property
    def pid(self):
        return self.proc.pid

    def tail(self, size=4000):
        try:
            with open(self.log_path, "rb") as f:
                return f.read()[-size:].decode(errors="replace")
        except OSError:
            return ""

    # --- what api_client needs of a server ------------------------------------
    def tls_context(self):
        ctx = ssl.create_default_context(cafile=self.cafile)
        ctx.check_hostname = False  # the certificate names the host; we dial an address
        if not self.verify:  # a test that swaps the management certificate
            ctx.verify_mode = ssl.CERT_NONE
        return ctx

    def connect(self, source="127.0.0.1", timeout=10):
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=timeout,
                                       source_address=(source, 0))
        try:
            return self.tls_context().wrap_socket(raw, server_hostname="localhost")
        except BaseException:
            raw.close()
            raise

    # --- the data plane ------------------------------------------------------
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
        raise AssertionError("no Pid in HAProxy's show info")


def fake_hardware(root, uuid, mac):
    """A DMI UUID and two NICs (lo, eth0) under a system root: what the setup
    routes read for the appliance's identity (guide 7.1)."""
    os.makedirs(os.path.join(root, "sys/class/dmi/id"), exist_ok=True)
    with open(os.path.join(root, "sys/class/dmi/id/product_uuid"), "w") as f:
        f.write(uuid.lower() + "\n")
    for nic, address in (("lo", "00:00:00:00:00:00"), ("eth0", mac)):
        os.makedirs(os.path.join(root, "sys/class/net", nic), exist_ok=True)
        with open(os.path.join(root, "sys/class/net", nic, "address"), "w") as f:
            f.write(address + "\n")


# --- what the API and setup scripts share (one set-up, one command line) ---------
SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEV_KEY = os.path.join(SOURCE_DIR, "tests", "data", "vendor-dev-key.hex")
# The script's command line: --agent, and --vendor where the script signs
# licenses or firmware (main() fills it before the tests run).
ARGS = argparse.Namespace(agent=None, vendor=None)


def appliance(uuid, mac, extra_args=(), data_plane=False):
    """A started Agent (ARGS.agent) whose system root looks like an appliance
    (fake_hardware: what licenses bind to); with data_plane, once HAProxy's
    HTTPS listener accepts."""
    agent = Agent(ARGS.agent, extra_args)
    fake_hardware(agent.root, uuid, mac)
    agent.start()
    if data_plane:
        agent.wait_for_data_plane()
    return agent


def vendor(command, *argv, cwd=None):
    """Runs `exlb-vendor <command>` with the public development key (the key
    a development build trusts); returns its stdout (bytes)."""
    return subprocess.run([ARGS.vendor, command, DEV_KEY, *argv], check=True, capture_output=True,
                          cwd=cwd).stdout


def main(with_vendor=False):
    """A script's entry: --agent (and --vendor) into ARGS, then the
    script's unittest cases; other arguments go to unittest."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    if with_vendor:
        parser.add_argument("--vendor", required=True)
    args, rest = parser.parse_known_args()
    ARGS.agent = args.agent
    ARGS.vendor = getattr(args, "vendor", None)
    unittest.main(module="__main__", argv=[sys.argv[0]] + rest, verbosity=2)
