#!/usr/bin/env python3
"""The management API of the real exlb-agent (with HAProxy; agent_harness.py
starts it in a temporary folder on loopback), issue 4's benchmark:

1. latency and throughput of a status read (GET /api/v1/status), a
   configuration read, and a configuration replace (PUT
   /api/v1/config/running: the same configuration again, and one that
   changes an HAProxy timeout, so a checked, seamless reload), each against
   a static file served by the same server in the same run (GET
   /index.html: embedded, no authentication, no protobuf). Each run sends
   its requests one after the other on one kept-alive TLS connection; the
   runs of all kinds are interleaved, and the ratios are medians over runs.
2. the agent's memory (RSS, HAProxy not counted): idle, then with 100
   sessions logged in, each on its own open TLS connection.
3. the time from a configuration PUT (a second CAS server added to the pool)
   to the first client request through HAProxy answered by that server
   (mock CAS servers from tests/mocks; a probe sends requests on new TLS
   connections back to back), and the time the PUT itself takes to answer.

    bench/api/api_bench.py --agent build/agent/exlb-agent [--runs 5] [--requests 1000]

Build the agent as scripts/build does (RelWithDebInfo): numbers from an -O0
build say nothing about the appliance.
"""
import argparse
import json
import os
import random
import socket
import ssl
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "api"))
import agent_harness as harness  # noqa: E402
import api_client as api  # noqa: E402

sys.path.insert(0, os.path.join(TOP, "tests", "mocks"))
from lab import start_mock  # noqa: E402

PASSWORD = "Correct-Horse-9"


def keepalive_request(sock, method, path, token=None, body=b"", extra=()):
    head = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\n"
    if token:
        head += f"Authorization: Bearer {token}\r\n"
    if body:
        head += "Content-Type: application/json\r\n"
    for h in extra:
        head += h + "\r\n"
    head += f"Content-Length: {len(body)}\r\n\r\n"
    sock.sendall(head.encode() + body)
    return api.read_response(sock)


