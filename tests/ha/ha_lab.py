"""The high-availability lab: two exlb nodes, a client and mock CAS servers,
each in its own network namespace, on a bridge in a "switch" namespace.

    import ha_lab
    lab = ha_lab.Lab(agent_bin, workdir, tag="t")   # builds it all; A master, B backup
    lab.a.status()["vrrp_role"]                    # "VRRP_ROLE_MASTER"
    lab.fetch()                                    # one request through the VIP, from the client
    lab.a.kill9("haproxy"); lab.wait_holder("b")
    lab.close()                                    # also on atexit / SIGTERM / SIGINT

Addresses (198.18.<subnet>.0/24; one subnet per Lab so two labs can coexist):
  .1 node A (eth0)   .2 node B (eth0)   .100 virtual address   .50 client
  .11 .12 mock CAS (cas1, cas2)
Each node runs the real exlb-agent under `ip netns exec`, which starts HAProxy
and keepalived itself. Standard library only; run as root.
"""

import atexit
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))
sys.path.insert(0, os.path.join(TOP, "tests", "api"))
import netns  # noqa: E402
import dataplane_lab as dl  # noqa: E402  (lab_config, the mocks through dl.lab)
import api_client  # noqa: E402  (HTTPS requests, admin_token, WebSocket)

lab_mocks = dl.lab
PASSWORD = "Correct-Horse-9"
MGMT_PORT = 4444
PEER_PORT = 4445         # the pair channel (mutual TLS between the agents)
RPC_PORT = 1135          # the prober's service: RPC endpoint mapper, answered by a CAS
CLUSTER_ID = 51


def find_agent():
    build = os.environ.get("EXLB_BINARY_DIR", os.path.join(TOP, "build"))
    return dl.find_agent(build)


class NodeApi:
    """What tests/api/api_client.py needs of a "server": TLS connections to
    the agent's management port, opened inside the node's namespace."""

    def __init__(self, ns, address, port=MGMT_PORT):
        self.ns, self.address, self.port = ns, address, port

    def connect(self, source=None, timeout=10):
        raw = netns.in_netns(self.ns, socket.create_connection, (self.address, self.port),
                             timeout)
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # the node's self-signed certificate
        return ctx.wrap_socket(raw, server_hostname="localhost")


class EventStream:
    """The node's /api/v1/events, read by a thread into a list."""

    def __init__(self, api, token):
        self.ws = api_client.WebSocket(api, token, timeout=10)
        if not self.ws.accepted:
            raise RuntimeError("event stream refused: " + self.ws.head.splitlines()[0])
        self.ws.sock.settimeout(None)
        self.events = []
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        while True:
            try:
                e = self.ws.receive()
            except (OSError, ValueError, ConnectionError):
                return
            e["_received"] = time.monotonic()
            with self.cond:
                self.events.append(e)
                self.cond.notify_all()

    def mark(self):
        with self.cond:
            return len(self.events)

    def wait(self, predicate, timeout, start=0):
        """The first event from index `start` with predicate(event), or None."""
        deadline = time.monotonic() + timeout
        with self.cond:
            i = start
            while True:
                while i < len(self.events):
                    if predicate(self.events[i]):
                        return self.events[i]
                    i += 1
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def since(self, start):
        with self.cond:
            return list(self.events[start:])

    def close(self):
        self.ws.close()


