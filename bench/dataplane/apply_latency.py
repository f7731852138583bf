#!/usr/bin/env python3
"""Apply latency: from a change handed to the agent to the first client
request served under it.

Two mock CAS servers (tests/mocks, they name themselves in every answer);
a probe thread sends GET requests on new TLS connections back to back and
notes when each answer arrived. Changes, alternated with their baseline in
every round:

  Changes go to the agent's API on one kept-alive TLS connection, as the
  console and the web page send them.

  runtime  exlb:     POST /api/v1/servers/<drained>/ready, then POST
                     /api/v1/servers/<serving>/drain (HAProxy's runtime API, no
                     reload); latency = until the first answer from the server
                     made ready, and from the drain until the first answer
                     after the drained server's last one.
           baseline: the same `set server cas/casN state ready|drain` typed
                     into a hand-written HAProxy's stats socket.
  reload   exlb:     PUT /api/v1/config/running enabling the Offline Address
                     Book (a reload: new frontend rules); latency = until the
                     first 200 on /oab/x (refused while disabled). Disabling
                     it again between rounds is not timed.
           baseline: a hand-written HAProxy's file edited (drop the
                     `http-request deny` of /oab) and `reload` sent to its
                     master CLI.

    python3 bench/dataplane/apply_latency.py --build build-dp3 --runs 9
"""

import argparse
import copy
import json
import os
import shutil
import socket
import ssl
import sys
import tempfile
import threading
import time

import benchlib as bl

dl = bl.dl
sys.path.insert(0, os.path.join(bl.TOP, "tests", "api"))
import api_client  # noqa: E402

HAND = """global
    stats socket {dir}/hand.sock mode 600 level admin expose-fd listeners
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend exchange
    bind 127.0.0.1:{port} ssl crt {cert}
{oab_rule}    default_backend cas
backend cas
    balance roundrobin
    option httpchk GET /owa/healthcheck.htm
{servers}
"""
DENY_OAB = "    http-request deny if { path_beg -i /oab }\n"


class Api:
    """The agent's management API for api_client (TLS, its self-signed certificate)."""

    def __init__(self, port):
        self.port = port
        self.ctx = bl.client_context()
        self.kept = None

    def connect(self, source="127.0.0.1", timeout=10):
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=timeout,
                                       source_address=(source, 0))
        return self.ctx.wrap_socket(raw, server_hostname="localhost")

    def request(self, method, path, body=None, token=None, headers=None):
        """One request on a kept-alive connection, as the console and the
        web page send changes (the timed changes then carry no TLS handshake
        with the management API); reconnects once when the agent closed it."""
        payload = json.dumps(body).encode() if body is not None else b""
        hdrs = {"Host": "localhost", "Content-Length": str(len(payload))}
        if body is not None:
            hdrs["Content-Type"] = "application/json"
        if token:
            hdrs["Authorization"] = "Bearer " + token
        hdrs.update(headers or {})
        raw = (f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items())
               + "\r\n").encode("latin-1") + payload
        for attempt in range(2):
            try:
                if self.kept is None:
                    self.kept = self.connect()
                self.kept.sendall(raw)
                r = api_client.read_response(self.kept)
                if r is not None:
                    if r.header("connection").lower() == "close":
                        self.close()
                    return r
            except (OSError, ssl.SSLError):
                pass
            self.close()
        return None

    def close(self):
        if self.kept is not None:
            self.kept.close()
            self.kept = None


