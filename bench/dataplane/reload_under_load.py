#!/usr/bin/env python3
"""Reload under load: failed requests and TCP resets while a load generator
opens new TLS connections continuously and HAProxy is reloaded again and again.

A (exlb):     exlb-agent applying a changed configuration each time, the way
              the product does (new --config file + SIGHUP: validate, render,
              haproxy -c, master-worker reload with listener transfer through
              `expose-fd listeners`, probe), waiting for each outcome, so
              every apply is one HAProxy reload.
B (baseline): a hand-written HAProxy the old way, `haproxy -D` reloaded with
              `haproxy -D -sf <old pids>` (no socket transfer), every
              --baseline-interval seconds (0.1 s: the field notes' condition).

Both serve the same certificate in front of the same fast origin (see
benchlib.Origin); the load is `threads` clients each doing TLS handshake +
GET /autodiscover/x on a new connection, again and again. Runs alternate A, B,
A, B...: `--reloads` exlb reloads and `--baseline-reloads` baseline reloads per
run, so `--runs 5 --reloads 200` is 1,000 exlb reloads. Bounded: the whole
benchmark stops starting reloads after --max-minutes (each run gets its
share), and says how many it did.

    python3 bench/dataplane/reload_under_load.py --build build-dp3 --runs 5 --reloads 200
"""

import argparse
import copy
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import benchlib as bl

dl = bl.dl

BASELINE_CFG = """global
    log stderr format short local0 emerg
defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s
frontend web
    bind 127.0.0.1:{port} ssl crt {cert}
    default_backend cas
backend cas
    balance roundrobin
{servers}
"""


_flip = itertools.count()


def run_exlb(agent, cfg, port, reloads, threads, max_seconds):
    """Returns (load, reloads done, seconds per apply)."""
    took = []
    deadline = time.monotonic() + max_seconds
    with bl.ConnectionLoad(port, tls=True, threads=threads) as load:
        for i in range(reloads):
            if time.monotonic() > deadline:
                break
            c = copy.deepcopy(cfg)
            # A change that needs a reload, different from the running one
            # whatever the previous run ended on.
            c["http"]["timeout_seconds"] = 26 + next(_flip) % 2
            t0 = time.monotonic()
            out = agent.apply(c)
            took.append(time.monotonic() - t0)
            if "applied" not in out:
                raise RuntimeError(out)
    return load, len(took), bl.median(took)


def run_baseline(tmp, port, cert, servers, reloads, interval, threads, max_seconds):
    run = os.path.join(tmp, "baseline")
    os.makedirs(run, exist_ok=True)
    cfg = os.path.join(run, "b.cfg")
    pidfile = os.path.join(run, "b.pid")
    with open(cfg, "w") as f:
        f.write(BASELINE_CFG.format(port=port, cert=cert, servers="\n".join(
            f"    server {s.name} {s.address}:{s.port('http')} check" for s in servers)))
    subprocess.run([bl.HAPROXY, "-D", "-q", "-f", cfg, "-p", pidfile], check=True)
    time.sleep(0.3)
    done = 0
    deadline = time.monotonic() + max_seconds
    try:
        with bl.ConnectionLoad(port, tls=True, threads=threads) as load:
            for _ in range(reloads):
                if time.monotonic() > deadline:
                    break
                old = open(pidfile).read().split()
                subprocess.run([bl.HAPROXY, "-D", "-q", "-f", cfg, "-p", pidfile, "-sf", *old], check=True)
                done += 1
                time.sleep(interval)
        return load, done
    finally:
        for pid in open(pidfile).read().split():
            try:
                os.kill(int(pid), signal.SIGTERM)
            except ProcessLookupError:
                pass
        time.sleep(0.3)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(bl.TOP, "build"))
    ap.add_argument("--reloads", type=int, default=200, help="exlb reloads per run")
    ap.add_argument("--baseline-reloads", type=int, default=50, help="baseline reloads per run")
    ap.add_argument("--baseline-interval", type=float, default=0.1,
                    help="seconds between baseline reloads")
    ap.add_argument("--runs", type=int, default=5, help="runs of each of A and B")
    ap.add_argument("--threads", type=int, default=4, help="load generator threads")
    ap.add_argument("--max-minutes", type=float, default=15, help="bound of the whole benchmark")
    args = ap.parse_args()
    run_bound = args.max_minutes * 60 / args.runs
    binary = dl.find_agent(os.path.abspath(args.build))
    tmp = tempfile.mkdtemp(prefix="exlb-bench-reload-")
    print("machine at start:", bl.machine(), flush=True)
    origin = agent = None
    try:
        cert = bl.make_cert(tmp, "bench-ec")
        origin = bl.Origin(tmp, ["127.0.40.11", "127.0.40.12"], cert)
        servers = origin.servers
        agent, cfg, ports = bl.start_exlb(binary, os.path.join(tmp, "agent"), servers,
                                          certificates=[cert], certificate="bench-ec")
        bl.wait_servers_up(os.path.join(agent.run_dir, "haproxy.sock"), "autodiscover",
                           [s.name for s in servers])
        base_port = bl.free_port()
        rows = {"exlb": [], "baseline": []}
        for run in range(args.runs):
            t0 = time.monotonic()
            la, na, apply_s = run_exlb(agent, cfg, ports["https"], args.reloads, args.threads,
                                       run_bound * 0.85)
            lb, nb = run_baseline(tmp, base_port, cert, servers, args.baseline_reloads,
                                  args.baseline_interval, args.threads,
                                  max(run_bound - (time.monotonic() - t0), 5))
            rows["exlb"].append((la, na))
            rows["baseline"].append((lb, nb))
            print(f"run {run + 1}: exlb {na} reloads ({apply_s * 1000:.0f} ms per apply): "
                  f"{la.failed} failed + {la.resets} resets of {la.total}; "
                  f"baseline (-D -sf) {nb} reloads: {lb.failed} failed + {lb.resets} resets of {lb.total}",
                  flush=True)
        report(rows, args)
        print("machine at end:", bl.machine())
    finally:
        if agent:
            agent.stop()
        if origin:
            origin.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def report(rows, args):
    print(f"\nreload under load, up to {args.reloads} exlb and {args.baseline_reloads} baseline reloads per run, "
          f"medians of {args.runs} alternating runs:")
    lost = {}
    for side, label in (("baseline", "baseline (haproxy -D -sf, no socket transfer)"),
                        ("exlb", "exlb (SIGHUP apply, master-worker, expose-fd listeners)")):
        r = rows[side]
        reloads = sum(n for _, n in r)
        # Per reload: the sides do different numbers of reloads.
        lost[side] = sum(l.failed + l.resets for l, _ in r) / max(reloads, 1)
        print(f"  {label}: {bl.median(l.failed + l.resets for l, _ in r)} failed requests per run (median; "
              f"{bl.median(l.resets for l, _ in r)} "
              f"resets), {sum(l.failed + l.resets for l, _ in r)} over all {reloads} reloads "
              f"({sum(l.failed + l.resets for l, _ in r) / max(reloads, 1):.2f} per reload), "
              f"{sum(l.ok for l, _ in r)} requests ok")
    print(f"  ratio exlb/baseline failed requests per reload: {bl.ratio(lost['exlb'], lost['baseline']):.3f}")


if __name__ == "__main__":
    sys.exit(main())
