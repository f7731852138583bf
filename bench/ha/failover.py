#!/usr/bin/env python3
"""Failover time of an exlb pair, against keepalived's default timers in the same run.

    sudo EXLB_BINARY_DIR=build python3 bench/ha/failover.py [--trials 20]
         [--faults keepalived,haproxy,agent,node,link,graceful] [--json out.json]
    sudo EXLB_BINARY_DIR=build python3 bench/ha/failover.py --soak 600

Two labs of tests/ha/ha_lab.py run side by side (198.18.0.0/24 and
198.18.1.0/24): "exlb" with the agent's own timers, "default" with
`--vrrp-advert-interval 1` (keepalived's default timers, the baseline). Trials
alternate between the two (exlb first on even trials, default first on odd
ones). In each trial node A, the master, suffers the fault while a prober in
the client namespace opens a connection through the virtual address 100 times
a second; the gap is the time from the last answered probe to the first
answered one. An address watch (netlink, both node namespaces) records every
moment both nodes held the address. Then A is restored and takes the address
back: after a fault by the agents' automatic failback once A has been a
healthy backup for --preempt-delay seconds, B releasing first; after a
handover by A's own take. That is measured too ("failback").

Faults: keepalived (kill -9 of keepalived alone), haproxy (kill -9 of the
HAProxy master), agent (kill -9 of the agent), node (kill -9 of every process
of the node), link (its switch port down), graceful (SIGTERM of the agent: a
planned stop), handover (POST /api/v1/ha/handover on A: the planned handover,
A releasing before B takes; A takes it back the same way).

--soak SECONDS: no faults; both CPUs kept busy by two bounded spinning
processes; counts role changes (event stream), address moves and failed
probes on the exlb lab. Zero is the goal.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tests", "ha"))
import netns  # noqa: E402
import ha_lab  # noqa: E402

FAULTS = ["keepalived", "haproxy", "agent", "node", "link", "graceful", "handover"]
MODES = {"exlb": [], "default": ["--vrrp-advert-interval", "1"]}
MASTER, BACKUP = "VRRP_ROLE_MASTER", "VRRP_ROLE_BACKUP"
PROBE_TIMEOUT = 0.3      # a probe not answered by then counts as failed
STABLE = 0.5             # the address is settled when it did not move for this long


class Bench:
    def __init__(self, mode, subnet, workdir, preempt_delay):
        flags = MODES[mode] + ["--vrrp-preempt-delay", str(preempt_delay)]
        self.mode = mode
        self.lab = ha_lab.Lab(ha_lab.find_agent(), os.path.join(workdir, mode), tag=mode[0],
                              subnet=subnet, flags=flags)
        self.prober = self.lab.start_prober(hz=100, timeout=PROBE_TIMEOUT)
        self.watch = netns.AddressWatch({"a": self.lab.ns["a"], "b": self.lab.ns["b"]},
                                        self.lab.vip)
        self.results = {f: [] for f in FAULTS + ["failback"]}

    def rest(self, timeout=60):
        """Waits for the resting state: A master holding the address alone, B
        backup, the prober answered 20 times in a row."""
        lab = self.lab
        ok = (lab.wait_roles({"a": MASTER, "b": BACKUP}, timeout) and
              self.watch.wait(lambda h: h == {"a"}, timeout) is not None and
              self.prober.wait_answered(time.monotonic(), 20, timeout) is not None)
        if not ok:
            raise RuntimeError(f"[{self.mode}] no resting state: a={lab.a.role()} "
                               f"b={lab.b.role()} holders={self.watch.holders()}")

    def inject(self, fault):
        lab = self.lab
        if fault == "keepalived":
            lab.a.kill_engine("keepalived")
        elif fault == "haproxy":
            lab.a.kill_engine("haproxy")
        elif fault == "agent":
            lab.a.kill9()
        elif fault == "node":
            lab.kill_node("a")
        elif fault == "link":
            lab.link("a", False)
        elif fault == "graceful":
            lab.a.stop()
        elif fault == "handover":
            self.handover(give=True)

    def restore(self, fault):
        lab = self.lab
        if fault == "link":
            lab.link("a", True)
        elif fault in ("agent", "node", "graceful"):
            lab.a.start()
        elif fault == "handover":
            # An administrator's handover holds (no automatic failback): A takes it back.
            self.handover(give=False)
        # keepalived, haproxy: the agent restarts its engine by itself.

    def handover(self, give):
        """POST /api/v1/ha/handover on A: give the address to B, or take it back."""
        r = self.lab.a.call("POST", "/api/v1/ha/handover", {} if give else {"take": True})
        if r is None or r.status != 200:
            raise RuntimeError(f"[{self.mode}] handover ({'give' if give else 'take'}): "
                               f"{r.status if r else 'no answer'} {r.body[:300] if r else ''}")

    def settle(self, need_b, timeout=30):
        """Waits until one node holds the address (B when need_b) and nothing
        moved for STABLE seconds; the time of the last move."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            holders, last_move = self.watch.holders(), self.watch.history[-1][0]
            if (len(holders) == 1 and (holders == {"b"} or not need_b) and
                    time.monotonic() - last_move >= STABLE):
                return last_move
            time.sleep(0.05)
        raise RuntimeError(f"[{self.mode}] the address did not settle: {self.watch.holders()}")

    def outage(self, t0, settled, timeout=30):
        """After the address settled: waits for 10 answered probes in a row,
        then the longest gap between answered probes since t0, and the
        failed probe count."""
        if self.prober.wait_answered(max(t0, settled), 10, timeout) is None:
            raise RuntimeError(f"[{self.mode}] the service did not come back")
        time.sleep(PROBE_TIMEOUT + 0.2)  # let the probes sent meanwhile finish
        return self.prober.gap(t0 - 0.2, time.monotonic() - PROBE_TIMEOUT - 0.1)

    def trial(self, fault):
        self.rest()
        t0 = time.monotonic()
        self.inject(fault)
        # Every fault but keepalived's leaves A unable to serve: B must take over.
        settled = self.settle(need_b=fault != "keepalived")
        gap, failed = self.outage(t0, settled)
        overlap = sum(e - s for s, e in self.watch.overlaps(t0))
        self.results[fault].append({"gap": gap, "failed": failed, "both_held": overlap})
        t1 = time.monotonic()
        self.restore(fault)
        self.rest()
        # The failback (A preempts after the delay) is a planned handover: measure it.
        gap, failed = self.outage(t1, self.settle(need_b=False))
        overlap = sum(e - s for s, e in self.watch.overlaps(t1))
        self.results["failback"].append({"gap": gap, "failed": failed, "both_held": overlap})

    def close(self):
        self.watch.close()
        self.lab.close()