class Probe(threading.Thread):
    """GETs `path` on new TLS connections back to back; wait_for(pred, t0)
    returns the seconds from t0 to the first answer after t0 that pred accepts."""

    def __init__(self, port, path):
        super().__init__(daemon=True)
        self.port, self.path = port, path
        self.stop = threading.Event()
        self.cond = threading.Condition()
        self.answers = []  # (arrival time, status, body), the last 1000
        self.count = 0

    def run(self):
        ctx = bl.client_context()
        while not self.stop.is_set():
            try:
                status, body = bl.get(self.port, self.path, ctx)
            except (OSError, ssl.SSLError):
                status, body = 0, ""
            with self.cond:
                self.answers.append((time.monotonic(), status, body))
                self.count += 1
                del self.answers[:-1000]
                self.cond.notify_all()

    def wait_for(self, pred, t0, timeout=30):
        deadline = time.monotonic() + timeout
        with self.cond:
            while time.monotonic() < deadline:
                for at, status, body in self.answers:
                    if at > t0 and pred(status, body):
                        return at - t0
                self.cond.wait(0.05)
        return None

    def finish(self):
        self.stop.set()
        self.join()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(bl.TOP, "build"))
    ap.add_argument("--runs", type=int, default=9, help="rounds; each times every change once")
    args = ap.parse_args()
    binary = dl.find_agent(os.path.abspath(args.build))
    tmp = tempfile.mkdtemp(prefix="exlb-bench-apply-")
    print("machine at start:", bl.machine(), flush=True)
    servers, started, probes = [], [], []
    try:
        cert = bl.make_cert(tmp, "bench-ec")
        http_port = bl.free_port()
        servers = [bl.lab.start_mock(f"cas{i + 1}", f"127.0.44.{11 + i}", {"http": [http_port]})
                   for i in range(2)]

        def initial(cfg):
            cfg["cas_servers"][1]["admin_state"] = "SERVER_ADMIN_STATE_DRAIN"
            cfg["http"]["applications"]["offline_address_book"] = "TOGGLE_DISABLED"

        agent, cfg, ports = bl.start_exlb(binary, os.path.join(tmp, "agent"), servers,
                                          certificates=[cert], certificate="bench-ec", tweak=initial)
        started.append(agent)
        bl.wait_servers_up(os.path.join(agent.run_dir, "haproxy.sock"), "owa", [s.name for s in servers])
        api = Api(agent.api_port)
        token = api_client.admin_token(api)

        hand_dir = os.path.join(tmp, "hand")
        os.makedirs(hand_dir)
        hand_port = bl.free_port()
        server_lines = "\n".join(f"    server {s.name} {s.address}:{http_port} check" for s in servers)

        def hand_text(deny):
            return HAND.format(dir=hand_dir, port=hand_port, cert=cert, servers=server_lines,
                               oab_rule=DENY_OAB if deny else "")

        hand = bl.HandHaproxy(tmp, "hand", hand_text(True))
        started.append(hand)
        hand_sock = os.path.join(hand_dir, "hand.sock")
        bl.wait_servers_up(hand_sock, "cas", [s.name for s in servers])
        dl.unix_command(hand_sock, "set server cas/cas2 state drain")

        probe = {("exlb", "owa"): Probe(ports["https"], "/owa/x"), ("hand", "owa"): Probe(hand_port, "/owa/x"),
                 ("exlb", "oab"): Probe(ports["https"], "/oab/x"), ("hand", "oab"): Probe(hand_port, "/oab/x")}
        probes.extend(probe.values())
        for p in probes:
            p.start()
        time.sleep(0.5)
        started_at = time.monotonic()
        for p in probes:
            with p.cond:
                p.count = 0

        state = {"cfg": copy.deepcopy(cfg)}
        initial(state["cfg"])

        def put(c):
            r = api.request("PUT", "/api/v1/config/running", {"config": c}, token=token,
                            headers={"If-Match": "*"})
            if r is None or r.status != 200 or "APPLY_RESULT_APPLIED" not in r.body.decode():
                raise RuntimeError(f"PUT config/running: {r and r.status} {r and r.body[:300]}")

        def swap(side, ready, drain):
            """Makes the drained server ready, then drains the other. Returns
            (ms until its first answer, ms until the drained one's last)."""
            old = side_state[side]
            new = "cas2" if old == "cas1" else "cas1"
            pr = probe[(side, "owa")]
            t0 = time.monotonic()
            ready(new)
            took_ready = pr.wait_for(lambda st, b: st == 200 and b.startswith(new + " "), t0)
            t1 = time.monotonic()
            drain(old)
            time.sleep(1.0)  # then find the drained server's last answer
            with pr.cond:
                last_old = max((at for at, st, b in pr.answers if b.startswith(old + " ")), default=t1)
                after = [at for at, st, b in pr.answers if at > max(last_old, t1)]
            took_drain = (after[0] - t1) if after else None
            side_state[side] = new
            return took_ready, took_drain

        side_state = {"exlb": "cas1", "hand": "cas1"}

        def post(name, verb):
            r = api.request("POST", f"/api/v1/servers/{name}/{verb}", token=token)
            if r is None or r.status != 200 or "APPLY_RESULT_APPLIED" not in r.body.decode():
                raise RuntimeError(f"POST servers/{name}/{verb}: {r and r.status} {r and r.body[:300]}")

        def exlb_runtime():
            took = swap("exlb", lambda n: post(n, "ready"), lambda n: post(n, "drain"))
            for sv in state["cfg"]["cas_servers"]:
                sv["admin_state"] = ("SERVER_ADMIN_STATE_READY" if sv["name"] == side_state["exlb"]
                                     else "SERVER_ADMIN_STATE_DRAIN")
            return took

        def hand_runtime():
            return swap("hand", lambda n: dl.unix_command(hand_sock, f"set server cas/{n} state ready"),
                        lambda n: dl.unix_command(hand_sock, f"set server cas/{n} state drain"))

        def oab(c, on):
            c = copy.deepcopy(c)
            c["http"]["applications"]["offline_address_book"] = "TOGGLE_ENABLED" if on else "TOGGLE_DISABLED"
            return c

        def exlb_reload():
            t0 = time.monotonic()
            put(oab(state["cfg"], True))
            took = probe[("exlb", "oab")].wait_for(lambda st, b: st == 200, t0)
            put(oab(state["cfg"], False))
            return took

        def hand_reload():
            def reload(deny):
                with open(hand.cfg + ".tmp", "w") as f:
                    f.write(hand_text(deny))
                os.replace(hand.cfg + ".tmp", hand.cfg)
                for _ in range(100):  # the master CLI is away while the master re-executes
                    try:
                        dl.unix_command(hand.master_sock, "reload")
                        break
                    except OSError:
                        time.sleep(0.05)

            t0 = time.monotonic()
            reload(False)
            took = probe[("hand", "oab")].wait_for(lambda st, b: st == 200, t0)
            reload(True)
            probe[("hand", "oab")].wait_for(lambda st, b: st == 403, time.monotonic())
            # A reload forgets states set at runtime (no server-state file
            # here): drain the one that is not serving again.
            other = "cas2" if side_state["hand"] == "cas1" else "cas1"
            dl.unix_command(hand_sock, f"set server cas/{other} state drain")
            return took

        changes = {("runtime", "exlb"): exlb_runtime, ("runtime", "hand"): hand_runtime,
                   ("reload", "exlb"): exlb_reload, ("reload", "hand"): hand_reload}
        results = {}
        for run in range(args.runs):
            for key, fn in changes.items():
                took = fn()
                if key[0] == "runtime":
                    results.setdefault(("ready", key[1]), []).append(took[0])
                    results.setdefault(("drain", key[1]), []).append(took[1])
                else:
                    results.setdefault(key, []).append(took)
                print(f"run {run + 1} {key[0]} {key[1]}: {took}", flush=True)
                time.sleep(0.2)

        print(f"\napply latency (change handed over -> first request served under it), "
              f"medians of {args.runs} alternating runs:")
        rate = sum(p.count for p in probes) / max(time.monotonic() - started_at, 1e-9)
        print(f"  (the probes got about {rate:.0f} answers/s, which bounds the resolution)")
        for kind, what, goal in (("ready", "runtime: POST servers/<name>/ready", "goal <= 50 ms"),
                                 ("drain", "runtime: POST servers/<name>/drain", "goal <= 50 ms"),
                                 ("reload", "reload: PUT config/running", "goal <= 1 s")):
            e = [x for x in results[(kind, "exlb")] if x is not None]
            h = [x for x in results[(kind, "hand")] if x is not None]
            me, mh = bl.median(e), bl.median(h)
            print(f"  {what}: exlb {me * 1000:.1f} ms (max {max(e, default=0) * 1000:.0f}, "
                  f"{len(results[(kind, 'exlb')]) - len(e)} never), hand-typed baseline {mh * 1000:.1f} ms; "
                  f"exlb/baseline {bl.ratio(me, mh):.2f}; {goal}")
        print("machine at end:", bl.machine())
    finally:
        for p in probes:
            p.finish()
        for s in reversed(started):
            s.stop()
        bl.lab.stop_all(servers)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
