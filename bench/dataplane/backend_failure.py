#!/usr/bin/env python3
"""Backend failure: how long a dead (SIGKILL) or hung (SIGSTOP) CAS server
stays in rotation, and how many client requests fail meanwhile.

A (exlb):     the agent's rendered configuration (fast checks, observe layer4,
              retries + redispatch for idempotent requests).
B (baseline): a hand-written HAProxy with HAProxy's default check timers
              (`check`, i.e. inter 2s fall 3 rise 2), what an engineer writes
              without exlb.

For each failure kind, runs alternate A, B, A, B... (medians of --runs).

    python3 bench/dataplane/backend_failure.py --build build-dpbench --runs 5
"""

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import benchlib as bl

dl = bl.dl
lab = bl.lab
free_port = bl.free_port


def measure(sock, backend, port, path, victim, kind, tls, limit=30):
    """Fails `victim`, returns (seconds until DOWN, failed requests, ok requests)."""
    load = bl.ConnectionLoad(port, path, tls=tls, timeout=15)
    load.start()
    time.sleep(0.5)
    t0 = time.monotonic()
    if kind == "killed":
        victim.kill()
    else:
        victim.pause()
    took = None
    while time.monotonic() - t0 < limit:
        if bl.server_status(sock, backend, victim.name).startswith("DOWN"):
            took = time.monotonic() - t0
            break
        time.sleep(0.005)
    time.sleep(0.3)
    load.finish()
    return took, load.failed + load.resets, load.ok


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
    print("machine at start:", bl.machine(), flush=True)
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
                            # exlb publishes HTTP through ssl-offload: its load
                            # speaks TLS; the CAS side is clear HTTP in both.
                            agent, _, ports = bl.start_exlb(binary, os.path.join(tmp, f"a{kind}{run}"),
                                                            servers)
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
                        bl.wait_servers_up(sock, "autodiscover", [s.name for s in servers])
                        took, failed, ok = measure(sock, "autodiscover", port, "/autodiscover/x",
                                                   servers[0], kind, tls)
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
        print("machine at end:", bl.machine())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
