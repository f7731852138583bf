#!/usr/bin/env python3
"""TLS: full and resumed handshakes per HAProxy CPU-second, with an ECDSA
P-256 and an RSA-2048 certificate, through exlb's ssl-offload frontend and a
hand-written HAProxy TLS frontend, and as a share of the crypto ceiling that
`openssl speed` measures in the same run.

Each connection: TLS handshake (Python's ssl; TLS 1.3, and TLS 1.2 as older
Windows clients negotiate), one `GET /exlb-bench-tls` HTTP/1.0 that the load
balancer answers itself (404; the request makes the client read the session
ticket, and keeps the CAS side out of the cost), close.
Full: every connection starts without a session. Resumed: each client thread
offers the session (ticket) of its previous connection, as returning Outlook
and phone clients do; the share actually resumed is printed.

Sides, alternated in every run: hand (`bind ... ssl crt <pem>` and a
default_backend, Debian's defaults for everything else) and exlb (the agent's
rendered configuration). HAProxy CPU per handshake: utime+stime of the
workers over the run (/proc/<pid>/stat), less what they use idle over the
same time (measured just before), divided by the connections served.

Ceiling: `openssl speed -seconds N ecdsap256 rsa2048`, signatures per second
on one core: a full handshake needs one signature and nothing can beat that.

    python3 bench/dataplane/tls_handshakes.py --build build-dpbench --runs 5 --seconds 3
    python3 bench/dataplane/tls_handshakes.py --build build-dpbench --runs 3 --settings
"""

import argparse
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

import benchlib as bl

dl = bl.dl

HAND = """global
    log stderr format short local0 warning
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend exchange
    bind 127.0.0.1:{port} ssl crt {cert}
    http-request return status 404 content-type text/plain string "Not found." if {{ path /exlb-bench-tls }}
    default_backend cas
backend cas
    balance roundrobin
    option httpchk GET /owa/healthcheck.htm
{servers}
"""


IDLE_SECONDS = 1.0
# A path both frontends answer themselves (exlb: 404 for what no Exchange
# service owns), so no CAS connection is part of the cost.
PATH = "/exlb-bench-tls"


class Handshakes:
    """Client threads making TLS connections with one GET each."""

    def __init__(self, port, resume, threads, version):
        self.port, self.resume, self.version = port, resume, version
        self.stop = threading.Event()
        self.ok = self.failed = self.resumed = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, daemon=True) for _ in range(threads)]

    def _run(self):
        ctx = bl.client_context()
        if self.version == "1.2":
            ctx.maximum_version = ssl.TLSVersion.TLSv1_2
        req = f"GET {PATH} HTTP/1.0\r\nHost: {dl.HOST_NAME}\r\n\r\n".encode()
        session = None
        while not self.stop.is_set():
            good = reused = False
            try:
                raw = socket.create_connection((dl.VIP, self.port), timeout=5)
                # The GET right after a resumed TLS 1.2 handshake would wait
                # for a delayed ACK (Nagle): 40 ms per connection.
                raw.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                try:
                    s = ctx.wrap_socket(raw, server_hostname=dl.HOST_NAME,
                                        session=session if self.resume else None)
                    s.sendall(req)
                    data = b""
                    while True:
                        d = s.recv(65536)
                        if not d:
                            break
                        data += d
                    good = data.startswith(b"HTTP/1.") and b" 404 " in data[:20]
                    reused = s.session_reused
                    if self.resume:
                        session = s.session  # the ticket sent after the handshake
                finally:
                    raw.close()
            except (OSError, ssl.SSLError):
                good = False
            with self.lock:
                if good:
                    self.ok += 1
                    self.resumed += reused
                else:
                    self.failed += 1

    def run_for(self, seconds):
        for t in self.threads:
            t.start()
        time.sleep(seconds)
        self.stop.set()
        for t in self.threads:
            t.join()
        return self


