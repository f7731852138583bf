#!/usr/bin/env python3
"""Where a reload change's time goes: two agent builds side by side (A and
B) on the same fast origin, SIGHUP applies of a changed timeout alternated
between them; each step's duration is read from the agent's own log lines
(validate + render + haproxy -c, store, supervisor start, CLI questions and
reload command, HAProxy's re-execution until the new worker forks, the new
generation confirmed and probed). Prints medians per step for each build.

    python3 bench/dataplane/apply_steps.py --a /tmp/fresh/build --b build-dp3 --applies 7
"""

import argparse
import copy
import datetime
import os
import re
import shutil
import sys
import tempfile
import time

import benchlib as bl

dl = bl.dl

# (step, the log line that ends it)
STEPS = [
    ("validate + render + haproxy -c", r"haproxy-check\] Configuration file is valid"),
    ("persist in the store", r"\[store\] running configuration is now"),
    ("until the supervisor loads it", r"\[supervisor\] apply .*: loading"),
    ("CLI questions + reload command", r"Reloading HAProxy"),
    ("master re-exec until the new worker forks", r"New worker .* forked"),
    ("new generation confirmed + probe", r"\[supervisor\] apply .*: applied"),
]


def stamp(line):
    return datetime.datetime.strptime(line[:23], "%Y-%m-%dT%H:%M:%S.%f").replace(
        tzinfo=datetime.timezone.utc).timestamp()


def one_apply(agent, cfg, i):
    """Returns {step: ms} for one SIGHUP apply."""
    c = copy.deepcopy(cfg)
    c["http"]["timeout_seconds"] = 26 + i % 2
    start = agent.mark()
    t0 = time.time()
    agent.apply(c)
    time.sleep(0.3)  # HAProxy's own lines arrive through a pipe
    with agent.cond:
        lines = agent.lines[start:]
    out, prev = {}, t0
    for step, pattern in STEPS:
        hit = next((stamp(l) for l in lines if re.search(pattern, l)), None)
        if hit is None:
            continue
        out[step] = 1000 * (hit - prev)
        prev = hit
        if step.startswith("master re-exec"):
            out["SIGHUP -> new worker serving"] = 1000 * (hit - t0)
    out["SIGHUP -> outcome"] = 1000 * (prev - t0)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--a", required=True, help="build folder A")
    ap.add_argument("--b", required=True, help="build folder B")
    ap.add_argument("--applies", type=int, default=7, help="applies per build")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="exlb-bench-steps-")
    print("machine at start:", bl.machine(), flush=True)
    origin, agents = None, {}
    try:
        cert = bl.make_cert(tmp, "bench-ec")
        origin = bl.Origin(tmp, ["127.0.47.11", "127.0.47.12"], cert)
        for side, build in (("A", args.a), ("B", args.b)):
            agent, cfg, _ = bl.start_exlb(dl.find_agent(os.path.abspath(build)), os.path.join(tmp, side),
                                          origin.servers, certificates=[cert], certificate="bench-ec")
            agents[side] = (agent, cfg)
            bl.wait_servers_up(os.path.join(agent.run_dir, "haproxy.sock"), "owa", [s.name for s in origin.servers])
        results = {}
        for i in range(args.applies):
            for side, (agent, cfg) in agents.items():
                for step, ms in one_apply(agent, cfg, i).items():
                    results.setdefault(step, {}).setdefault(side, []).append(ms)
        print(f"\nmedians of {args.applies} alternating applies: step | A ({args.a}) | B ({args.b})")
        for step, by in results.items():
            print(f"  {step}: {bl.median(by.get('A', [])):.0f} ms | {bl.median(by.get('B', [])):.0f} ms")
        print("machine at end:", bl.machine())
    finally:
        for agent, _ in agents.values():
            agent.stop()
        if origin:
            origin.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
