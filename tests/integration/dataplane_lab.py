"""Shared pieces of the data-plane tests, the lab and the benchmarks.

    import dataplane_lab as dl
    cfg = dl.lab_config(agent_binary, cas, hub)   # factory config + the lab's servers and ports
    agent = dl.Agent(agent_binary, workdir, cfg)   # exlb-agent --data-dir .. --run-dir .. --config ..
    agent.apply(cfg2)                              # rewrite the --config file + SIGHUP; waits for the outcome
    agent.stop()

Standard library only. Every address is loopback.
"""

import copy
import json
import os
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "mocks"))
import lab  # noqa: E402  (tests/mocks/lab.py: the mock CAS/HUB servers)

# The appliance's side of the lab: unprivileged ports on 127.0.0.1. RPC uses
# one port number per role on both sides (the schema has one field each), so
# the lab's RPC ports are the mocks' ones.
VIP = "127.0.0.1"
LAB_PORTS = {
    "https": 8443, "redirect": 8080,
    "imap": 8143, "imaps": 8993,
    "pop3": 8110, "pop3s": 8995,
    "smtp": 8025, "smtps": 8587,
    "rpc_epm": 1135, "rpc_ca": 60000, "rpc_ab": 60001,
}
HOST_NAME = "mail.exlb.test"


def find_agent(build_dir):
    path = os.path.join(build_dir, "agent", "exlb-agent")
    if not os.access(path, os.X_OK):
        raise SystemExit(f"exlb-agent not found at {path}: build first (scripts/build)")
    return path


