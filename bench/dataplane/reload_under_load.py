#!/usr/bin/env python3
"""Reload under load: failed requests and TCP resets while a load generator
opens new connections continuously and HAProxy is reloaded again and again.

A (exlb):     exlb-agent applying a changed configuration each time (SIGHUP
              path: validate, render, haproxy -c, master-worker reload with
              listener transfer, probe).
B (baseline): the same HAProxy started by hand the old way, `haproxy -D` and
              reloaded with `-sf <old pids>` (no socket transfer).

Runs alternate A, B, A, B... and the medians are printed with the ratio.

    python3 bench/dataplane/reload_under_load.py --build build --reloads 200 --runs 5
"""

import argparse
import copy
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


class Load:
    """Threads opening a new connection per request (HTTP/1.0 GET)."""

    def __init__(self, port, threads=4):
        self.port = port
        self.stop = threading.Event()
        self.ok = 0
        self.failed = 0
        self.resets = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run) for _ in range(threads)]

    def run(self):
        req = f"GET /autodiscover/x HTTP/1.0\r\nHost: {dl.HOST_NAME}\r\n\r\n".encode()
        while not self.stop.is_set():
            result = "failed"
            try:
                s = socket.create_connection((dl.VIP, self.port), timeout=5)
                try:
                    s.sendall(req)
                    data = b""
                    while True:
                        d = s.recv(65536)
                        if not d:
                            break
                        data += d
                    if data.startswith(b"HTTP/1.") and b" 200 " in data[:20]:
                        result = "ok"
                finally:
                    s.close()
            except ConnectionResetError:
                result = "reset"
            except OSError:
                result = "failed"
            with self.lock:
                if result == "ok":
                    self.ok += 1
                elif result == "reset":
                    self.resets += 1
                else:
                    self.failed += 1

    def __enter__(self):
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join()


BASELINE_CFG = """global
    stats socket {run}/b.sock mode 600 level admin
    pidfile {run}/b.pid
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend web
    bind 127.0.0.1:{port}
    default_backend cas
backend cas
    balance roundrobin
{servers}
"""


def run_baseline(binary, run, port, servers, reloads, variant):
    cfg = os.path.join(run, "b.cfg")
    with open(cfg, "w") as f:
        f.write(BASELINE_CFG.format(run=run, port=port, servers="\n".join(
            f"    server {s.name} {s.address}:{s.port('http')} check inter 2s" for s in servers))
            + f"# {variant}\n")
    pidfile = os.path.join(run, "b.pid")
    subprocess.run([binary, "-D", "-f", cfg, "-p", pidfile], check=True)
    time.sleep(0.3)
    try:
        with Load(port) as load:
            for _ in range(reloads):
                old = open(pidfile).read().split()
                subprocess.run([binary, "-D", "-f", cfg, "-p", pidfile, "-sf", *old], check=True)
                time.sleep(0.1)  # the same pace as exlb's reload cycle, roughly
        return load
    finally:
        for pid in open(pidfile).read().split():
            try:
                os.kill(int(pid), signal.SIGTERM)
            except ProcessLookupError:
                pass
        time.sleep(0.3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(dl.TOP, "build"))
    ap.add_argument("--reloads", type=int, default=200, help="reloads per run")
    ap.add_argument("--runs", type=int, default=5, help="runs of each of A and B")
    args = ap.parse_args()
    binary = dl.find_agent(os.path.abspath(args.build))
    tmp = tempfile.mkdtemp(prefix="exlb-bench-reload-")
    servers = []
    agent = None
    try:
        http_port = free_port()
        servers = [lab.start_mock(f"cas{i + 1}", f"127.0.40.{11 + i}", {"http": [http_port]})
                   for i in range(2)]
        ports = {k: free_port() for k in dl.LAB_PORTS}
        cfg = dl.lab_config(binary, servers, [], ports, mail_mode="MAIL_MODE_DISABLED")
        cfg["rpc"]["state"] = "TOGGLE_DISABLED"
        cfg["http"]["mode"] = "HTTP_MODE_SSL_OFFLOAD"
        cfg["management"]["port"] = free_port()
        agent = dl.Agent(binary, os.path.join(tmp, "agent"), cfg)
        time.sleep(1.5)  # checks up
        # exlb's load goes over TLS to a real backend (what clients do); the
        # baseline's over clear HTTP: failures, not speed, are compared.
        base_port = free_port()
        a_fail, b_fail, a_ok, b_ok = [], [], [], []
        for run in range(args.runs):
            la = run_exlb_tls(agent, cfg, ports["https"], args.reloads)
            a_fail.append(la.failed + la.resets)
            a_ok.append(la.ok)
            lb = run_baseline("/usr/sbin/haproxy", tmp, base_port, servers, args.reloads, run)
            b_fail.append(lb.failed + lb.resets)
            b_ok.append(lb.ok)
            print(f"run {run + 1}: exlb {la.failed} failed + {la.resets} resets of {la.ok + la.failed + la.resets}; "
                  f"baseline (-D -sf) {lb.failed} failed + {lb.resets} resets of {lb.ok + lb.failed + lb.resets}",
                  flush=True)
        ma, mb = statistics.median(a_fail), statistics.median(b_fail)
        print(f"\nreload under load, {args.reloads} reloads per run, median of {args.runs} alternating runs:")
        print(f"  baseline (haproxy -D -sf, no socket transfer): {mb} failed requests "
              f"({mb / args.reloads:.2f} per reload), {statistics.median(b_ok)} ok")
        print(f"  exlb (master-worker, expose-fd listeners):      {ma} failed requests "
              f"({ma / args.reloads:.2f} per reload), {statistics.median(a_ok)} ok")
        print(f"  ratio exlb/baseline failed requests: {ma / mb if mb else float('nan'):.3f}")
    finally:
        if agent:
            agent.stop()
        lab.stop_all(servers)
        shutil.rmtree(tmp, ignore_errors=True)


class TlsLoad(Load):
    def run(self):
        req = f"GET /autodiscover/x HTTP/1.0\r\nHost: {dl.HOST_NAME}\r\n\r\n".encode()
        ctx = dl.tls_context()
        while not self.stop.is_set():
            result = "failed"
            try:
                raw = socket.create_connection((dl.VIP, self.port), timeout=5)
                try:
                    s = ctx.wrap_socket(raw, server_hostname=dl.HOST_NAME)
                    s.sendall(req)
                    data = b""
                    while True:
                        d = s.recv(65536)
                        if not d:
                            break
                        data += d
                    if b" 200 " in data[:20]:
                        result = "ok"
                finally:
                    raw.close()
            except ConnectionResetError:
                result = "reset"
            except OSError:
                result = "failed"
            with self.lock:
                if result == "ok":
                    self.ok += 1
                elif result == "reset":
                    self.resets += 1
                else:
                    self.failed += 1


def run_exlb_tls(agent, cfg, port, reloads):
    with TlsLoad(port) as load:
        for i in range(reloads):
            c = copy.deepcopy(cfg)
            c["http"]["timeout_seconds"] = 26 + (i % 2)
            out = agent.apply(c)
            if "applied" not in out:
                raise RuntimeError(out)
    return load


if __name__ == "__main__":
    main()
