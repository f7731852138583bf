"""Shared pieces of the data-plane benchmarks (bench/dataplane/*.py).

    import benchlib as bl
    bl.dl, bl.lab, bl.free_port          # tests/integration/dataplane_lab.py, tests/mocks/lab.py
    load = bl.ConnectionLoad(port, tls=True); load.start(); ...; load.finish()
    origin = bl.Origin(tmp, ["127.0.42.11", "127.0.42.12"])   # fast HAProxy origin
    hand = bl.HandHaproxy(tmp, "hand", text)                  # a hand-written HAProxy (-W)
    agent, cfg, ports = bl.start_exlb(binary, workdir, servers)
    text, port = bl.clear_copy_of_rendered(rendered, tmp)   # exlb's rules without TLS
    text, port = bl.tls_copy_of_rendered(rendered, tmp)     # exlb's file, new ports
    bl.worker_pids(master_sock); bl.cpu_seconds(pids)
    bl.report(name, results, a, b)                             # medians and the ratio

Each benchmark measures its baseline in the same run, alternating A and B,
and reports medians. Standard library only; every address is loopback.
"""

import os
import re
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import threading

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
sys.path.insert(0, os.path.join(TOP, "tests", "support"))
import dataplane_lab as dl  # noqa: E402
from waiting import wait_for  # noqa: E402
from fixture import free_port  # noqa: E402

lab = dl.lab
HAPROXY = os.environ.get("EXLB_HAPROXY", "/usr/sbin/haproxy")
MAKE_CERT = os.path.join(TOP, "tests", "support", "make_test_cert.sh")
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ---- load ------------------------------------------------------------------

class ConnectionLoad:
    """Threads sending one GET per new connection (HTTP/1.0, read to the end),
    clear or over TLS. Counts answers with status 200 (ok), connections reset
    (resets) and everything else (failed: refused, timed out, closed early,
    another status)."""

    def __init__(self, port, path="/autodiscover/x", tls=False, threads=1,
                 address=dl.VIP, timeout=5):
        self.port, self.path, self.tls, self.address, self.timeout = port, path, tls, address, timeout
        self.stop = threading.Event()
        self.ok = self.failed = self.resets = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _one(self, req, ctx):
        raw = socket.create_connection((self.address, self.port), timeout=self.timeout)
        raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            s = ctx.wrap_socket(raw, server_hostname=dl.HOST_NAME) if ctx else raw
            s.sendall(req)
            data = b""
            while True:
                d = s.recv(65536)
                if not d:
                    break
                data += d
            return "ok" if data.startswith(b"HTTP/1.") and b" 200 " in data[:20] else "failed"
        finally:
            raw.close()

    def _run(self):
        req = f"GET {self.path} HTTP/1.0\r\nHost: {dl.HOST_NAME}\r\n\r\n".encode()
        ctx = client_context() if self.tls else None
        while not self.stop.is_set():
            try:
                result = self._one(req, ctx)
            except ConnectionResetError:
                result = "reset"
            except (OSError, ssl.SSLError):
                result = "failed"
            with self.lock:
                if result == "ok":
                    self.ok += 1
                elif result == "reset":
                    self.resets += 1
                else:
                    self.failed += 1

    def start(self):
        for t in self.threads:
            t.start()
        return self

    def finish(self):
        self.stop.set()
        for t in self.threads:
            t.join()
        return self

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.finish()

    @property
    def total(self):
        return self.ok + self.failed + self.resets


def client_context():
    """A TLS client context that trusts anything: made without loading the
    system's CA store, which costs milliseconds per context."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def get(port, path, ctx=None, address=dl.VIP, timeout=5):
    """One GET on a new connection (TLS when ctx); returns (status, body)."""
    raw = socket.create_connection((address, port), timeout=timeout)
    raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        s = ctx.wrap_socket(raw, server_hostname=dl.HOST_NAME) if ctx else raw
        s.sendall(f"GET {path} HTTP/1.0\r\nHost: {dl.HOST_NAME}\r\n\r\n".encode())
        data = b""
        while True:
            d = s.recv(65536)
            if not d:
                break
            data += d
    finally:
        raw.close()
    head, _, body = data.partition(b"\r\n\r\n")
    first = head.split(b"\r\n", 1)[0].split()
    return (int(first[1]) if len(first) > 1 and first[1].isdigit() else 0), body.decode(errors="replace")


# ---- HAProxy processes -----------------------------------------------------

def cpu_seconds(pids):
    """User + system CPU seconds used so far by these processes (all their
    threads), from /proc/<pid>/stat; a pid that is gone counts 0."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)
    return total / CLK_TCK