def measure(port, pids_of, resume, version, seconds, threads):
    pids = pids_of()
    # Warm up (and, when resuming, get each thread a session) before counting.
    Handshakes(port, resume, threads, version).run_for(0.3)
    # What the workers burn with no client at all (health checks, timers):
    # at a few hundred connections a second it would otherwise count as
    # handshake cost, and exlb runs more checks than the hand-written file.
    idle0 = bl.cpu_seconds(pids)
    time.sleep(IDLE_SECONDS)
    idle_rate = (bl.cpu_seconds(pids) - idle0) / IDLE_SECONDS
    before = bl.cpu_seconds(pids)
    h = Handshakes(port, resume, threads, version).run_for(seconds)
    cpu = max(bl.cpu_seconds(pids) - before - idle_rate * seconds, 1e-9)
    return {"per_cpu_s": h.ok / cpu if cpu else None, "rate": h.ok / seconds, "failed": h.failed,
            "resumed_share": h.resumed / h.ok if h.ok else 0.0, "cpu_us": cpu * 1e6 / h.ok if h.ok else None}


def openssl_speed(seconds):
    """Signatures per second on one core: {'ecdsa': n, 'rsa': n}."""
    out = subprocess.run(["openssl", "speed", "-seconds", str(seconds), "ecdsap256", "rsa2048"],
                         capture_output=True, text=True, timeout=seconds * 10 + 60).stdout
    rsa = re.search(r"^rsa\s+2048 bits\s+\S+s\s+\S+s\s+([\d.]+)", out, re.M)
    ec = re.search(r"^\s*256 bits ecdsa \(nistp256\)\s+\S+s\s+\S+s\s+([\d.]+)", out, re.M)
    return {"rsa": float(rsa.group(1)), "ecdsa": float(ec.group(1))}


# Global settings tried on the hand-written frontend (--settings).
SETTINGS = {
    "Debian defaults": "",
    "nbthread 1": "    nbthread 1\n",
    "no-tls-tickets (stateful session cache)": "    ssl-default-bind-options no-tls-tickets\n",
}


