#!/usr/bin/env python3
"""Throughput, latency and HAProxy CPU per request through exlb's rendered
configuration, against the origin reached directly and a minimal hand-written
HAProxy on the same path.

The origin is a fast one, not the Python mocks: a single-threaded HAProxy
answering `http-request return` itself on two loopback addresses standing for
two CAS servers, so the load balancer in front is what saturates.

Sides, alternated in every run (A/B/C, A/B/C, ...), each driven by wrk with
keep-alive (`-c 1 -t 1` and `-c 50 -t 2`) on GET /owa/:
  direct  wrk -> origin (clear, or the origin's own TLS port)
  hand    wrk -> hand-written HAProxy (frontend + default_backend + httpchk,
          `bind ... ssl crt` for HTTPS: what an engineer writes) -> origin
  exlb    HTTPS: wrk -> exlb-agent's HAProxy (ssl-offload) -> origin.
          Clear HTTP: exlb publishes HTTP only over TLS, so this row runs the
          agent's rendered haproxy.cfg with `ssl crt ...` taken off the bind
          line (exlb's routing rules, checks and defaults, without TLS), in
          the environment the agent gives its own HAProxy (malloc tunables).
HAProxy CPU per request: utime+stime of the load balancer's worker from
/proc/<pid>/stat over the wrk run, divided by the requests wrk completed.

    python3 bench/dataplane/throughput.py --build build-dpbench --runs 5 --seconds 3
    python3 bench/dataplane/throughput.py --build build-dpbench --runs 5 --explain
    python3 bench/dataplane/throughput.py --build build-dpbench --runs 5 --explain --https
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

import benchlib as bl

dl = bl.dl

HAND = """global
    log stderr format short local0 warning
defaults
    mode http
    log global
    option forwardfor
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend exchange
    bind 127.0.0.1:{http}
    bind 127.0.0.1:{https} ssl crt {cert}
    default_backend cas
backend cas
    balance roundrobin
    option httpchk GET /owa/healthcheck.htm
{servers}
"""


WRK_PERCENT = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT = {"us": 1.0, "ms": 1000.0, "s": 1e6}


def wrk(url, conns, seconds, pids):
    """Runs wrk; returns dict(rps, p50_us, p99_us, requests, errors, cpu_us_per_req)."""
    threads = 1 if conns == 1 else 2
    before = bl.cpu_seconds(pids)
    out = subprocess.run(["wrk", "-t", str(threads), "-c", str(conns), "-d", f"{seconds}s", "--latency",
                          "-H", f"Host: {dl.HOST_NAME}", url],
                         capture_output=True, text=True, timeout=seconds + 30).stdout
    cpu = bl.cpu_seconds(pids) - before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    pct = {p: float(v) * UNIT[u] for p, v, u in WRK_PERCENT.findall(out)}
    errors = 0
    m = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if m:
        errors += int(m.group(1))
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if m:
        errors += sum(int(x) for x in m.groups())
    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50_us": pct.get("50"), "p99_us": pct.get("99"), "requests": requests,
            "errors": errors, "cpu_us_per_req": cpu * 1e6 / requests if pids and requests else None}


# What each costly line of the rendered file costs: the clear copy of the
# rendered file with one thing changed, at 50 connections (--explain).
VARIANTS = {
    "rendered": lambda t: t,
    "tune.bufsize default (16384)": lambda t: t.replace("    tune.bufsize 32768\n", ""),
    "without the http-request rules": lambda t: re.sub(r"    http-request (deny|del-header|set-header|redirect location) .*\n", "", t),
    "without option httplog": lambda t: t.replace("    option httplog\n", ""),
}


# The same for HTTPS (--explain --https): the rendered file with TLS kept,
# run as a plain HAProxy on new ports, one thing changed at a time, beside
# the agent's own HAProxy (the main run's exlb side) and the hand-written one.
TLS_VARIANTS = {
    "rendered, run alone": lambda t: t,
    "OpenSSL's default ciphers (no ssl-default-bind-ciphers/-ciphersuites)":
        lambda t: re.sub(r"    ssl-default-bind-cipher(s|suites) .*\n", "", t),
    "without alpn http/1.1": lambda t: t.replace(" alpn http/1.1", ""),
    "tune.bufsize default (16384)": lambda t: t.replace("    tune.bufsize 32768\n", ""),
    "without tune.ssl.cachesize/lifetime":
        lambda t: re.sub(r"    tune\.ssl\.(cachesize|lifetime) .*\n", "", t),
    "without tls-ticket-keys": lambda t: re.sub(r" tls-ticket-keys \S+", "", t),
    "without health checks": lambda t: re.sub(r"(\n    server \S+ \S+) check", r"\1", t),
    "without the http-request rules":
        lambda t: re.sub(r"    http-request (deny|del-header|set-header|redirect location) .*\n", "", t),
}


def cum_conns(master_sock):
    """The current worker's CumConns (connections accepted so far)."""
    out = dl.unix_command(master_sock, "@1 show info")
    m = re.search(r"^CumConns: (\d+)", out, re.M)
    return int(m.group(1)) if m else None