def summarize(rows):
    gaps = sorted(r["gap"] for r in rows if r["gap"] is not None)
    if not gaps:
        return None
    return {"n": len(gaps), "median_ms": statistics.median(gaps) * 1000,
            "worst_ms": gaps[-1] * 1000,
            "both_held_ms": max(r["both_held"] for r in rows) * 1000,
            "both_held_trials": sum(1 for r in rows if r["both_held"] > 0)}


def report(benches, faults):
    print("\nfailover gap through the virtual address (100 Hz prober), "
          "exlb vs keepalived default timers")
    print(f"{'fault':<11} {'n':>3} {'exlb median':>12} {'worst':>8} {'default median':>15} "
          f"{'worst':>8} {'ratio':>6} {'both held (exlb / default)':>28}")
    out = {}
    for fault in faults + ["failback"]:
        s = {m: summarize(b.results[fault]) for m, b in benches.items()}
        out[fault] = s
        x, d = s.get("exlb"), s.get("default")
        if not x:
            continue
        ratio = f"{d['median_ms'] / x['median_ms']:.1f}x" if d and x["median_ms"] else "-"
        held = f"{x['both_held_trials']}/{x['n']} max {x['both_held_ms']:.0f} ms"
        if d:
            held += f" / {d['both_held_trials']}/{d['n']} max {d['both_held_ms']:.0f} ms"
        print(f"{fault:<11} {x['n']:>3} {x['median_ms']:>10.0f}ms {x['worst_ms']:>6.0f}ms "
              f"{(d['median_ms'] if d else 0):>13.0f}ms {(d['worst_ms'] if d else 0):>6.0f}ms "
              f"{ratio:>6} {held:>28}")
    print("ratio = default median / exlb median (higher is better for exlb)")
    return out


