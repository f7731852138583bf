"""Starting mock Exchange servers from Python: one process per identity.

    import sys; sys.path.insert(0, "<repo>/tests/mocks")
    import lab
    servers = lab.start_lab(cas=2, hub=1)          # 127.0.0.11.., 127.0.0.21..
    servers[0].fault("https", "fail", vdir="owa")  # cas1's OWA fails its check
    servers[0].fault("all", "ok")
    lab.stop_all(servers)

Each mock is its own process so a test can kill one (a dead CAS) or stop it
(SIGSTOP: a hung one). Standard library only.
"""

import http.client
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlencode

HERE = os.path.dirname(os.path.abspath(__file__))
MOCK = os.path.join(HERE, "mock_exchange.py")
MAKE_CERT = os.path.join(HERE, "..", "support", "make_test_cert.sh")

# The lab's unprivileged ports: each CAS/HUB has its own loopback address, so
# all use the same numbers, as real Exchange servers do. A configuration for
# the lab sets the CAS/HUB server ports of each service to these.
LAB_CAS_PORTS = {
    "http": [8080], "https": [8443],
    "imap": [1143], "imaps": [1993],
    "pop3": [1110], "pop3s": [1995],
    "tcp": [1135, 60000, 60001],  # RPC: endpoint mapper, client access, address book
}
LAB_HUB_PORTS = {"smtp": [2525], "smtps": [2587]}
CAS_BASE = "127.0.0.11"
HUB_BASE = "127.0.0.21"


def nth_address(base, n):
    parts = base.split(".")
    parts[-1] = str(int(parts[-1]) + n)
    return ".".join(parts)


class MockProcess:
    """A running mock: its ready information and its control port."""

    def __init__(self, proc, info):
        self.proc = proc
        self.info = info
        self.name = info["name"]
        self.address = info["address"]
        self.ports = info["ports"]  # kind -> [port, ...]
        self.owned_dir = None       # a temporary folder to remove with it

    def port(self, kind, index=0):
        return self.ports[kind][index]

    def control(self, path, **query):
        conn = http.client.HTTPConnection(self.address, self.info["control"], timeout=10)
        try:
            conn.request("GET", path + ("?" + urlencode(query) if query else ""))
            response = conn.getresponse()
            body = json.loads(response.read() or b"{}")
            if response.status != 200:
                raise RuntimeError(f"{self.name} control {path}: {body.get('error', response.status)}")
            return body
        finally:
            conn.close()

    def fault(self, service, mode, vdir=None):
        """service: "all", a kind ("https"), a port or "kind:port";
        mode: ok, fail, hang, refuse, maintenance; vdir: one HTTP vdir only."""
        query = {"service": service, "mode": mode}
        if vdir:
            query["vdir"] = vdir
        return self.control("/fault", **query)

    def reset(self):
        return self.control("/reset")

    def state(self):
        return self.control("/state")

    def kill(self):
        """A dead server: SIGKILL, connections reset."""
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)

    def pause(self):
        """A hung server: SIGSTOP (accepts in the kernel, never answers)."""
        self.proc.send_signal(signal.SIGSTOP)

    def resume(self):
        self.proc.send_signal(signal.SIGCONT)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        if self.proc.stdout:
            self.proc.stdout.close()


def start_mock(name, address, services, cert=None, key=None, exchange="2013", timeout=15,
               python=None):
    """Starts one mock. services: {kind: [port, ...]} (port 0: any free one).
    Returns a MockProcess once its READY line arrived."""
    argv = [python or sys.executable, MOCK, "--name", name, "--address", address,
            "--exchange", exchange]
    for kind, ports in services.items():
        for port in ports:
            argv += [f"--{kind}", str(port)]
    if cert:
        argv += ["--cert", cert]
    if key:
        argv += ["--key", key]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0 or proc.poll() is not None:
            proc.kill()
            proc.wait()
            raise RuntimeError(f"mock {name} on {address} did not start (exit {proc.returncode})")
        ready, _, _ = select.select([proc.stdout], [], [], left)
        if ready:
            chunk = os.read(proc.stdout.fileno(), 4096)
            if not chunk:
                continue
            line += chunk
    if not line.startswith(b"READY "):
        proc.kill()
        raise RuntimeError(f"mock {name}: unexpected start line {line!r}")
    return MockProcess(proc, json.loads(line[len(b"READY "):]))


def make_cert(directory, common_name="mail.exlb.test"):
    """A self-signed test certificate; returns (cert, key) paths."""
    subprocess.run(["bash", MAKE_CERT, common_name, directory, "mock"], check=True,
                   stdout=subprocess.DEVNULL)
    return (os.path.join(directory, "mock.crt.pem"), os.path.join(directory, "mock.key.pem"))


def start_lab(cas=2, hub=1, cert=None, key=None, exchange="2013", cas_ports=None,
              hub_ports=None, cas_base=CAS_BASE, hub_base=HUB_BASE):
    """Starts `cas` CAS mocks (cas1.. on cas_base..) and `hub` HUB mocks
    (hub1.. on hub_base..). Without cert, a test certificate is made in a
    temporary folder. Returns the MockProcess list, CAS first."""
    cert_dir = None
    if cert is None:
        cert_dir = tempfile.mkdtemp(prefix="exlb-lab-cert-")
        cert, key = make_cert(cert_dir)
    plan = [(f"cas{i + 1}", nth_address(cas_base, i), cas_ports or LAB_CAS_PORTS)
            for i in range(cas)]
    plan += [(f"hub{i + 1}", nth_address(hub_base, i), hub_ports or LAB_HUB_PORTS)
             for i in range(hub)]
    servers = []
    try:
        for name, address, ports in plan:
            servers.append(start_mock(name, address, ports, cert, key, exchange))
            servers[-1].owned_dir = cert_dir  # removed by stop_all()
    except Exception:
        stop_all(servers)
        if cert_dir:
            shutil.rmtree(cert_dir, ignore_errors=True)
        raise
    return servers


def stop_all(servers):
    for s in servers:
        s.stop()
    for d in {s.owned_dir for s in servers if s.owned_dir}:
        shutil.rmtree(d, ignore_errors=True)


def main(args):
    """mock_exchange.py --lab: runs the lab until SIGTERM/SIGINT."""
    servers = start_lab(args.cas, args.hub, args.cert, args.key, args.exchange)
    print("LAB READY " + json.dumps([s.info for s in servers]), flush=True)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    signal.signal(signal.SIGINT, lambda *_: stop.append(1))
    try:
        while not stop and all(s.proc.poll() is None for s in servers):
            time.sleep(0.2)
    finally:
        stop_all(servers)
    return 0