def explain_https(rendered, tmp, agent, agent_port, hand, hand_port, runs, seconds):
    procs = {"agent's HAProxy (the main run's exlb side)":
             (os.path.join(agent.run_dir, "master.sock"), agent_port, lambda: bl.agent_workers(agent), None)}
    try:
        for i, (name, change) in enumerate(TLS_VARIANTS.items()):
            d = os.path.join(tmp, f"t{i}")
            os.makedirs(d, exist_ok=True)
            text, port = bl.tls_copy_of_rendered(change(rendered), d)
            h = bl.HandHaproxy(tmp, f"t{i}", text)
            procs[name] = (h.master_sock, port, h.workers, h)
        procs["hand-written"] = (hand.master_sock, hand_port, hand.workers, None)
        cpu = {n: [] for n in procs}
        rps = {n: [] for n in procs}
        conns = {n: [] for n in procs}
        for run in range(runs):
            for name, (sock, port, workers, _) in procs.items():
                c0 = cum_conns(sock)
                r = wrk(f"https://127.0.0.1:{port}/owa/", 50, seconds, workers())
                c1 = cum_conns(sock)
                cpu[name].append(r["cpu_us_per_req"])
                rps[name].append(r["rps"])
                if c0 is not None and c1 is not None and r["requests"]:
                    conns[name].append((c1 - c0) * 1000.0 / r["requests"])
                print(f"run {run + 1} {name}: {r['rps']:.0f} req/s, cpu/req {r['cpu_us_per_req'] or 0:.1f} us, "
                      f"errors {r['errors']}", flush=True)
        print(f"\nHTTPS c=50, medians of {runs} alternating runs:")
        base_cpu, base_rps = bl.median(cpu["hand-written"]), bl.median(rps["hand-written"])
        for name in procs:
            print(f"  {name}: {bl.median(cpu[name]):.1f} us/req ({bl.ratio(bl.median(cpu[name]), base_cpu):.2f}x), "
                  f"{bl.median(rps[name]):.0f} req/s ({bl.ratio(bl.median(rps[name]), base_rps):.2f}x), "
                  f"new connections per 1000 requests {bl.median(conns[name]):.2f}")
    finally:
        for name, (_, _, _, h) in procs.items():
            if h:
                h.stop()


