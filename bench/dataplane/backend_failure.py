#!/usr/bin/env python3
"""Backend failure: how long a dead (SIGKILL) or hung (SIGSTOP) CAS server
stays in rotation, and how many client requests fail meanwhile.

A (exlb):     the agent's rendered configuration (fast checks, observe layer4,
              retries + redispatch for idempotent requests).
B (baseline): a hand-written HAProxy with HAProxy's default check timers
              (`check`, i.e. inter 2s fall 3 rise 2), what an engineer writes
              without exlb.

For each failure kind, runs alternate A, B, A, B... (medians of --runs).

    python3 bench/dataplane/backend_failure.py --build build --runs 5
"""

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "integration"))
import dataplane_lab as dl  # noqa: E402
from fixture import free_port  # noqa: E402

lab = dl.lab


class Load(threading.Thread):
    """Clear HTTP GETs on new connections, as fast as one thread goes."""

    def __init__(self, port, path):
        super().__init__()
        self.port, self.path = port, path
        self.stop = threading.Event()
        self.ok = self.failed = 0

    def run(self):
        req = f"GET {self.path} HTTP/1.0\r\nHost: {dl.HOST_NAME}\r\n\r\n".encode()
        while not self.stop.is_set():
            try:
                s = socket.create_connection((dl.VIP, self.port), timeout=15)
                try:
                    s.sendall(req)
                    data = s.recv(64)
                    good = b" 200 " in data[:20]
                finally:
                    s.close()
            except OSError:
                good = False
            if good:
                self.ok += 1
            else:
                self.failed += 1


def server_status(sock, backend, server):
    lines = dl.unix_command(sock, "show stat").splitlines()
    cols = lines[0].lstrip("# ").split(",")
    for l in lines[1:]:
        r = dict(zip(cols, l.split(",")))
        if r.get("pxname") == backend and r.get("svname") == server:
            return r.get("status", "")
    return ""


def measure(sock, backend, port, path, victim, kind, load_cls, limit=30):
    """Fails `victim`, returns (seconds until DOWN, failed requests, ok requests)."""
    load = load_cls(port, path)
    load.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    if kind == "killed":
        victim.kill()
    else:
        victim.pause()
    took = None
    while time.monotonic() - t0 < limit:
        if server_status(sock, backend, victim.name).startswith("DOWN"):
            took = time.monotonic() - t0
            break
        time.sleep(0.005)
    time.sleep(0.3)
    load.stop.set()
    load.join()
    return took, load.failed, load.ok


BASELINE = """global
    stats socket {sock} mode 600 level admin
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend web
    bind 127.0.0.1:{port}
    default_backend autodiscover
backend autodiscover
    balance roundrobin
    option httpchk GET /autodiscover/healthcheck.htm
{servers}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(dl.TOP, "build"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    binary = dl.find_agent(os.path.abspath(args.build))
    tmp = tempfile.mkdtemp(prefix="exlb-bench-fail-")
    http_port = free_port()
    results = {}
    try:
        for kind in ("killed", "hung"):
            for run in range(args.runs):
                for side in ("exlb", "baseline"):
                    servers = [lab.start_mock(f"cas{i + 1}", f"127.0.41.{11 + i}",
                                              {"http": [http_port]}) for i in range(3)]
                    agent = proc = None
                    try:
                        if side == "exlb":
                            ports = {k: free_port() for k in dl.LAB_PORTS}
                            cfg = dl.lab_config(binary, servers, [], ports,
                                                mail_mode="MAIL_MODE_DISABLED")
                            cfg["rpc"]["state"] = "TOGGLE_DISABLED"
                            # exlb publishes HTTP through ssl-offload: its load
                            # speaks TLS; the CAS side is clear HTTP in both.
                            cfg["management"]["port"] = free_port()
                            agent = dl.Agent(binary, os.path.join(tmp, f"a{kind}{run}"), cfg)
                            sock = os.path.join(agent.run_dir, "haproxy.sock")
                            port, tls = ports["https"], True
                        else:
                            sock = os.path.join(tmp, "b.sock")
                            port, tls = free_port(), False
                            cfg_path = os.path.join(tmp, "b.cfg")
                            with open(cfg_path, "w") as f:
                                f.write(BASELINE.format(sock=sock, port=port, servers="\n".join(
                                    f"    server {s.name} {s.address}:{http_port} check"
                                    for s in servers)))
                            proc = subprocess.Popen(["/usr/sbin/haproxy", "-db", "-f", cfg_path],
                                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        wait_up(sock, "autodiscover", [s.name for s in servers])
                        took, failed, ok = measure(sock, "autodiscover", port, "/autodiscover/x",
                                                   servers[0], kind, TlsLoad if tls else Load)
                        results.setdefault((kind, side), []).append((took, failed, ok))
                        print(f"{kind} run {run + 1} {side}: out of rotation after "
                              f"{took if took is None else round(took, 3)} s, "
                              f"{failed} failed of {failed + ok} requests", flush=True)
                    finally:
                        if servers[0].proc.poll() is None:
                            servers[0].resume()
                        if agent:
                            agent.stop()
                        if proc:
                            proc.terminate()
                            proc.wait()
                        lab.stop_all(servers)
        print("\nbackend failure, medians of", args.runs, "alternating runs:")
        for kind in ("killed", "hung"):
            a = results[(kind, "exlb")]
            b = results[(kind, "baseline")]
            ta = statistics.median(x[0] or 99 for x in a)
            tb = statistics.median(x[0] or 99 for x in b)
            fa = statistics.median(x[1] for x in a)
            fb = statistics.median(x[1] for x in b)
            print(f"  {kind}: baseline (default timers) {tb:.3f} s, {fb} failed requests; "
                  f"exlb {ta:.3f} s, {fa} failed requests; time ratio exlb/baseline {ta / tb:.3f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def wait_up(sock, backend, names, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if all(server_status(sock, backend, n).startswith("UP") for n in names):
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("servers not up")


class TlsLoad(Load):
    def run(self):
        req = f"GET {self.path} HTTP/1.0\r\nHost: {dl.HOST_NAME}\r\n\r\n".encode()
        ctx = dl.tls_context()
        while not self.stop.is_set():
            try:
                raw = socket.create_connection((dl.VIP, self.port), timeout=15)
                try:
                    s = ctx.wrap_socket(raw, server_hostname=dl.HOST_NAME)
                    s.sendall(req)
                    good = b" 200 " in s.recv(64)[:20]
                finally:
                    raw.close()
            except OSError:
                good = False
            if good:
                self.ok += 1
            else:
                self.failed += 1


if __name__ == "__main__":
    main()
