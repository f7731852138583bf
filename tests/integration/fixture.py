"""A running data plane for a test module: mock CAS/HUB servers on their own
loopback addresses with free ports, and exlb-agent (real HAProxy) in front.

    fx = Fixture(cas=3, hub=2, exchange="2010", base=30)   # 127.0.30.11.., 127.0.30.21..
    fx.config      # the running configuration (dict)
    fx.apply(cfg)  # SIGHUP path; returns the outcome line
    fx.close()
"""

import copy
import os
import shutil
import socket
import ssl
import tempfile
import time

import dataplane_lab as dl

lab = dl.lab


def free_ports(count):
    """`count` different ports free on every loopback address (bound on the
    wildcard). All probes stay bound until the last is taken: probing one at
    a time, the kernel may hand the same port out twice, and a configuration
    with one port on two services is refused (the agent then does not start)."""
    probes = []
    try:
        for _ in range(count):
            s = socket.socket()
            probes.append(s)
            s.bind(("0.0.0.0", 0))
        return [s.getsockname()[1] for s in probes]
    finally:
        for s in probes:
            s.close()


def pem_to_der(path):
    text = open(path).read()
    start = text.index("-----BEGIN CERTIFICATE-----")
    end = text.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----")
    return ssl.PEM_cert_to_DER_cert(text[start:end])


class Fixture:
    def __init__(self, cas=3, hub=2, exchange="2013", base=30,
                 mail_mode="MAIL_MODE_CLEAR_AND_SSL_OFFLOAD"):
        self.build = os.environ.get("EXLB_BINARY_DIR", os.path.join(dl.TOP, "build"))
        self.agent_bin = dl.find_agent(self.build)
        self.tmp = tempfile.mkdtemp(prefix="exlb-dp-")
        self.cert, self.key = lab.make_cert(self.tmp)
        self.servers = []
        self.agent = None
        try:
            mock = iter(free_ports(11))
            cas_ports = {k: [next(mock)] for k in ("http", "https", "imap", "imaps", "pop3", "pop3s")}
            cas_ports["tcp"] = [next(mock), next(mock), next(mock)]
            hub_ports = {k: [next(mock)] for k in ("smtp", "smtps")}
            ex = "2010" if exchange == "2010" else "2013"
            for i in range(cas):
                self.servers.append(lab.start_mock(f"cas{i + 1}", f"127.0.{base}.{11 + i}", cas_ports,
                                                   self.cert, self.key, exchange=ex))
            for i in range(hub):
                self.servers.append(lab.start_mock(f"hub{i + 1}", f"127.0.{base}.{21 + i}", hub_ports,
                                                   self.cert, self.key, exchange=ex))
            self.cas = [s for s in self.servers if s.name.startswith("cas")]
            self.hub = [s for s in self.servers if s.name.startswith("hub")]
            # The appliance's ports, free now; RPC uses the mocks' numbers on
            # both sides (one field per role in the schema).
            # Taken while the mocks listen: the wildcard probes avoid their ports.
            own = iter(free_ports(9))
            ports = {k: next(own) for k in ("https", "redirect", "imap", "imaps", "pop3",
                                             "pop3s", "smtp", "smtps")}
            ports.update({"rpc_epm": cas_ports["tcp"][0], "rpc_ca": cas_ports["tcp"][1],
                          "rpc_ab": cas_ports["tcp"][2]})
            self.ports = ports
            version = ("EXCHANGE_VERSION_2010" if exchange == "2010"
                       else "EXCHANGE_VERSION_2013_OR_LATER")
            self.config = dl.lab_config(self.agent_bin, self.cas, self.hub, ports,
                                        mail_mode=mail_mode, exchange=version)
            self.config["management"]["port"] = next(own)
            self.agent = dl.Agent(self.agent_bin, os.path.join(self.tmp, "agent"), self.config)
            self.wait_all_up()
        except BaseException:
            self.close()
            raise

    @property
    def appliance_cert(self):
        return os.path.join(self.agent.data_dir, "certs", "default.pem")

    def apply(self, config):
        out = self.agent.apply(config)
        if "SIGHUP apply: applied" in out:
            self.config = copy.deepcopy(config)
        return out

    def stats(self):
        lines = self.agent.stats_cli("show stat").splitlines()
        if not lines:
            return []
        cols = lines[0].lstrip("# ").split(",")
        return [dict(zip(cols, l.split(","))) for l in lines[1:] if l]

    def server_rows(self):
        return [r for r in self.stats() if r.get("svname") not in ("FRONTEND", "BACKEND")]

    def wait_all_up(self, timeout=20):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rows = self.server_rows()
            if rows and all(r["status"].startswith("UP") for r in rows):
                return
            time.sleep(0.1)
        bad = [(r["pxname"], r["svname"], r["status"]) for r in self.server_rows()
               if not r["status"].startswith("UP")]
        raise AssertionError(f"servers not UP after {timeout}s: {bad}")

    def wait_status(self, backend, server, prefix, timeout=15):
        deadline = time.monotonic() + timeout
        status = None
        while time.monotonic() < deadline:
            status = self.agent.server_status(backend, server)
            if status and status.startswith(prefix):
                return time.monotonic()
            time.sleep(0.05)
        raise AssertionError(f"{backend}/{server} is {status}, expected {prefix}")

    def https(self, path, **kw):
        return dl.http_request(self.ports["https"], path, tls=True, **kw)

    def close(self):
        if self.agent:
            self.agent.stop()
        lab.stop_all(self.servers)
        shutil.rmtree(self.tmp, ignore_errors=True)