def explain(rendered, exlb_env, tmp, hand, hand_port, runs, seconds):
    """Every variant runs in the agent's HAProxy environment (exlb_env) but
    the last one, which shows what that environment is worth."""
    procs = {}
    variants = [(name, change, exlb_env) for name, change in VARIANTS.items()]
    variants.append(("rendered, without the agent's environment " + " ".join(sorted(exlb_env)), VARIANTS["rendered"], {}))
    try:
        for i, (name, change, env) in enumerate(variants):
            text, port = bl.clear_copy_of_rendered(change(rendered), os.path.join(tmp, f"v{i}"))
            os.makedirs(os.path.join(tmp, f"v{i}"), exist_ok=True)
            procs[name] = (bl.HandHaproxy(tmp, f"v{i}", text, env), port)
        procs["hand-written"] = (hand, hand_port)
        cpu = {n: [] for n in procs}
        for _ in range(runs):
            for name, (h, port) in procs.items():
                cpu[name].append(wrk(f"http://127.0.0.1:{port}/owa/", 50, seconds, h.workers())["cpu_us_per_req"])
        print(f"\nHAProxy CPU per request, clear HTTP c=50, medians of {runs} alternating runs:")
        base = bl.median(cpu["hand-written"])
        for name in procs:
            m = bl.median(cpu[name])
            print(f"  {name}: {m:.1f} us/req, {bl.ratio(m, base):.2f}x hand-written")
    finally:
        for name, (h, _) in procs.items():
            if h is not hand:
                h.stop()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(bl.TOP, "build"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--seconds", type=int, default=3, help="wrk duration of one measurement")
    ap.add_argument("--explain", action="store_true",
                    help="instead: the CPU per request of the rendered file with single lines changed")
    ap.add_argument("--https", action="store_true",
                    help="with --explain: HTTPS at 50 connections instead of clear HTTP")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: run scripts/setup")
    binary = dl.find_agent(os.path.abspath(args.build))
    tmp = tempfile.mkdtemp(prefix="exlb-bench-tput-")
    print("machine at start:", bl.machine(), flush=True)
    origin = hand = clear = agent = None
    try:
        cert = bl.make_cert(tmp, "bench-ec")
        origin = bl.Origin(tmp, ["127.0.42.11", "127.0.42.12"], cert)
        servers = origin.servers
        agent, cfg, ports = bl.start_exlb(binary, os.path.join(tmp, "agent"), servers,
                                          certificates=[cert], certificate="bench-ec")
        bl.wait_servers_up(os.path.join(agent.run_dir, "haproxy.sock"), "owa", [s.name for s in servers])
        hand_ports = {"http": bl.free_port(), "https": bl.free_port()}
        hand = bl.HandHaproxy(tmp, "hand", HAND.format(
            cert=cert, servers="\n".join(f"    server {s.name} {s.address}:{s.port('http')} check"
                                         for s in servers), **hand_ports))
        with open(os.path.join(agent.run_dir, "haproxy.cfg")) as f:
            clear_text, clear_port = bl.clear_copy_of_rendered(f.read(), tmp)
        exlb_env = bl.agent_haproxy_environment(agent)
        print("the agent's HAProxy environment, given to its clear copies:", exlb_env, flush=True)
        if args.explain and args.https:
            with open(os.path.join(agent.run_dir, "haproxy.cfg")) as f:
                rendered = f.read()
            explain_https(rendered, tmp, agent, ports["https"], hand, hand_ports["https"], args.runs, args.seconds)
            return 0
        if args.explain:
            with open(os.path.join(agent.run_dir, "haproxy.cfg")) as f:
                rendered = f.read()
            agent.stop()
            agent = None
            explain(rendered, exlb_env, tmp, hand, hand_ports["http"], args.runs, args.seconds)
            return 0
        clear = bl.HandHaproxy(tmp, "exlb-clear", clear_text, exlb_env)

        path = "/owa/"
        a0 = servers[0].address
        targets = {
            ("http", "direct"): (f"http://{a0}:{origin.http_port}{path}", lambda: []),
            ("http", "hand"): (f"http://127.0.0.1:{hand_ports['http']}{path}", hand.workers),
            ("http", "exlb"): (f"http://127.0.0.1:{clear_port}{path}", clear.workers),
            ("https", "direct"): (f"https://{a0}:{origin.https_port}{path}", lambda: []),
            ("https", "hand"): (f"https://127.0.0.1:{hand_ports['https']}{path}", hand.workers),
            ("https", "exlb"): (f"https://127.0.0.1:{ports['https']}{path}", lambda: bl.agent_workers(agent)),
        }
        sides = ("direct", "hand", "exlb")
        results = {}
        for run in range(args.runs):
            for proto in ("http", "https"):
                for conns in (1, 50):
                    for side in sides:
                        url, pids = targets[(proto, side)]
                        r = wrk(url, conns, args.seconds, pids())
                        results.setdefault((proto, conns, side), []).append(r)
                        print(f"run {run + 1} {proto} c={conns} {side}: {r['rps']:.0f} req/s, "
                              f"p50 {r['p50_us']:.0f} us, p99 {r['p99_us']:.0f} us, errors {r['errors']}, "
                              f"cpu/req {r['cpu_us_per_req'] or 0:.1f} us", flush=True)
        report(results, args.runs)
        print("machine at end:", bl.machine())
    finally:
        for h in (hand, clear):
            if h:
                h.stop()
        if agent:
            agent.stop()
        if origin:
            origin.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def report(results, runs):
    print(f"\nthroughput and latency, medians of {runs} alternating runs (keep-alive, GET /owa/):")
    for proto in ("http", "https"):
        for conns in (1, 50):
            m = {side: {k: bl.median(r[k] for r in results[(proto, conns, side)])
                        for k in ("rps", "p50_us", "p99_us", "cpu_us_per_req", "errors")}
                 for side in ("direct", "hand", "exlb")}
            d, h, e = m["direct"], m["hand"], m["exlb"]
            print(f"  {proto} c={conns}: direct {d['rps']:.0f} req/s p50 {d['p50_us']:.0f} us | "
                  f"hand {h['rps']:.0f} req/s p50 {h['p50_us']:.0f} us (+{h['p50_us'] - d['p50_us']:.0f}) "
                  f"p99 {h['p99_us']:.0f} cpu {h['cpu_us_per_req']:.1f} us/req | "
                  f"exlb {e['rps']:.0f} req/s p50 {e['p50_us']:.0f} us (+{e['p50_us'] - d['p50_us']:.0f}) "
                  f"p99 {e['p99_us']:.0f} cpu {e['cpu_us_per_req']:.1f} us/req | "
                  f"exlb/hand throughput {bl.ratio(e['rps'], h['rps']):.3f} "
                  f"cpu/req {bl.ratio(e['cpu_us_per_req'], h['cpu_us_per_req']):.3f} "
                  f"errors {e['errors']:.0f}/{h['errors']:.0f}")


if __name__ == "__main__":
    sys.exit(main())