class Node:
    """One appliance: exlb-agent in namespace `ns` with its own folders."""

    def __init__(self, name, ns, address, workdir, agent_bin, flags):
        self.name, self.ns, self.address = name, ns, address
        self.agent_bin, self.flags = agent_bin, list(flags)
        self.workdir = workdir
        self.data_dir = os.path.join(workdir, "data")
        self.run_dir = os.path.join(workdir, "run")
        self.config_path = os.path.join(workdir, "config.json")
        self.log_path = os.path.join(workdir, "agent.log")
        os.makedirs(workdir, exist_ok=True)
        self.api = NodeApi(ns, address)
        self.proc = None
        self.log = None

    # -- the agent process --------------------------------------------------
    def start(self, config=None, timeout=60):
        """Starts the agent; with `config`, that becomes its running
        configuration (first start), else it comes back from its saved one."""
        argv = ["ip", "netns", "exec", self.ns, self.agent_bin, "--data-dir", self.data_dir,
                "--run-dir", self.run_dir, "--system-root", os.path.join(self.workdir, "root"),
                "--listen", f"{self.address}:{MGMT_PORT}", "--log-level", "info", *self.flags]
        if config is not None:
            with open(self.config_path, "w") as f:
                json.dump(config, f, indent=1)
            argv += ["--config", self.config_path]
        self.log = open(self.log_path, "ab")
        self.log.write(f"==== start {time.strftime('%H:%M:%S')} {' '.join(argv)}\n".encode())
        self.log.flush()
        self.proc = subprocess.Popen(argv, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"agent {self.name} exited ({self.proc.returncode}); "
                                   f"see {self.log_path}")
            try:
                self.token()
                return
            except (OSError, AssertionError, ssl.SSLError, ConnectionError, AttributeError):
                time.sleep(0.2)
        raise RuntimeError(f"agent {self.name} did not answer in {timeout}s; see {self.log_path}")

    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def kill9(self):
        """kill -9 of the agent alone (its children are its business)."""
        if self.running():
            self.proc.kill()
        self._reap()

    def stop(self, timeout=30):
        """A clean stop (SIGTERM): the agent stops its engines itself."""
        if self.running():
            self.proc.terminate()
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._reap()

    def _reap(self):
        if self.proc is not None:
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                pass
        if self.log:
            self.log.close()
            self.log = None
        self.api._admin_token = None

    # -- the API ---------------------------------------------------------------
    def token(self):
        return api_client.admin_token(self.api, PASSWORD)

    def call(self, method, path, body=None, headers=None):
        """One API call as admin; the Response (status, headers, body), or None
        when the agent cut the connection."""
        return api_client.request(self.api, method, path, body, token=self.token(),
                                  headers=headers)

    def get_json(self, path):
        r = self.call("GET", path)
        if r is None or r.status != 200:
            raise RuntimeError(f"{self.name} GET {path}: "
                               f"{r.status if r else 'no answer'} {r.body[:300] if r else ''}")
        return r.json()

    def status(self):
        return self.get_json("/api/v1/status")

    def role(self):
        """VRRP_ROLE_MASTER / ..._BACKUP / ..._FAULT, or None when the agent is down."""
        if not self.running():
            return None
        try:
            return self.status().get("vrrp_role")
        except (OSError, RuntimeError, ssl.SSLError, ConnectionError):
            return None

    def alarms(self):
        return {a.get("code") for a in self.status().get("alarms", [])}

    def engine_pid(self, engine):
        for e in self.status().get("engines", []):
            if e.get("name") == engine and int(e.get("pid", 0)):
                return int(e["pid"])
        return None

    def kill_engine(self, engine):
        """kill -9 of "haproxy" or "keepalived", every process of it at once
        (children first: keepalived's VRRP child would otherwise see its
        parent die and stop gracefully, which is no crash). The pid in status."""
        pid = self.engine_pid(engine)
        if not pid:
            raise RuntimeError(f"{self.name}: no pid for {engine} in status")
        kill_tree(pid)
        return pid

    def running_config(self):
        r = self.call("GET", "/api/v1/config/running")
        return r.json()["config"], r.header("etag")

    def saved_config(self):
        r = self.call("GET", "/api/v1/config/saved")
        return r.json()["config"], r.header("etag")

    def replace_running(self, config, path="/api/v1/config/running"):
        _, etag = self.running_config()
        return self.call("PUT", path, {"config": config}, headers={"If-Match": etag})

    def save(self):
        return self.call("POST", "/api/v1/config/save")

    def events(self):
        return EventStream(self.api, self.token())

    def holds(self, address):
        return netns.holds(self.ns, address)