def try_settings(tmp, cert, server_lines, runs, seconds, threads):
    procs = {}
    try:
        for i, (name, extra) in enumerate(SETTINGS.items()):
            port = bl.free_port()
            text = HAND.format(port=port, cert=cert, servers=server_lines).replace("global\n", "global\n" + extra, 1)
            procs[name] = (bl.HandHaproxy(tmp, f"s{i}", text), port)
        res = {}
        for _ in range(runs):
            for name, (h, port) in procs.items():
                for version, resume in (("1.3", False), ("1.3", True), ("1.2", True)):
                    r = measure(port, h.workers, resume, version, seconds, threads)
                    res.setdefault((name, version, resume), []).append(r["per_cpu_s"])
        print(f"\nECDSA handshakes per HAProxy CPU-second by setting, medians of {runs} alternating runs:")
        for name in procs:
            print(f"  {name}: TLS 1.3 full {bl.median(res[(name, '1.3', False)]):.0f}, "
                  f"TLS 1.3 resumed {bl.median(res[(name, '1.3', True)]):.0f}, "
                  f"TLS 1.2 resumed {bl.median(res[(name, '1.2', True)]):.0f}")
    finally:
        for h, _ in procs.values():
            h.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(bl.TOP, "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=float, default=3, help="length of one measurement")
    ap.add_argument("--threads", type=int, default=4, help="client threads")
    ap.add_argument("--settings", action="store_true",
                    help="instead: HAProxy settings tried on the hand-written ECDSA frontend")
    args = ap.parse_args()
    binary = dl.find_agent(os.path.abspath(args.build))
    tmp = tempfile.mkdtemp(prefix="exlb-bench-tls-")
    print("machine at start:", bl.machine(), flush=True)
    started = []
    try:
        certs = {"ecdsa": bl.make_cert(tmp, "bench-ec"), "rsa": bl.make_cert(tmp, "bench-rsa", rsa=True)}
        origin = bl.Origin(tmp, ["127.0.43.11", "127.0.43.12"], certs["ecdsa"])
        started.append(origin)
        servers = origin.servers
        server_lines = "\n".join(f"    server {s.name} {s.address}:{s.port('http')} check" for s in servers)
        if args.settings:
            try_settings(tmp, certs["ecdsa"], server_lines, args.runs, args.seconds, args.threads)
            return 0
        targets = {}
        for kind, pem in certs.items():
            ident = os.path.basename(pem)[:-4]
            agent, _, ports = bl.start_exlb(binary, os.path.join(tmp, "agent-" + kind), servers,
                                            certificates=list(certs.values()), certificate=ident)
            started.append(agent)
            bl.wait_servers_up(os.path.join(agent.run_dir, "haproxy.sock"), "owa", [s.name for s in servers])
            port = bl.free_port()
            hand = bl.HandHaproxy(tmp, "hand-" + kind, HAND.format(port=port, cert=pem, servers=server_lines))
            started.append(hand)
            targets[(kind, "hand")] = (port, hand.workers)
            targets[(kind, "exlb")] = (ports["https"], lambda a=agent: bl.agent_workers(a))

        results, ceilings = {}, []
        for run in range(args.runs):
            ceilings.append(openssl_speed(1))
            for kind in ("ecdsa", "rsa"):
                for version in ("1.3", "1.2"):
                    for resume in (False, True):
                        for side in ("hand", "exlb"):
                            port, pids = targets[(kind, side)]
                            r = measure(port, pids, resume, version, args.seconds, args.threads)
                            results.setdefault((kind, version, resume, side), []).append(r)
                            print(f"run {run + 1} {kind} TLS {version} {'resumed' if resume else 'full'} "
                                  f"{side}: {r['per_cpu_s'] or 0:.0f} handshakes/CPU-s "
                                  f"({r['cpu_us'] or 0:.0f} us each), {r['rate']:.0f}/s, "
                                  f"resumed {r['resumed_share']:.2f}, failed {r['failed']}", flush=True)
        report(results, ceilings, args.runs)
        print("machine at end:", bl.machine())
    finally:
        for s in reversed(started):
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def report(results, ceilings, runs):
    print(f"\nTLS handshakes per HAProxy CPU-second, medians of {runs} alternating runs:")
    ceiling = {k: bl.median(c[k] for c in ceilings) for k in ("ecdsa", "rsa")}
    print(f"  openssl speed (one core): ECDSA P-256 {ceiling['ecdsa']:.0f} sign/s, "
          f"RSA-2048 {ceiling['rsa']:.0f} sign/s")
    for kind in ("ecdsa", "rsa"):
        for version in ("1.3", "1.2"):
            m = {}
            for resume in (False, True):
                for side in ("hand", "exlb"):
                    rs = results[(kind, version, resume, side)]
                    m[(resume, side)] = (bl.median(r["per_cpu_s"] for r in rs),
                                         bl.median(r["resumed_share"] for r in rs))
            for resume in (False, True):
                h, e = m[(resume, "hand")][0], m[(resume, "exlb")][0]
                if resume:
                    extra = f", resumed share exlb {m[(True, 'exlb')][1]:.2f} hand {m[(True, 'hand')][1]:.2f}"
                else:
                    extra = f", {e / ceiling[kind] * 100:.0f} % of the ceiling (hand {h / ceiling[kind] * 100:.0f} %)"
                print(f"  {kind} TLS {version} {'resumed' if resume else 'full   '}: hand {h:.0f}/CPU-s, "
                      f"exlb {e:.0f}/CPU-s, exlb/hand {bl.ratio(e, h):.3f}{extra}")
            print(f"  {kind} TLS {version}: resumed/full handshakes per CPU-s: hand "
                  f"{bl.ratio(m[(True, 'hand')][0], m[(False, 'hand')][0]):.2f}x, exlb "
                  f"{bl.ratio(m[(True, 'exlb')][0], m[(False, 'exlb')][0]):.2f}x")


if __name__ == "__main__":
    sys.exit(main())