def worker_pids(master_sock):
    """The current workers' pids from a master CLI's `show proc`."""
    out = dl.unix_command(master_sock, "show proc")
    pids = []
    for line in out.splitlines():
        if line.startswith("# old workers"):
            break
        f = line.split()
        if len(f) > 2 and f[1] == "worker" and f[0].isdigit():
            pids.append(int(f[0]))
    return pids


def master_reloads(master_sock):
    for line in dl.unix_command(master_sock, "show proc").splitlines():
        f = line.split()
        if len(f) > 2 and f[1] == "master":
            return int(f[2])
    return None


class HandHaproxy:
    """A hand-written HAProxy as an engineer runs it under systemd: master-
    worker (-W) with a master CLI socket, reloaded through the master."""

    def __init__(self, tmp, name, text, env=None):
        self.dir = os.path.join(tmp, name)
        os.makedirs(self.dir, exist_ok=True)
        self.cfg = os.path.join(self.dir, "haproxy.cfg")
        self.master_sock = os.path.join(self.dir, "master.sock")
        with open(self.cfg, "w") as f:
            f.write(text)
        self.proc = subprocess.Popen([HAPROXY, "-W", "-db", "-S", self.master_sock, "-f", self.cfg],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                     env={**os.environ, **(env or {})})

        def started():
            if self.proc.poll() is not None:
                raise RuntimeError(f"haproxy exited on {self.cfg}: {self.proc.returncode}")
            return worker_pids(self.master_sock)
        wait_for(started, "the hand-written haproxy to start", 10, step=0.05, ignore=(OSError,))

    def workers(self):
        return worker_pids(self.master_sock)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGUSR1)  # soft stop: the workers finish, then exit
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


class Origin:
    """The fast origin standing for the CAS servers: one single-threaded
    HAProxy answering every request itself (`http-request return`, 200 and
    a 2-byte body), on each given loopback address, clear (`http`) and over
    TLS (`https`, for the direct HTTPS baseline). It looks like the lab's
    mocks to dataplane_lab.lab_config (name, address, ports, port())."""

    class Server:
        def __init__(self, name, address, ports):
            self.name, self.address, self.ports = name, address, ports

        def port(self, kind, index=0):
            return self.ports[kind][index]

    def __init__(self, tmp, addresses, cert_pem, threads=1):
        self.http_port, self.https_port = free_port(), free_port()
        binds = "".join(f"    bind {a}:{self.http_port}\n    bind {a}:{self.https_port} ssl crt {cert_pem}\n"
                        for a in addresses)
        text = (f"global\n    nbthread {threads}\n"
                "defaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n"
                "    timeout server 30s\n    timeout http-keep-alive 30s\n"
                f"frontend origin\n{binds}"
                "    http-request return status 200 content-type text/plain string ok\n")
        self.hand = HandHaproxy(tmp, "origin", text)
        self.servers = [self.Server(f"cas{i + 1}", a, {"http": [self.http_port], "https": [self.https_port]})
                        for i, a in enumerate(addresses)]

    def stop(self):
        self.hand.stop()


def make_cert(directory, ident, rsa=False):
    """A self-signed certificate for mail.exlb.test: `<dir>/<ident>.pem`
    (chain + key, HAProxy's and the agent's store's form)."""
    args = ["bash", MAKE_CERT, dl.HOST_NAME, directory, ident] + (["--rsa"] if rsa else [])
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(directory, ident + ".pem")


# ---- exlb ------------------------------------------------------------------

def exlb_config(binary, servers, certificate=None):
    """The lab configuration with HTTP only (ssl-offload, Exchange 2013+),
    every other service off, on free ports. Returns (config, ports)."""
    ports = {k: free_port() for k in dl.LAB_PORTS}
    cfg = dl.lab_config(binary, servers, [], ports, mail_mode="MAIL_MODE_DISABLED")
    cfg["rpc"]["state"] = "TOGGLE_DISABLED"
    cfg["http"]["mode"] = "HTTP_MODE_SSL_OFFLOAD"
    if certificate:
        cfg["http"]["certificate"] = certificate
    cfg["management"]["port"] = free_port()
    return cfg, ports