def kill_tree(pid):
    """SIGKILL to pid's descendants (deepest first), then to pid."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    order, todo = [], [pid]
    while todo:
        p = todo.pop()
        order.append(p)
        todo.extend(children.get(p, []))
    for p in reversed(order):
        try:
            os.kill(p, signal.SIGKILL)
        except ProcessLookupError:
            pass


class Prober:
    """vip_prober.py in the client namespace; its results kept in a list."""

    def __init__(self, ns, address, port=RPC_PORT, hz=100, timeout=0.5):
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", ns, sys.executable, os.path.join(HERE, "vip_prober.py"),
             "--address", address, "--port", str(port), "--hz", str(hz),
             "--timeout", str(timeout)],
            stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
        self.results = []          # (send time, ok, answer), in completion order
        self.cond = threading.Condition()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self):
        for line in self.proc.stdout:
            f = line.split()
            if len(f) == 3:
                with self.cond:
                    self.results.append((float(f[0]), f[1] == "1", f[2]))
                    self.cond.notify_all()

    def window(self, since, until=None):
        with self.cond:
            return sorted(r for r in self.results if r[0] >= since and
                          (until is None or r[0] <= until))

    def wait_answered(self, after, count=10, timeout=30):
        """Waits for `count` answered probes in a row sent after `after`; the
        send time of the first of them, or None."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            run = 0
            for t, ok, _ in self.window(after):
                run = run + 1 if ok else 0
                if run >= count:
                    return t
            with self.cond:
                self.cond.wait(0.1)
        return None

    def gap(self, since, until):
        """The longest time between two answered probes sent in [since, until]
        (what a client saw of the outage), and the failed probe count."""
        rs = self.window(since, until)
        oks = [t for t, ok, _ in rs if ok]
        longest = max((b - a for a, b in zip(oks, oks[1:])), default=None)
        return longest, sum(1 for _, ok, _ in rs if not ok)

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.thread.join(2)


_LIVE = []  # labs to destroy at exit or on a signal


def _close_all(*_):
    for lab in list(_LIVE):
        lab.close()


def _on_signal(signum, frame):
    _close_all()
    raise SystemExit(128 + signum)


atexit.register(_close_all)
for _sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
    signal.signal(_sig, _on_signal)


def nft_unavailable(ns):
    """None when nftables rules can be loaded in namespace `ns` (nft present,
    nf_tables in the kernel), else why not. Leaves nothing behind."""
    if not shutil.which("nft"):
        return "nft is not installed (Debian package nftables)"
    path = os.path.join(tempfile.mkdtemp(prefix="exlb-nft-"), "probe.nft")
    try:
        with open(path, "w") as f:
            f.write("table ip exlb_probe {\n chain in { type filter hook input priority 0; }\n}\n"
                    "delete table ip exlb_probe\n")
        rc, text = netns.run(ns, "nft", "-f", path, check=False)
        if rc != 0:
            return "nftables is not usable here: " + text.strip()[:300]
        return None
    finally:
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)


