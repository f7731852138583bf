#!/usr/bin/env python3
"""TLS: full and resumed handshakes per HAProxy CPU-second, with an ECDSA
P-256 and an RSA-2048 certificate, through exlb's ssl-offload frontend and a
hand-written HAProxy TLS frontend, and as a share of the crypto ceiling that
`openssl speed` measures in the same run.

Clients: --clients parallel `openssl s_time` processes (C, OpenSSL 3.0: the
TLS stack of Debian's own clients), each connecting again and again for
--seconds: TLS handshake, `GET /exlb-bench-tls` HTTP/1.0 that the load
balancer answers itself (404; no CAS connection in the cost), close. TLS 1.3,
and TLS 1.2 as Windows 10's SChannel (Outlook) negotiates.
  full     `s_time -new`: no session offered.
  resumed  `s_time -reuse`: every connection offers the session of the first
           one (a TLS 1.3 ticket, or a TLS 1.2 ticket), as returning Outlook
           and phone clients do; the share actually resumed is printed.
  clear    the same connection and GET without TLS (wrk, `Connection: close`)
           on the same rules: the hand-written frontend's clear port, and for
           exlb its rendered file with `ssl crt` taken off the bind. What a
           TLS connection costs beyond it is the handshake's (and the
           record layer's) own cost.
Earlier versions used 4 Python client threads: they could not keep HAProxy
busy, and a half-idle HAProxy pays a wake-up per event, which this virtual
machine makes expensive; s_time processes keep it busy.

Sides, alternated in every run: hand (`bind ... ssl crt <pem>` and a
default_backend, Debian's defaults for everything else) and exlb (the agent's
rendered configuration). HAProxy CPU per connection: utime+stime of the
workers over the run (/proc/<pid>/stat), less what they use idle over the
same time (measured just before), divided by the connections served.

Ceiling: `openssl speed -seconds N ecdsap256 rsa2048`, signatures per second
on one core: a full handshake needs one signature and nothing can beat that.

    python3 bench/dataplane/tls_handshakes.py --build build-dp3 --runs 5 --seconds 3
    python3 bench/dataplane/tls_handshakes.py --build build-dp3 --runs 5 --settings
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
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
    bind 127.0.0.1:{clear}
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
S_TIME_DONE = re.compile(r"(\d+) connections in [\d.]+ real seconds")
# s_time prints one character per connection: r = resumed.
S_TIME_MARKS = re.compile(r"^[r*t3]+$", re.M)


def s_time(port, resume, version, seconds, clients):
    """Runs `clients` s_time processes at once; returns (connections, resumed)."""
    args = ["openssl", "s_time", "-connect", f"{dl.VIP}:{port}", "-reuse" if resume else "-new",
            "-tls1_3" if version == "1.3" else "-tls1_2", "-time", str(seconds), "-www", PATH]
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
             for _ in range(clients)]
    done = resumed = 0
    for p in procs:
        out = p.communicate(timeout=seconds * 10 + 30)[0]
        counts = S_TIME_DONE.findall(out)
        done += int(counts[-1]) if counts else 0
        resumed += sum(line.count("r") for line in S_TIME_MARKS.findall(out))
    return done, resumed


def clear_connections(port, seconds, clients):
    """New clear connections, one GET each (wrk with Connection: close)."""
    out = subprocess.run(["wrk", "-t", "1", "-c", str(clients), "-d", f"{seconds}s",
                          "-H", "Connection: close", f"http://{dl.VIP}:{port}{PATH}"],
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    return int(re.search(r"(\d+) requests in", out).group(1))


def measure(port, pids_of, mode, version, seconds, clients):
    """mode: "full", "resumed" or "clear". Returns per-connection CPU etc."""
    pids = pids_of()
    # What the workers burn with no client at all (health checks, timers):
    # it would otherwise count as connection cost, and exlb runs more checks
    # than the hand-written file.
    idle0 = bl.cpu_seconds(pids)
    time.sleep(IDLE_SECONDS)
    idle_rate = (bl.cpu_seconds(pids) - idle0) / IDLE_SECONDS
    before, t0 = bl.cpu_seconds(pids), time.monotonic()
    if mode == "clear":
        n, resumed = clear_connections(port, seconds, clients), 0
    else:
        n, resumed = s_time(port, mode == "resumed", version, seconds, clients)
    wall = time.monotonic() - t0
    cpu = max(bl.cpu_seconds(pids) - before - idle_rate * wall, 1e-9)
    return {"per_cpu_s": n / cpu if n else None, "rate": n / wall, "connections": n,
            "resumed_share": resumed / n if n else 0.0, "cpu_us": cpu * 1e6 / n if n else None}


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
MODES = [("1.3", "full"), ("1.3", "resumed"), ("1.2", "full"), ("1.2", "resumed")]


def try_settings(tmp, cert, server_lines, runs, seconds, clients):
    procs = {}
    try:
        for i, (name, extra) in enumerate(SETTINGS.items()):
            port, clear = bl.free_port(), bl.free_port()
            text = HAND.format(port=port, clear=clear, cert=cert, servers=server_lines).replace(
                "global\n", "global\n" + extra, 1)
            procs[name] = (bl.HandHaproxy(tmp, f"s{i}", text), port, clear)
        res = {}
        for _ in range(runs):
            for name, (h, port, clear) in procs.items():
                r = measure(clear, h.workers, "clear", None, seconds, clients)
                res.setdefault((name, "clear"), []).append(r["cpu_us"])
                for version, mode in MODES:
                    r = measure(port, h.workers, mode, version, seconds, clients)
                    res.setdefault((name, version, mode), []).append(r["cpu_us"])
        print(f"\nECDSA, HAProxy CPU per connection (us) by setting, medians of {runs} alternating runs:")
        for name in procs:
            print(f"  {name}: clear {bl.median(res[(name, 'clear')]):.0f}, " + ", ".join(
                f"TLS {v} {m} {bl.median(res[(name, v, m)]):.0f}" for v, m in MODES))
    finally:
        for h, _, _ in procs.values():
            h.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(bl.TOP, "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=3, help="length of one measurement")
    ap.add_argument("--clients", type=int, default=4, help="parallel s_time processes")
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
            try_settings(tmp, certs["ecdsa"], server_lines, args.runs, args.seconds, args.clients)
            return 0
        targets = {}
        for kind, pem in certs.items():
            ident = os.path.basename(pem)[:-4]
            agent, _, ports = bl.start_exlb(binary, os.path.join(tmp, "agent-" + kind), servers,
                                            certificates=list(certs.values()), certificate=ident)
            started.append(agent)
            bl.wait_servers_up(os.path.join(agent.run_dir, "haproxy.sock"), "owa", [s.name for s in servers])
            port, clear = bl.free_port(), bl.free_port()
            hand = bl.HandHaproxy(tmp, "hand-" + kind, HAND.format(port=port, clear=clear, cert=pem,
                                                                   servers=server_lines))
            started.append(hand)
            targets[(kind, "hand")] = (port, hand.workers)
            targets[(kind, "exlb")] = (ports["https"], lambda a=agent: bl.agent_workers(a))
            if kind == "ecdsa":
                targets[("clear", "hand")] = (clear, hand.workers)
                with open(os.path.join(agent.run_dir, "haproxy.cfg")) as f:
                    text, clear_port = bl.clear_copy_of_rendered(f.read(), os.path.join(tmp, "exlb-clear"))
                os.makedirs(os.path.join(tmp, "exlb-clear"), exist_ok=True)
                exlb_clear = bl.HandHaproxy(tmp, "exlb-clear", text, bl.agent_haproxy_environment(agent))
                started.append(exlb_clear)
                targets[("clear", "exlb")] = (clear_port, exlb_clear.workers)

        results, ceilings = {}, []
        for run in range(args.runs):
            ceilings.append(openssl_speed(1))
            for kind, version, mode in [("clear", None, "clear")] + [
                    (k, v, m) for k in ("ecdsa", "rsa") for v, m in MODES]:
                for side in ("hand", "exlb"):
                    port, pids = targets[(kind, side)]
                    r = measure(port, pids, mode, version, args.seconds, args.clients)
                    results.setdefault((kind, version, mode, side), []).append(r)
                    print(f"run {run + 1} {kind} {'TLS ' + version if version else ''} {mode} {side}: "
                          f"{r['cpu_us'] or 0:.0f} us CPU per connection, {r['rate']:.0f}/s, "
                          f"resumed {r['resumed_share']:.2f}", flush=True)
        report(results, ceilings, args.runs)
        print("machine at end:", bl.machine())
    finally:
        for s in reversed(started):
            s.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def report(results, ceilings, runs):
    print(f"\nHAProxy CPU per connection, medians of {runs} alternating runs:")
    ceiling = {k: bl.median(c[k] for c in ceilings) for k in ("ecdsa", "rsa")}
    print(f"  openssl speed (one core): ECDSA P-256 {ceiling['ecdsa']:.0f} sign/s, "
          f"RSA-2048 {ceiling['rsa']:.0f} sign/s")

    def us(kind, version, mode, side):
        return bl.median(r["cpu_us"] for r in results[(kind, version, mode, side)])

    clear = {side: us("clear", None, "clear", side) for side in ("hand", "exlb")}
    print(f"  clear connection + GET: hand {clear['hand']:.0f} us, exlb {clear['exlb']:.0f} us")
    for kind in ("ecdsa", "rsa"):
        for version in ("1.3", "1.2"):
            c = {(m, side): us(kind, version, m, side) for m in ("full", "resumed") for side in ("hand", "exlb")}
            for mode in ("full", "resumed"):
                h, e = c[(mode, "hand")], c[(mode, "exlb")]
                share = bl.median(r["resumed_share"] for r in results[(kind, version, mode, "exlb")])
                extra = (f", {1e6 / e / ceiling[kind] * 100:.0f} % of the ceiling (hand "
                         f"{1e6 / h / ceiling[kind] * 100:.0f} %)" if mode == "full" else
                         f", resumed share {share:.2f}")
                print(f"  {kind} TLS {version} {mode:7}: hand {h:.0f} us ({1e6 / h:.0f}/CPU-s), "
                      f"exlb {e:.0f} us ({1e6 / e:.0f}/CPU-s), exlb/hand CPU {bl.ratio(e, h):.3f}{extra}")
            for side in ("hand", "exlb"):
                full, res = c[("full", side)], c[("resumed", side)]
                print(f"  {kind} TLS {version} {side}: full/resumed per connection {bl.ratio(full, res):.2f}x; "
                      f"handshake alone (less the clear connection) {full - clear[side]:.0f} vs "
                      f"{res - clear[side]:.0f} us = {bl.ratio(full - clear[side], res - clear[side]):.2f}x")


if __name__ == "__main__":
    sys.exit(main())