def soak(bench, seconds):
    """Both CPUs busy for `seconds`; role changes, address moves, failed probes."""
    lab = bench.lab
    bench.rest()
    streams = {n: lab.nodes[n].events() for n in ("a", "b")}
    marks = {n: s.mark() for n, s in streams.items()}
    t0 = time.monotonic()
    moves0 = len(bench.watch.history)
    spin = "import time\nend = time.monotonic() + %f\nwhile time.monotonic() < end: pass\n"
    load = [subprocess.Popen([sys.executable, "-c", spin % seconds]) for _ in range(os.cpu_count() or 2)]
    try:
        for p in load:
            p.wait(seconds + 30)
    finally:
        for p in load:
            if p.poll() is None:
                p.kill()
    flips = {n: sum(1 for e in s.since(marks[n]) if "role_changed" in e)
             for n, s in streams.items()}
    for s in streams.values():
        s.close()
    rs = bench.prober.window(t0, time.monotonic() - PROBE_TIMEOUT - 0.1)
    result = {"seconds": seconds, "cpus": os.cpu_count(), "role_changes": flips,
              "address_moves": len(bench.watch.history) - moves0,
              "both_held_ms": sum(e - s for s, e in bench.watch.overlaps(t0)) * 1000,
              "probes": len(rs), "failed_probes": sum(1 for _, ok, _ in rs if not ok)}
    print("\nsoak with both CPUs saturated:", json.dumps(result))
    return result


def run_together(benches, fault):
    """One trial of `fault` in every lab at the same moment (threads): the
    modes then share the machine's conditions exactly, and the run takes
    half the time."""
    errors = []

    def one(b):
        try:
            b.trial(fault)
        except Exception as e:  # handed to the main thread
            errors.append(e)
    threads = [threading.Thread(target=one, args=(b,)) for b in benches]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def dump(path, summary, benches):
    with open(path + ".tmp", "w") as f:
        json.dump({"summary": summary, "raw": {m: b.results for m, b in benches.items()}}, f,
                  indent=1)
    os.replace(path + ".tmp", path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20, help="trials per fault and mode")
    parser.add_argument("--faults", default=",".join(FAULTS))
    parser.add_argument("--modes", default="exlb,default")
    parser.add_argument("--preempt-delay", type=float, default=2,
                        help="the agents' --vrrp-preempt-delay (shortened: each trial waits for it)")
    parser.add_argument("--soak", type=float, default=0, help="run the soak instead, SECONDS")
    parser.add_argument("--parallel", action="store_true",
                        help="run each trial in both labs at once instead of one after the other")
    parser.add_argument("--json", help="write the results here")
    parser.add_argument("--keep", action="store_true", help="keep the lab's files (logs)")
    args = parser.parse_args()
    reason = netns.unavailable()
    if reason:
        print("cannot run:", reason)
        return 77
    netns.clean_stale()
    faults = [f for f in args.faults.split(",") if f]
    modes = [m for m in args.modes.split(",") if m] if not args.soak else ["exlb"]
    workdir = ha_lab.workdir("exlb-ha-bench-")
    benches = {}
    started = time.monotonic()
    try:
        for i, mode in enumerate(modes):
            benches[mode] = Bench(mode, i, workdir, args.preempt_delay)
        if args.soak:
            result = soak(benches["exlb"], args.soak)
        else:
            for fault in faults:
                for t in range(args.trials):
                    if args.parallel:
                        run_together([benches[m] for m in modes], fault)
                    else:
                        order = modes if t % 2 == 0 else list(reversed(modes))
                        for mode in order:
                            benches[mode].trial(fault)
                    r = {m: benches[m].results[fault][-1] for m in modes}
                    print(f"{fault} trial {t + 1}/{args.trials}: " +
                          " ".join(f"{m} {x['gap'] * 1000:.0f} ms" if x["gap"] else f"{m} -"
                                   for m, x in r.items()) + "  both held: " +
                          " ".join(f"{m} {x['both_held'] * 1000:.0f} ms" for m, x in r.items()),
                          flush=True)
                    if args.json:  # after every trial, so a stopped run keeps its data
                        dump(args.json, None, benches)
            result = report(benches, faults)
        print(f"\n(total {time.monotonic() - started:.0f} s; {os.cpu_count()} CPUs)")
        if args.json:
            dump(args.json, result, benches)
        return 0
    finally:
        for b in benches.values():
            b.close()
        if args.keep:
            print("lab files kept in", workdir)
        else:
            ha_lab.remove(workdir)


if __name__ == "__main__":
    sys.exit(main())