class Lab:
    """The whole topology. `flags` go to both agents (e.g. timers);
    `subnet` picks 198.18.<subnet>.0/24; `tag` tells two labs of one run apart."""

    def __init__(self, agent_bin, workdir, tag="", subnet=0, flags=(), peer=True,
                 start=True, vrrp_filter=True):
        self.agent_bin, self.workdir, self.subnet = agent_bin, workdir, subnet
        base = f"198.18.{subnet}."
        self.vip = base + "100"
        self.addr = {"a": base + "1", "b": base + "2", "cl": base + "50"}
        self.cas_addr = [base + "11", base + "12"]
        pfx = f"{netns.PREFIX}{os.getpid()}{tag}-"
        self.ns = {role: pfx + role for role in ("sw", "a", "b", "cl", "cas")}
        self.mocks, self.nodes, self.extra_procs = [], {}, []
        self.prober = None
        self.closed = False
        _LIVE.append(self)
        try:
            self._build_network()
            self._start_mocks()
            self.config = {n: self.node_config(n, peer) for n in ("a", "b")}
            # The agents' protocol-112 filter (--vrrp-filter, as on the
            # appliance) where nftables works in the namespaces; why not, else.
            self.nft_reason = nft_unavailable(self.ns["a"]) if vrrp_filter else "not asked for"
            if not self.nft_reason:
                flags = [*flags, "--vrrp-filter"]
            for n in ("a", "b"):
                node_flags = [*flags, "--peer-listen", f"{self.addr[n]}:{PEER_PORT}"]
                self.nodes[n] = Node(n, self.ns[n], self.addr[n], os.path.join(workdir, n),
                                     agent_bin, node_flags)
            if start:
                self.start_nodes()
        except BaseException:
            self.close()
            raise

    a = property(lambda self: self.nodes["a"])
    b = property(lambda self: self.nodes["b"])

    # -- construction -------------------------------------------------------
    def _build_network(self):
        sw = self.ns["sw"]
        for ns in self.ns.values():
            netns.add(ns)
        netns.ip("-n", sw, "link", "add", "br0", "type", "bridge")
        netns.ip("-n", sw, "link", "set", "br0", "up")
        for role in ("a", "b", "cl", "cas"):
            ns = self.ns[role]
            netns.ip("link", "add", "eth0", "netns", ns, "type", "veth", "peer", "name", role,
                     "netns", sw)
            netns.ip("-n", sw, "link", "set", "dev", role, "master", "br0", "up")
            addrs = self.cas_addr if role == "cas" else [self.addr[role]]
            for a in addrs:
                netns.ip("-n", ns, "addr", "add", a + "/24", "dev", "eth0")
            netns.ip("-n", ns, "link", "set", "eth0", "up")

    def _start_mocks(self):
        cert_dir = os.path.join(self.workdir, "cert")
        os.makedirs(cert_dir, exist_ok=True)
        cert, key = lab_mocks.make_cert(cert_dir)
        for i, address in enumerate(self.cas_addr):
            self.mocks.append(netns.in_netns(self.ns["cas"], lab_mocks.start_mock,
                                             f"cas{i + 1}", address, lab_mocks.LAB_CAS_PORTS,
                                             cert, key))

    def node_config(self, n, peer=True):
        """Node n's configuration: the lab's services in front of the mocks,
        its own address, HA on (A master, B backup), the other node as peer."""
        c = dl.lab_config(self.agent_bin, self.mocks, [])
        other = "b" if n == "a" else "a"
        c["network"].update({"hostname": f"exlb-{n}", "address": self.addr[n],
                             "netmask": "255.255.255.0", "gateway": ""})
        c["high_availability"] = {
            "role": "HA_ROLE_MASTER" if n == "a" else "HA_ROLE_BACKUP",
            "virtual_address": self.vip, "cluster_id": CLUSTER_ID,
            "peer_address": self.addr[other] if peer else ""}
        c["management"]["port"] = MGMT_PORT
        return c

    def start_nodes(self, pair=True):
        """First start of both agents on their configurations, then pairing
        (each pins the other's certificate), then a save on both."""
        for n in ("a", "b"):
            self.nodes[n].start(self.config[n])
        if pair:
            self.pair()
        for n in ("a", "b"):
            r = self.nodes[n].save()
            if r is None or r.status != 200:
                raise RuntimeError(f"save on {n}: {r.status if r else 'no answer'}")

    def pair(self):
        """docs/ha-pair.md: each node's configuration names the peer's
        pair-channel certificate (from GET /api/v1/ha/identity on the peer)."""
        ids = {n: self.nodes[n].get_json("/api/v1/ha/identity") for n in ("a", "b")}
        for n, other in (("a", "b"), ("b", "a")):
            ha = self.config[n]["high_availability"]
            ha["peer_certificate_sha256"] = ids[other]["certificate_sha256"]
            ha["peer_port"] = PEER_PORT
            r = self.nodes[n].replace_running(self.config[n])
            if r is None or r.status != 200:
                raise RuntimeError(f"pairing {n}: {r.status if r else 'no answer'} "
                                   f"{r.body[:400] if r else ''}")
        if not wait_until(lambda: all(self.nodes[n].get_json("/api/v1/pair/status")
                                      .get("peer_reachable") for n in ("a", "b")), 20, 0.2):
            raise RuntimeError("the two nodes do not reach each other over the pair channel")

    # -- faults ---------------------------------------------------------------
    def link(self, n, up):
        """The node's cable: its port on the switch down or up."""
        netns.ip("-n", self.ns["sw"], "link", "set", "dev", n, "up" if up else "down")

    def kill_node(self, n):
        """Power cut: SIGKILL every process of the node's namespace, and the
        kernel state a dead machine loses with them (the virtual address,
        which would otherwise keep answering ARP for a node that is gone)."""
        netns.kill_all(self.ns[n])
        netns.ip("-n", self.ns[n], "addr", "del", f"{self.vip}/24", "dev", "eth0", check=False)
        self.nodes[n]._reap()

    def drop_vrrp(self, n, drop):
        """nftables in node n: drop VRRP (IP protocol 112) both ways, or stop dropping."""
        ns = self.ns[n]
        if drop:
            rules = ("table inet exlb_lab {\n"
                     " chain in { type filter hook input priority -10; ip protocol 112 drop; }\n"
                     " chain out { type filter hook output priority -10; ip protocol 112 drop; }\n"
                     "}\n")
            path = os.path.join(self.workdir, f"nft-{n}.conf")
            with open(path, "w") as f:
                f.write(rules)
            netns.run(ns, "nft", "-f", path)
        else:
            netns.run(ns, "nft", "delete", "table", "inet", "exlb_lab", check=False)

    def vrrp_counters(self, n):
        """The packet counts of node n's VRRP filter (nftables table ip
        exlb_vrrp): {"peer_adverts": .., "dropped_adverts": ..}; {} without it."""
        rc, text = netns.run(self.ns[n], "nft", "-j", "list", "table", "ip", "exlb_vrrp",
                             check=False)
        if rc != 0:
            return {}
        out = {}
        for item in json.loads(text).get("nftables", []):
            c = item.get("counter")
            if c and "name" in c:
                out[c["name"]] = c.get("packets", 0)
        return out

    def start_in(self, role, argv, log_name):
        """A helper process (e.g. a rogue keepalived) in namespace `role`,
        stopped by close()."""
        log = open(os.path.join(self.workdir, log_name), "ab")
        p = subprocess.Popen(["ip", "netns", "exec", self.ns[role], *argv], stdout=log,
                             stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self.extra_procs.append(p)
        return p

    # -- observations ---------------------------------------------------------
    def holders(self):
        return {n for n in ("a", "b") if netns.holds(self.ns[n], self.vip)}

    def wait_holder(self, n, timeout=30):
        """Waits until node n, and only n, holds the virtual address."""
        return wait_until(lambda: self.holders() == {n}, timeout)

    def wait_roles(self, roles, timeout=30):
        """roles: {"a": "VRRP_ROLE_MASTER", ...}; waits until each node reports it."""
        return wait_until(lambda: all(self.nodes[n].role() == r for n, r in roles.items()),
                          timeout, step=0.2)

    def fetch(self, path="/owa/healthcheck.htm", timeout=3):
        """One HTTPS request from the client namespace to the virtual address:
        (status, the CAS that answered) or (None, error)."""
        try:
            status, headers, _, _ = netns.in_netns(
                self.ns["cl"], dl.http_request, dl.LAB_PORTS["https"], path, tls=True,
                address=self.vip, timeout=timeout)
            return status, headers.get("x-exlb-backend")
        except OSError as e:
            return None, str(e)

    def start_prober(self, hz=100, timeout=0.5):
        self.prober = Prober(self.ns["cl"], self.vip, RPC_PORT, hz, timeout)
        return self.prober

    def close(self):
        if self.closed:
            return
        self.closed = True
        if self.prober:
            self.prober.close()
        for node in self.nodes.values():
            node.stop(timeout=10)
        for p in self.extra_procs:
            if p.poll() is None:
                p.kill()
            p.wait()
        lab_mocks.stop_all(self.mocks) if self.mocks else None
        for ns in self.ns.values():
            netns.destroy(ns)
        if self in _LIVE:
            _LIVE.remove(self)


def wait_until(predicate, timeout, step=0.1):
    """Polls predicate until true or the deadline (a bound, not a measurement)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())


def workdir(prefix="exlb-ha-"):
    return tempfile.mkdtemp(prefix=prefix)


def remove(path):
    shutil.rmtree(path, ignore_errors=True)