def default_config(agent_binary):
    out = subprocess.run([agent_binary, "--print-default-config"], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def lab_config(agent_binary, cas, hub, ports=None, mail_mode="MAIL_MODE_CLEAR_AND_SSL_OFFLOAD",
               exchange="EXCHANGE_VERSION_2013_OR_LATER"):
    """The factory configuration, placed on 127.0.0.1 with unprivileged ports
    in front of the given mocks (lab.MockProcess lists), every service on."""
    p = dict(LAB_PORTS, **(ports or {}))
    c = default_config(agent_binary)
    c["network"].update({"hostname": "exlb-lab", "address": VIP, "netmask": "255.0.0.0"})
    c["exchange_version"] = exchange
    c["cas_servers"] = [{"address": m.address, "name": m.name,
                         "admin_state": "SERVER_ADMIN_STATE_READY"} for m in cas]
    mock_cas = lab.LAB_CAS_PORTS
    c["http"].update({"host_name": HOST_NAME, "virtual_https_port": p["https"],
                      "redirect_http_port": p["redirect"],
                      "cas_http_port": _port(cas, "http", mock_cas),
                      "cas_https_port": _port(cas, "https", mock_cas)})
    for area, clear, tls in (("imap", "imap", "imaps"), ("pop3", "pop3", "pop3s")):
        c[area].update({"mode": mail_mode, "virtual_port": p[clear], "virtual_tls_port": p[tls],
                        "server_port": _port(cas, clear, mock_cas),
                        "server_tls_port": _port(cas, tls, mock_cas)})
    c["rpc"].update({"state": "TOGGLE_ENABLED", "endpoint_mapper_port": p["rpc_epm"],
                     "client_access_port": p["rpc_ca"], "address_book_port": p["rpc_ab"]})
    c["smtp"].update({"mode": mail_mode if hub else "MAIL_MODE_DISABLED",
                      "virtual_port": p["smtp"], "virtual_tls_port": p["smtps"],
                      "server_port": _port(hub, "smtp", lab.LAB_HUB_PORTS),
                      "server_tls_port": _port(hub, "smtps", lab.LAB_HUB_PORTS),
                      "hub_servers": [{"address": m.address, "name": m.name,
                                       "admin_state": "SERVER_ADMIN_STATE_READY"} for m in hub]})
    # The management port must not clash with anything on 127.0.0.1.
    c["management"]["port"] = 4444
    return c


def _port(servers, kind, lab_ports):
    """The servers' port for `kind`, or the lab's number when they do not
    listen on it (a benchmark's mock may serve HTTP only)."""
    if servers and kind in servers[0].ports:
        return servers[0].port(kind)
    return lab_ports[kind][0]


class Agent:
    """exlb-agent as a child process with its own data and run dirs under
    `workdir`, started on `config` (--config). `apply()` rewrites that file
    and sends SIGHUP (the agent applies it through its one change path)."""

    def __init__(self, binary, workdir, config, listen="127.0.0.1:0", haproxy=None,
                 echo=False, log_level="info"):
        self.workdir = workdir
        self.data_dir = os.path.join(workdir, "data")
        self.run_dir = os.path.join(workdir, "run")
        self.config_path = os.path.join(workdir, "config.json")
        self.log_path = os.path.join(workdir, "agent.log")
        os.makedirs(workdir, exist_ok=True)
        self._write(config)
        argv = [binary, "--data-dir", self.data_dir, "--run-dir", self.run_dir,
                "--system-root", os.path.join(workdir, "root"), "--config", self.config_path,
                "--listen", listen, "--log-level", log_level]
        if haproxy:
            argv += ["--haproxy", haproxy]
        self.log_file = open(self.log_path, "ab")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.lines = []
        self.cond = threading.Condition()
        self.echo = echo
        self.pumps = [threading.Thread(target=self._pump, args=(stream,), daemon=True)
                      for stream in (self.proc.stderr, self.proc.stdout)]
        for t in self.pumps:
            t.start()
        ready = self.wait_line(r"exlb-agent ready: api (\S+):(\d+)", 60)
        if not ready:
            self.stop()
            # The log goes with the test's temporary folder: say what it said.
            raise RuntimeError("the agent did not start; it said:\n" + "".join(self.lines[-20:]))
        self.api_port = int(ready.group(2))
        if not self.wait_line(r"data plane start: ", 60):
            raise RuntimeError("the data plane did not start; see " + self.log_path)

    def _pump(self, stream):
        for raw in iter(stream.readline, b""):
            self.log_file.write(raw)
            self.log_file.flush()
            line = raw.decode(errors="replace").rstrip("\n")
            if self.echo:
                print(line, file=sys.stderr, flush=True)
            with self.cond:
                self.lines.append(line)
                self.cond.notify_all()

    def wait_line(self, pattern, timeout, start=0):
        """The first log line from index `start` matching `pattern`."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            i = start
            while True:
                while i < len(self.lines):
                    m = rx.search(self.lines[i])
                    if m:
                        return m
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0 or self.proc.poll() is not None and i >= len(self.lines):
                    return None
                self.cond.wait(min(left, 0.2))

    def mark(self):
        with self.cond:
            return len(self.lines)

    def _write(self, config):
        tmp = self.config_path + ".tmp"
        with open(tmp, "w") as f:
            json.dump(config, f, indent=1)
        os.replace(tmp, self.config_path)

    def apply(self, config, timeout=60):
        """Applies `config` (SIGHUP path); returns the agent's outcome line."""
        start = self.mark()
        self._write(config)
        self.proc.send_signal(signal.SIGHUP)
        m = self.wait_line(r"SIGHUP(: | apply: )(.*)", timeout, start)
        if not m:
            raise RuntimeError("no outcome for the SIGHUP apply; see " + self.log_path)
        return m.group(0)

    def haproxy_pid(self):
        """The HAProxy master's pid, from its master CLI."""
        out = self.master_cli("show proc")
        for line in out.splitlines():
            f = line.split()
            if len(f) > 1 and f[1] == "master":
                return int(f[0])
        return None

    def master_cli(self, command):
        return unix_command(os.path.join(self.run_dir, "master.sock"), command)

    def stats_cli(self, command):
        return unix_command(os.path.join(self.run_dir, "haproxy.sock"), command)

    def server_status(self, backend, server):
        """HAProxy's status word for one server ("UP", "DOWN", "DRAIN", "MAINT", ...)."""
        lines = self.stats_cli("show stat").splitlines()
        if not lines:
            return None
        cols = lines[0].lstrip("# ").split(",")
        for line in lines[1:]:
            row = dict(zip(cols, line.split(",")))
            if row.get("pxname") == backend and row.get("svname") == server:
                return row.get("status")
        return None

    def stop(self, timeout=30):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for t in self.pumps:
            t.join(5)
        self.proc.stdout.close()
        self.proc.stderr.close()
        self.log_file.close()
        return self.proc.returncode


def unix_command(path, command, timeout=5):
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(timeout)
    try:
        s.connect(path)
        s.sendall(command.encode() + b"\n")
        s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
        return data.decode(errors="replace")
    finally:
        s.close()


# ---- clients ---------------------------------------------------------------

def tls_context():
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def http_request(port, path="/", host=HOST_NAME, tls=False, headers=None, address=VIP,
                 source=None, timeout=5, method="GET"):
    """One request on a new connection. Returns (status, headers dict lower-case,
    body str, peer certificate DER or None)."""
    raw = socket.create_connection((address, port), timeout=timeout,
                                   source_address=(source, 0) if source else None)
    cert = None
    sock = raw
    try:
        if tls:
            sock = tls_context().wrap_socket(raw, server_hostname=host)
            cert = sock.getpeercert(binary_form=True)
        h = {"Host": host, "Connection": "close"}
        h.update(headers or {})
        req = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items()) + "\r\n"
        sock.sendall(req.encode())
        data = b""
        while True:
            d = sock.recv(65536)
            if not d:
                break
            data += d
    finally:
        sock.close()
        raw.close()
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode(errors="replace").split("\r\n")
    status = int(lines[0].split()[1]) if lines and len(lines[0].split()) > 1 else 0
    hdrs = {}
    for l in lines[1:]:
        k, _, v = l.partition(":")
        hdrs[k.strip().lower()] = v.strip()
    return status, hdrs, body.decode(errors="replace"), cert


def line_exchange(port, tls=False, send=None, address=VIP, source=None, timeout=5, host=HOST_NAME):
    """Connects, reads the greeting line, optionally sends `send` and reads
    one more chunk. Returns (greeting, reply)."""
    raw = socket.create_connection((address, port), timeout=timeout,
                                   source_address=(source, 0) if source else None)
    sock = raw
    try:
        if tls:
            sock = tls_context().wrap_socket(raw, server_hostname=host)
        greeting = _read_line(sock)
        reply = ""
        if send is not None:
            sock.sendall(send.encode())
            reply = _read_line(sock)
        return greeting, reply
    finally:
        sock.close()
        raw.close()


def _read_line(sock):
    data = b""
    while not data.endswith(b"\n"):
        d = sock.recv(4096)
        if not d:
            break
        data += d
    return data.decode(errors="replace").strip()
