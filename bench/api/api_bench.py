#!/usr/bin/env python3
"""API latency and throughput, as ratios against a static file served by the
same server in the same run; memory idle and with 100 concurrent sessions.

  bench/api/api_bench.py --server build-api/tests/api/exlb-api-test-server [--requests 2000]

Each measurement uses one keep-alive TLS connection (sequential requests), so
it reports per-request server cost plus loopback latency. The baseline is
GET /index.html (an embedded static file, no authentication, no protobuf).
"""
import argparse
import json
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "api"))
import api_client as api  # noqa: E402


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


def measure(server, n, method, path, token=None, body=b"", extra=()):
    sock = server.connect()
    for _ in range(min(50, n)):  # warm up
        keepalive_request(sock, method, path, token, body, extra)
    times = []
    start = time.perf_counter()
    for _ in range(n):
        t0 = time.perf_counter()
        reply = keepalive_request(sock, method, path, token, body, extra)
        times.append(time.perf_counter() - t0)
        assert reply and reply.status == 200, (path, reply.status if reply else None)
    total = time.perf_counter() - start
    sock.close()
    times.sort()
    return {"p50_us": times[len(times) // 2] * 1e6, "p99_us": times[int(len(times) * 0.99)] * 1e6,
            "rps": n / total}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", required=True)
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    # 100 concurrent sessions from one address: above the default per-address limit (64).
    server = api.Server(args.server, "--max-per-address", "200")
    try:
        token = api.admin_token(server)
        config = api.request(server, "GET", "/api/v1/config/running", token=token).json()["config"]
        put_body = json.dumps({"config": config}).encode()
        results = {
            "static GET /index.html (baseline)": measure(server, args.requests, "GET", "/index.html"),
            "GET /api/v1/status": measure(server, args.requests, "GET", "/api/v1/status", token),
            "GET /api/v1/config/running": measure(server, args.requests, "GET", "/api/v1/config/running", token),
            "PUT /api/v1/config/running": measure(server, args.requests // 4, "PUT", "/api/v1/config/running",
                                                  token, put_body, ("If-Match: *",)),
        }
        base = results["static GET /index.html (baseline)"]
        print(f"{'request':38} {'p50 µs':>9} {'p99 µs':>9} {'req/s':>9} {'p50 ratio':>10} {'req/s ratio':>12}")
        for name, r in results.items():
            print(f"{name:38} {r['p50_us']:9.0f} {r['p99_us']:9.0f} {r['rps']:9.0f} "
                  f"{r['p50_us'] / base['p50_us']:10.2f} {r['rps'] / base['rps']:12.2f}")

        idle = rss_kib(server.proc.pid)
        socks, tokens = [], []
        for _ in range(100):
            tokens.append(api.login(server, "admin", "Correct-Horse-9").json()["token"])
        for t in tokens:
            s = server.connect()
            reply = keepalive_request(s, "GET", "/api/v1/whoami", t)
            assert reply.status == 200
            socks.append(s)
        busy = rss_kib(server.proc.pid)
        print(f"\nmemory (RSS): idle {idle} KiB; with 100 sessions on 100 open TLS connections {busy} KiB "
              f"(+{(busy - idle) / 100:.0f} KiB each; ratio {busy / idle:.2f})")
        for s in socks:
            s.close()
        print("\nnote: the server is exlb-api-test-server (real ApiServer, fake appliance, cheap Argon2id);"
              " PUT cost excludes rendering and reloads, which the data-plane benchmarks measure.")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
