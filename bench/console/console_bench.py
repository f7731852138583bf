#!/usr/bin/env python3
"""The console connected to 50 real agents while they stream events: the GUI
thread's longest stall and the console's memory, against the same console idle
with one agent (ratios).

  bench/console/console_bench.py --build build [--agents 50] [--seconds 20]

Each agent is a real exlb-agent (own data/run dirs, API on its own loopback
address 127.0.9.N, port 0) with a minimal data plane: HAProxy publishing OWA
only, in front of one mock CAS server. The agents stream events because the
mock CAS flaps (its health check fails, then passes, every --flap seconds):
every agent's HAProxy sees the server go down and up, and every agent pushes a
status snapshot on its event stream, all 50 at about the same moment — bursts
of 50 events, several times per flap. The console under test is
exlb-console-bench (the real MainWindow, offscreen) with a 5 ms stall probe
on its GUI thread. Goal: no stall over 50 ms.

Standard library only. Every address is loopback; everything started is
stopped at the end. Bounded: agents start within --start-timeout, each
measurement lasts --seconds.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
import dataplane_lab as dl  # noqa: E402

lab = dl.lab
SUBNET = "127.0.9."
PASSWORD = "Bench-Console-2026"


def api(agent, method, path, body=None, token=None):
    """One HTTPS request to an agent's API (its certificate is self-signed:
    the benchmark talks only to the agents it started)."""
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    conn = http.client.HTTPSConnection(agent.address, agent.api_port, context=ctx, timeout=30)
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


def change_factory_password(agent):
    status, answer = api(agent, "POST", "/api/v1/login", {"username": "admin", "password": "admin"})
    if status != 200:
        raise RuntimeError(f"factory login on {agent.address}: {status} {answer}")
    status, answer = api(agent, "POST", "/api/v1/password",
                         {"current_password": "admin", "new_password": PASSWORD}, answer["token"])
    if status != 200:
        raise RuntimeError(f"password change on {agent.address}: {status} {answer}")


def agent_config(binary, address, index, mock):
    c = dl.default_config(binary)
    c["network"].update({"hostname": f"site{index:03d}", "address": address, "netmask": "255.255.255.0"})
    c["exchange_version"] = "EXCHANGE_VERSION_2013_OR_LATER"
    c["cas_servers"] = [{"address": mock.address, "name": "cas1", "admin_state": "SERVER_ADMIN_STATE_READY"}]
    apps = {k: "TOGGLE_DISABLED" for k in c["http"]["applications"]}
    apps["outlook_web_app"] = "TOGGLE_ENABLED"
    c["http"].update({"host_name": dl.HOST_NAME, "virtual_https_port": 8443, "redirect_http_port": 8080,
                      "cas_http_port": mock.port("http"), "applications": apps})
    c["rpc"]["state"] = "TOGGLE_DISABLED"
    return c


class Agent(dl.Agent):
    def __init__(self, binary, workdir, config, address):
        self.address = address
        super().__init__(binary, workdir, config, listen=f"{address}:0")


def start_agents(binary, root, count, mock, timeout):
    """Agent 0 first (its password is changed through the API), then the
    others in parallel, seeded with agent 0's account file so none of them
    needs the factory-password dance."""
    def make(i, seed=None):
        address = f"{SUBNET}{20 + i}"
        workdir = os.path.join(root, f"agent{i:03d}")
        if seed:
            os.makedirs(os.path.join(workdir, "data"), exist_ok=True)
            shutil.copy(seed, os.path.join(workdir, "data", "accounts.json"))
        return Agent(binary, workdir, agent_config(binary, address, i, mock), address)

    first = make(0)
    change_factory_password(first)
    seed = os.path.join(first.data_dir, "accounts.json")
    agents = [first]
    deadline = time.monotonic() + timeout
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(make, i, seed) for i in range(1, count)]
        for f in futures:
            agents.append(f.result(timeout=max(1, deadline - time.monotonic())))
    return agents


def run_console(bench, agents, seconds):
    argv = [bench, "--password", PASSWORD, "--seconds", str(seconds)] + \
           [f"{a.address}:{a.api_port}" for a in agents]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_LOGGING_RULES="exlb.*.info=false")
    out = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=seconds + 300)
    lines = [l for l in out.stdout.splitlines() if l.startswith("{")]
    if not lines:
        raise RuntimeError(f"exlb-console-bench gave no result (exit {out.returncode}):\n{out.stderr[-2000:]}")
    return json.loads(lines[-1])


class Flapper(threading.Thread):
    """Makes the mock CAS fail, then recover, every `period` seconds."""

    def __init__(self, mock, period):
        super().__init__(daemon=True)
        self.mock, self.period, self.stop_now, self.flips = mock, period, threading.Event(), 0

    def run(self):
        failing = False
        while not self.stop_now.wait(self.period / 2):
            failing = not failing
            self.mock.fault("all", "fail" if failing else "ok")
            self.flips += 1
        self.mock.fault("all", "ok")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default=os.path.join(TOP, "build"))
    parser.add_argument("--agents", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--flap", type=float, default=3.0, help="seconds per fail+recover cycle")
    parser.add_argument("--start-timeout", type=float, default=300)
    args = parser.parse_args()
    if not 1 <= args.agents <= 200:
        raise SystemExit("--agents: 1..200")

    build = os.path.abspath(args.build)
    binary = dl.find_agent(build)
    bench = os.path.join(build, "bench", "console", "exlb-console-bench")
    if not os.access(bench, os.X_OK):
        raise SystemExit(f"{bench} not found: build the target exlb-console-bench")

    root = tempfile.mkdtemp(prefix="exlb-console-bench-")
    mock, agents = None, []
    try:
        mock = lab.start_mock("cas1", SUBNET + "11", {"http": [0]})
        t0 = time.monotonic()
        agents = start_agents(binary, root, args.agents, mock, args.start_timeout)
        print(f"{len(agents)} agents up in {time.monotonic() - t0:.1f} s", file=sys.stderr)

        idle = run_console(bench, agents[:1], args.seconds)
        print("baseline (1 agent, idle):", json.dumps(idle), file=sys.stderr)
        flapper = Flapper(mock, args.flap)
        flapper.start()
        try:
            loaded = run_console(bench, agents, args.seconds)
        finally:
            flapper.stop_now.set()
            flapper.join(10)
        print(f"load ({len(agents)} agents, events streaming):", json.dumps(loaded), file=sys.stderr)

        def ratio(key):
            return round(loaded[key] / idle[key], 2) if idle[key] else None

        report = {
            "agents": len(agents),
            "baseline_one_agent_idle": idle,
            "all_agents_streaming": loaded,
            "events_per_second": round(loaded["events"] / max(1, loaded["seconds"]), 1),
            "ratio_max_stall": ratio("max_stall_ms"),
            "ratio_p99_late": ratio("p99_late_ms"),
            "ratio_rss": ratio("rss_kb"),
            "goal_no_stall_over_50ms": loaded["max_stall_ms"] <= 50,
        }
        print(json.dumps(report, indent=1))
        return 0 if loaded["online"] == len(agents) else 1
    finally:
        for a in agents:
            a.stop()
        if mock:
            mock.stop()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