def start_exlb(binary, workdir, servers, certificates=(), certificate=None, tweak=None):
    """exlb-agent on the HTTP-only lab configuration. `certificates` are .pem
    files put into its certificate store first (id = file name less .pem);
    `certificate` is the id the HTTPS service uses. Returns (agent, cfg, ports)."""
    certs = os.path.join(workdir, "data", "certs")
    os.makedirs(certs, exist_ok=True)
    for pem in certificates:
        shutil.copy(pem, os.path.join(certs, os.path.basename(pem)))
    cfg, ports = exlb_config(binary, servers, certificate)
    if tweak:
        tweak(cfg)
    agent = dl.Agent(binary, workdir, cfg)
    return agent, cfg, ports


def clear_copy_of_rendered(rendered, tmp):
    """The agent's rendered file with TLS taken off the HTTPS bind, on new
    ports and its own sockets, so it runs beside the agent. Returns (text, port)."""
    ports = {}

    def rebind(m):
        old = m.group(1)
        ports.setdefault(old, free_port())
        return f"bind 127.0.0.1:{ports[old]}"

    first_bind = re.search(r"bind 127\.0\.0\.1:(\d+) ssl ", rendered)
    if not first_bind:
        raise RuntimeError("no ssl-offload bind in the rendered configuration")
    text = re.sub(r"bind 127\.0\.0\.1:(\d+)( ssl crt \S+)?( tls-ticket-keys \S+)?( alpn \S+)?",
                  rebind, rendered)
    text = re.sub(r"stats socket \S+", f"stats socket {tmp}/exlb-clear.sock", text)
    return text, ports[first_bind.group(1)]


def tls_copy_of_rendered(rendered, directory):
    """The agent's rendered file with TLS kept, every bind on a new port and
    its own stats socket in `directory`, so it runs beside the agent (it
    reads the agent's certificate and ticket keys). Returns (text, port of
    the ssl-offload bind)."""
    ports = {}

    def rebind(m):
        ports.setdefault(m.group(1), free_port())
        return f"bind 127.0.0.1:{ports[m.group(1)]}"

    first_bind = re.search(r"bind 127\.0\.0\.1:(\d+) ssl ", rendered)
    if not first_bind:
        raise RuntimeError("no ssl-offload bind in the rendered configuration")
    text = re.sub(r"bind 127\.0\.0\.1:(\d+)", rebind, rendered)
    text = re.sub(r"stats socket \S+", f"stats socket {directory}/stats.sock", text)
    return text, ports[first_bind.group(1)]


def agent_workers(agent):
    return worker_pids(os.path.join(agent.run_dir, "master.sock"))


def agent_haproxy_environment(agent):
    """What the agent adds to its HAProxy's environment (today the glibc
    malloc tunables), read from the running worker's /proc/<pid>/environ.
    A copy of the rendered file run beside the agent gets the same, so it
    costs what the agent's HAProxy costs and not what a bare file costs.
    HAProxy's own HAPROXY_* variables (set for its re-execution) stay out."""
    with open(f"/proc/{agent_workers(agent)[0]}/environ", "rb") as f:
        theirs = dict(e.decode().split("=", 1) for e in f.read().split(b"\0") if b"=" in e)
    return {k: v for k, v in theirs.items() if os.environ.get(k) != v and not k.startswith("HAPROXY_")}


def wait_servers_up(stats_sock, backend, names, timeout=20):
    wait_for(lambda: all(server_status(stats_sock, backend, n).startswith("UP") for n in names),
             f"the servers of {backend} to be up", timeout, ignore=(OSError,))


def server_status(stats_sock, backend, server):
    lines = dl.unix_command(stats_sock, "show stat").splitlines()
    if not lines:
        return ""
    cols = lines[0].lstrip("# ").split(",")
    for line in lines[1:]:
        row = dict(zip(cols, line.split(",")))
        if row.get("pxname") == backend and row.get("svname") == server:
            return row.get("status", "")
    return ""


# ---- results ---------------------------------------------------------------

def machine():
    """What else the machine was doing: ratios in the same run hold up under
    load, absolute numbers do not."""
    return (f"{os.cpu_count()} CPUs, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}, "
            f"haproxy {subprocess.run([HAPROXY, '-v'], capture_output=True, text=True).stdout.split()[2]}")


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def ratio(a, b):
    return a / b if b else float("nan")


def alternate(runs, sides, measure):
    """Calls measure(side, run) for run in range(runs), sides in turn
    (A, B, A, B, ...); returns {side: [result, ...]}."""
    results = {s: [] for s in sides}
    for run in range(runs):
        for side in sides:
            results[side].append(measure(side, run))
    return results