def measure(agent, n, method, path, token=None, bodies=(b"",), extra=()):
    """n sequential requests on one kept-alive connection (after a short
    warm-up); p50 in µs and requests per second."""
    sock = agent.connect()
    for i in range(min(5, n)):
        keepalive_request(sock, method, path, token, bodies[i % len(bodies)], extra)
    times = []
    start = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        reply = keepalive_request(sock, method, path, token, bodies[i % len(bodies)], extra)
        times.append(time.perf_counter() - t0)
        assert reply and reply.status == 200, (path, reply.status if reply else None,
                                                reply.body[:300] if reply else b"")
    total = time.perf_counter() - start
    sock.close()
    return {"p50_us": statistics.median(times) * 1e6, "rps": n / total}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def latency(agent, token, runs, requests):
    config = api.request(agent, "GET", "/api/v1/config/running", token=token).json()["config"]
    same = json.dumps({"config": config}).encode()
    other = json.loads(same)
    other["config"]["http"]["timeout_seconds"] = config["http"]["timeout_seconds"] + 1
    changing = (json.dumps(other).encode(), same)  # alternate: every PUT changes haproxy.cfg
    kinds = {
        "static GET /index.html (baseline)": lambda: measure(agent, requests, "GET", "/index.html"),
        "GET /api/v1/status": lambda: measure(agent, requests, "GET", "/api/v1/status", token),
        "GET /api/v1/config/running": lambda: measure(agent, requests, "GET", "/api/v1/config/running", token),
        "PUT config/running, unchanged": lambda: measure(agent, max(10, requests // 10), "PUT",
                                                         "/api/v1/config/running", token, (same,),
                                                         ("If-Match: *",)),
        "PUT config/running, reload": lambda: measure(agent, 6, "PUT", "/api/v1/config/running", token,
                                                      changing, ("If-Match: *",)),
    }
    results = {name: [] for name in kinds}
    for run in range(runs):
        for name, fn in kinds.items():
            results[name].append(fn())
        print(f"  run {run + 1}/{runs} done", flush=True)
    base = results["static GET /index.html (baseline)"]
    print(f"\n{'request':36} {'p50 µs':>9} {'req/s':>8} {'p50 ratio':>10} {'req/s ratio':>12}   (medians of {runs} runs)")
    for name, rs in results.items():
        p50 = statistics.median(r["p50_us"] for r in rs)
        rps = statistics.median(r["rps"] for r in rs)
        p50_ratio = statistics.median(r["p50_us"] / b["p50_us"] for r, b in zip(rs, base))
        rps_ratio = statistics.median(r["rps"] / b["rps"] for r, b in zip(rs, base))
        print(f"{name:36} {p50:9.0f} {rps:8.4g} {p50_ratio:10.4g} {rps_ratio:12.3g}")


def memory(agent, sessions=100):
    time.sleep(1)
    idle = rss_kib(agent.pid)
    socks = []
    # Four client addresses: the agent admits at most 64 connections per address.
    sources = [f"127.0.0.{200 + i}" for i in range(4)]
    t0 = time.monotonic()
    for i in range(sessions):
        source = sources[i % len(sources)]
        reply = api.login(agent, "admin", PASSWORD, source=source)
        assert reply.status == 200, reply.body
        sock = agent.connect(source=source)
        assert keepalive_request(sock, "GET", "/api/v1/whoami", reply.json()["token"]).status == 200
        socks.append(sock)
    logins = time.monotonic() - t0
    busy = rss_kib(agent.pid)
    print(f"\nagent memory (RSS): idle {idle / 1024:.1f} MiB; with {sessions} sessions on {sessions} open "
          f"TLS connections {busy / 1024:.1f} MiB (+{(busy - idle) / sessions:.0f} KiB each, ratio {busy / idle:.2f}); "
          f"{sessions} logins took {logins:.1f} s (Argon2id, interactive cost)")
    for s in socks:
        s.close()


def backend_of(agent, ctx):
    """One request through HAProxy on a new TLS connection from a random
    loopback source (no persistence): the CAS that answered, or None."""
    source = f"127.0.{random.randint(1, 254)}.{random.randint(2, 254)}"
    try:
        with socket.create_connection((agent.address, agent.https_port), timeout=5,
                                      source_address=(source, 0)) as raw:
            with ctx.wrap_socket(raw, server_hostname="mail.example.test") as tls:
                tls.sendall(b"GET /autodiscover/x HTTP/1.1\r\nHost: mail.example.test\r\nConnection: close\r\n\r\n")
                reply = api.read_response(tls)
                return reply.header("X-Exlb-Backend") if reply else None
    except OSError:
        return None


def put_to_serving(agent, token, trials):
    """PUT adding cas2 → first answer from cas2 through HAProxy."""
    addresses = [harness.loopback_address() for _ in range(2)]
    port = harness.free_port(addresses[0])
    mocks = [start_mock(f"cas{i + 1}", a, {"http": [port]}) for i, a in enumerate(addresses)]
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    try:
        got = api.request(agent, "GET", "/api/v1/config/running", token=token).json()
        config = got["config"]
        config["exchange_version"] = "EXCHANGE_VERSION_2013_OR_LATER"
        config["http"]["cas_http_port"] = port
        config["http"]["mode"] = "HTTP_MODE_SSL_OFFLOAD"
        servers = [{"name": f"cas{i + 1}", "address": a, "admin_state": "SERVER_ADMIN_STATE_READY"}
                   for i, a in enumerate(addresses)]
        one = json.loads(json.dumps(config))
        one["cas_servers"] = servers[:1]
        two = json.loads(json.dumps(config))
        two["cas_servers"] = servers
        reply = api.request(agent, "PUT", "/api/v1/config/running", {"config": one}, token=token,
                            headers={"If-Match": "*"})
        assert reply.status == 200, reply.body
        harness.wait_for(lambda: backend_of(agent, ctx) == "cas1", "cas1 through HAProxy", 60)
        serving, answered = [], []
        for trial in range(trials):
            result = {}
            sock = agent.connect()
            body = json.dumps({"config": two}).encode()
            t0 = time.monotonic()

            def put():
                r = keepalive_request(sock, "PUT", "/api/v1/config/running", token, body, ("If-Match: *",))
                result["put"] = (time.monotonic() - t0, r.status if r else None)

            thread = threading.Thread(target=put)
            thread.start()
            deadline = t0 + 60
            seen = None
            while time.monotonic() < deadline:
                if backend_of(agent, ctx) == "cas2":
                    seen = time.monotonic() - t0
                    break
            thread.join()
            sock.close()
            assert result["put"][1] == 200, result
            assert seen is not None, "cas2 never answered"
            serving.append(seen)
            answered.append(result["put"][0])
            print(f"  trial {trial + 1}: PUT answered after {result['put'][0] * 1000:.0f} ms, "
                  f"cas2 served after {seen * 1000:.0f} ms", flush=True)
            back = api.request(agent, "PUT", "/api/v1/config/running", {"config": one}, token=token,
                               headers={"If-Match": "*"})
            assert back.status == 200, back.body
            harness.wait_for(lambda: all(backend_of(agent, ctx) == "cas1" for _ in range(5)),
                             "cas2 out of the pool", 60)
        print(f"\nPUT (cas2 added) → first request served by cas2 through HAProxy: median "
              f"{statistics.median(serving) * 1000:.0f} ms (min {min(serving) * 1000:.0f}, max "
              f"{max(serving) * 1000:.0f}; {trials} trials); the PUT itself answered after a median "
              f"{statistics.median(answered) * 1000:.0f} ms")
    finally:
        for m in mocks:
            m.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    parser.add_argument("--haproxy", default=harness.HAPROXY)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--trials", type=int, default=7)
    args = parser.parse_args()
    agent = harness.Agent(args.agent, haproxy=args.haproxy).start()
    try:
        agent.wait_for_data_plane()
        token = api.admin_token(agent, PASSWORD)
        print(f"exlb-agent {args.agent} (pid {agent.pid}); {os.cpu_count()} CPUs; "
              f"load average {os.getloadavg()[0]:.1f}")
        latency(agent, token, args.runs, args.requests)
        memory(agent)
        put_to_serving(agent, token, args.trials)
    finally:
        agent.cleanup()


if __name__ == "__main__":
    main()
