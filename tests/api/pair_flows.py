"""Two real exlb-agent processes on loopback paired over the pair channel
(mutual TLS, pinned certificates): pair apply on both, a change one node
refuses leaves both on their old version, a replayed older generation is
refused, drift appears and sync clears it, and a change made while the peer
was down reaches it when it returns (saved configuration too).

keepalived never runs here (no VRRP outside namespaces): the agents get
--no-keepalived when they know it. Python 3 standard library only.

    pair_flows.py --agent build/agent/exlb-agent
"""
import argparse
import copy
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_client as api  # noqa: E402

AGENT = None
VIP = "127.0.0.4"


def free_port():
    """A port free on every loopback address (bound on the wildcard)."""
    s = socket.socket()
    s.bind(("0.0.0.0", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Node:
    """One exlb-agent on its own loopback address, data and run dirs."""

    def __init__(self, root, address, channel_port):
        self.address = address
        self.channel_port = channel_port
        self.dir = os.path.join(root, address)
        self.data_dir = os.path.join(self.dir, "data")
        self.run_dir = os.path.join(self.dir, "run")
        self.config_path = os.path.join(self.dir, "config.json")
        self.log_path = os.path.join(self.dir, "agent.log")
        os.makedirs(self.dir, exist_ok=True)
        self.proc = None
        self.port = None

    # --- process ---------------------------------------------------------
    def start(self, config=None):
        if config is not None:
            with open(self.config_path, "w") as f:
                json.dump(config, f)
        argv = [AGENT, "--data-dir", self.data_dir, "--run-dir", self.run_dir,
                "--system-root", os.path.join(self.dir, "root"),
                "--listen", self.address + ":0",
                "--peer-listen", f"{self.address}:{self.channel_port}"]
        if config is not None:
            argv += ["--config", self.config_path]
        if agent_knows("--no-keepalived"):
            argv.append("--no-keepalived")
        self.log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=self.log)
        ready = self.proc.stdout.readline().decode()
        m = re.search(r"exlb-agent ready: api (\S+):(\d+)", ready)
        if not m:
            self.stop()
            raise RuntimeError(f"agent {self.address} did not start: {ready!r}; see {self.log_path}")
        self.port = int(m.group(2))
        # Keep reading stdout so the agent never blocks on a full pipe.
        self.reader = threading.Thread(target=self.proc.stdout.read, daemon=True)
        self.reader.start()
        self._admin_token = None

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc:
            self.reader.join(timeout=5)
            self.proc.stdout.close()
            self.log.close()
        self.proc = None

    # --- what api_client needs --------------------------------------------
    def tls_context(self):
        ctx = ssl.create_default_context(cafile=os.path.join(self.data_dir, "certs", "default.pem"))
        ctx.check_hostname = False
        return ctx

    def connect(self, source="127.0.0.1", timeout=10):
        # A pair change waits for two reloads and their probes, longer than
        # api_client's 15 s on a loaded machine: the bound here is generous.
        raw = socket.create_connection((self.address, self.port), timeout=max(timeout, 120))
        return self.tls_context().wrap_socket(raw, server_hostname="localhost")

    # --- API ---------------------------------------------------------------
    def call(self, method, path, body=None, headers=None):
        r = api.request(self, method, path, body, token=api.admin_token(self), headers=headers)
        assert r is not None, f"{self.address}: no answer to {method} {path}"
        return r

    def running(self):
        r = self.call("GET", "/api/v1/config/running")
        assert r.status == 200, r.body
        return r.json()["config"], r.json()["etag"]

    def put_running(self, config):
        return self.call("PUT", "/api/v1/config/running", {"config": config}, {"If-Match": "*"})

    def pair_status(self):
        r = self.call("GET", "/api/v1/pair/status")
        assert r.status == 200, r.body
        return r.json()

    def alarms(self):
        r = self.call("GET", "/api/v1/status")
        return {a["code"] for a in r.json().get("alarms", [])}

    def audit(self):
        return [e["line"] for e in self.call("GET", "/api/v1/audit").json().get("entries", [])]


_HELP = None


def agent_knows(flag):
    global _HELP
    if _HELP is None:
        out = subprocess.run([AGENT, "--help"], capture_output=True, text=True)
        _HELP = out.stdout + out.stderr
    return flag in _HELP


def node_config(default, address, role, peer, peer_port, pin, ports):
    c = copy.deepcopy(default)
    c["network"].update({"hostname": "lb-" + address.split(".")[-1], "address": address,
                         "netmask": "255.0.0.0"})
    c["high_availability"] = {"role": role, "virtual_address": VIP, "cluster_id": 42,
                              "peer_address": peer, "peer_certificate_sha256": pin,
                              "peer_port": peer_port}
    c["cas_servers"] = [{"address": "127.0.0.9", "name": "cas1",
                         "admin_state": "SERVER_ADMIN_STATE_READY"}]
    # Both nodes' HAProxy listen on the virtual address; HAProxy sets
    # SO_REUSEPORT, so two of them share the same address and port here.
    c["http"].update({"virtual_https_port": ports[0], "redirect_http_port": ports[1],
                      "host_name": "mail.pair.test"})
    c["rpc"]["state"] = "TOGGLE_DISABLED"
    return c


def servers(config):
    return sorted(s["address"] for s in config.get("cas_servers", []))


def with_server(config, address):
    c = copy.deepcopy(config)
    c["cas_servers"].append({"address": address, "name": "cas" + address.split(".")[-1],
                             "admin_state": "SERVER_ADMIN_STATE_READY"})
    return c


def varint(n):
    out = b""
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out += bytes([b | 0x80])
        else:
            return out + bytes([b])


def channel_post(node, client_pem, op, body):
    """POST /pair/v1/<op> to `node`'s pair channel, as the holder of
    `client_pem` (certificate + key). Returns (status, body) or None when the
    channel refused the TLS session."""
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE  # the test checks who it talks to by address only
    ctx.load_cert_chain(client_pem)
    try:
        with socket.create_connection((node.address, node.channel_port), timeout=10) as raw:
            with ctx.wrap_socket(raw) as s:
                head = (f"POST /pair/v1/{op} HTTP/1.1\r\nHost: exlb-pair\r\n"
                        f"Content-Type: application/x-protobuf\r\nContent-Length: {len(body)}\r\n"
                        "Connection: close\r\n\r\n").encode()
                s.sendall(head + body)
                data = b""
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    data += chunk
    except (ssl.SSLError, ConnectionError, OSError):
        return None
    if not data:
        return None
    head, _, rest = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), rest


class PairFlows(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = tempfile.mkdtemp(prefix="exlb-pair-")
        default = json.loads(subprocess.run([AGENT, "--print-default-config"], check=True,
                                            capture_output=True, text=True).stdout)
        channel = free_port()
        ports = (free_port(), free_port())
        cls.a = Node(cls.root, "127.0.0.2", channel)
        cls.b = Node(cls.root, "127.0.0.3", channel)
        try:
            cls.a.start(node_config(default, "127.0.0.2", "HA_ROLE_MASTER", "127.0.0.3", channel, "", ports))
            cls.b.start(node_config(default, "127.0.0.3", "HA_ROLE_BACKUP", "127.0.0.2", channel, "", ports))
            # Pair them: each pins the other's pair certificate.
            cls.ida = cls.a.call("GET", "/api/v1/ha/identity").json()
            cls.idb = cls.b.call("GET", "/api/v1/ha/identity").json()
            for node, other in ((cls.a, cls.idb), (cls.b, cls.ida)):
                config, _ = node.running()
                config["high_availability"]["peer_certificate_sha256"] = other["certificate_sha256"]
                r = node.put_running(config)
                assert r.status == 200, r.body
            ok = api.wait_until(lambda: cls.a.pair_status()["peer_reachable"] and
                                cls.b.pair_status()["peer_reachable"], 20)
            assert ok, (cls.a.pair_status(), cls.b.pair_status())
        except BaseException:
            cls.tearDownClass()
            raise

    @classmethod
    def tearDownClass(cls):
        for n in (cls.a, cls.b):
            n.stop()
        if os.environ.get("EXLB_KEEP") is None:
            shutil.rmtree(cls.root, ignore_errors=True)

    def wait_in_line(self, timeout=20):
        """Both nodes reachable, same fingerprint and generation."""
        def in_line():
            sa, sb = self.a.pair_status(), self.b.pair_status()
            return (sa["peer_reachable"] and sb["peer_reachable"] and not sa["drift"]
                    and sa["local_generation"] == sb["local_generation"])
        self.assertTrue(api.wait_until(in_line, timeout), (self.a.pair_status(), self.b.pair_status()))

    def test_1_identity_is_the_pinned_certificate(self):
        for ident in (self.ida, self.idb):
            der = ssl.PEM_cert_to_DER_cert(ident["certificate_pem"])
            self.assertEqual(hashlib.sha256(der).hexdigest(), ident["certificate_sha256"])
            self.assertNotIn("PRIVATE KEY", ident["certificate_pem"])
        self.assertNotEqual(self.ida["certificate_sha256"], self.idb["certificate_sha256"])
        s = self.a.pair_status()
        self.assertTrue(s["paired"])
        self.assertEqual(s["peer_address"], f"127.0.0.3:{self.b.channel_port}")
        self.assertEqual(s["peer_hostname"], "lb-3")

    def test_2_pair_apply_changes_both_nodes(self):
        self.wait_in_line()
        config, etag = self.a.running()
        r = self.a.call("PUT", "/api/v1/pair/config/running",
                        {"config": with_server(config, "127.0.0.21")}, {"If-Match": f'"{etag}"'})
        self.assertEqual(r.status, 200, r.body)
        body = r.json()
        self.assertTrue(body["local"]["ok"] and body["peer"]["ok"], body)
        self.assertIn("127.0.0.21", servers(self.a.running()[0]))
        b_config = self.b.running()[0]
        self.assertIn("127.0.0.21", servers(b_config))
        self.assertEqual(b_config["network"]["address"], "127.0.0.3", "node settings stay")
        self.assertEqual(b_config["high_availability"]["role"], "HA_ROLE_BACKUP")
        sa, sb = self.a.pair_status(), self.b.pair_status()
        self.assertEqual(sa["local_config_fingerprint"], sb["local_config_fingerprint"])
        self.assertEqual(sa["local_generation"], body["generation"])
        self.assertEqual(sb["local_generation"], body["generation"])
        self.assertTrue(any("action=pair.apply" in l and "user=admin" in l and "result=ok" in l
                            for l in self.b.audit()), "the peer audits the person's change")
        self.assertTrue(any("action=pair.config.replace" in l for l in self.a.audit()))
        # A stale If-Match changes nothing.
        r = self.a.call("PUT", "/api/v1/pair/config/running",
                        {"config": with_server(config, "127.0.0.22")}, {"If-Match": f'"{etag}"'})
        self.assertEqual(r.status, 409, r.body)
        self.assertNotIn("127.0.0.22", servers(self.b.running()[0]))

    def test_3_a_change_one_node_refuses_leaves_both_on_their_old_version(self):
        self.wait_in_line()
        # A certificate only the backup (B, changed first) has: B applies,
        # the master (A) refuses, B returns to its previous version.
        r = self.b.call("POST", "/api/v1/certificates/self-signed",
                        {"id": "only-on-b", "host_name": "mail.pair.test"})
        self.assertIn(r.status, (200, 201), r.body)
        config, etag_a = self.a.running()
        _, etag_b = self.b.running()
        changed = copy.deepcopy(config)
        changed["http"]["certificate"] = "only-on-b"
        changed = with_server(changed, "127.0.0.23")
        r = self.a.call("PUT", "/api/v1/pair/config/running", {"config": changed}, {"If-Match": "*"})
        self.assertIn(r.status, (422, 503), r.body)
        self.assertIn("only-on-b", r.json()["message"])
        for node in (self.a, self.b):
            c, _ = node.running()
            self.assertNotIn("127.0.0.23", servers(c), node.address)
            self.assertEqual(c["http"]["certificate"], "default", node.address)
        self.assertEqual(self.a.running()[1], etag_a)
        self.wait_in_line()

    def test_4_a_replayed_older_generation_is_refused(self):
        self.wait_in_line()
        generation = int(self.b.pair_status()["local_generation"])
        self.assertGreater(generation, 0)
        before = self.b.running()[1]
        # As node A (its key), replay a change of an older generation.
        pem_a = os.path.join(self.a.data_dir, "pair-identity.pem")
        body = b"\x08" + varint(generation)  # PeerChange.generation
        answer = channel_post(self.b, pem_a, "change", body)
        self.assertIsNotNone(answer, "the pinned peer reaches the channel")
        self.assertEqual(answer[0], 409)
        self.assertIn(b"stale-generation", answer[1])
        self.assertEqual(self.b.running()[1], before)
        self.assertTrue(any("action=pair.apply" in l and "result=stale-generation" in l
                            for l in self.b.audit()))
        # Anyone else (here: B's own key, which B does not pin) is refused at
        # the TLS handshake, before any request.
        pem_b = os.path.join(self.b.data_dir, "pair-identity.pem")
        self.assertIsNone(channel_post(self.b, pem_b, "change", b"\x08" + varint(generation + 5)))
        self.assertEqual(self.b.running()[1], before)

    def test_5_drift_appears_and_sync_clears_it(self):
        self.wait_in_line()
        config, _ = self.b.running()
        r = self.b.put_running(with_server(config, "127.0.0.24"))
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(api.wait_until(lambda: self.a.pair_status()["drift"], 10))
        self.assertTrue(api.wait_until(lambda: "config-drift" in self.a.alarms(), 10))
        r = self.a.call("POST", "/api/v1/pair/sync", {})
        self.assertEqual(r.status, 200, r.body)
        self.assertNotIn("127.0.0.24", servers(self.b.running()[0]))
        self.assertTrue(api.wait_until(lambda: not self.a.pair_status()["drift"] and
                                       "config-drift" not in self.a.alarms() and
                                       "config-drift" not in self.b.alarms(), 10))

    def test_6_a_change_made_while_the_peer_was_down_reaches_it(self):
        self.wait_in_line()
        self.b.stop()
        self.assertTrue(api.wait_until(lambda: not self.a.pair_status()["peer_reachable"], 10))
        self.assertTrue(api.wait_until(lambda: "peer-unreachable" in self.a.alarms(), 10))
        config, _ = self.a.running()
        r = self.a.call("PUT", "/api/v1/pair/config/running",
                        {"config": with_server(config, "127.0.0.25")}, {"If-Match": "*"})
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(r.json()["peer"]["pending"], r.body)
        r = self.a.call("POST", "/api/v1/config/save")
        self.assertEqual(r.status, 200, r.body)
        fingerprint = self.a.pair_status()["local_config_fingerprint"]

        self.b.start()  # no --config: it comes back on what it had
        self.assertTrue(api.wait_until(
            lambda: "127.0.0.25" in servers(self.b.running()[0]), 30), self.b.pair_status())
        self.assertTrue(api.wait_until(
            lambda: self.b.pair_status()["local_saved_fingerprint"] == fingerprint, 20),
            "the saved configuration reaches the returning node too")
        saved = self.b.call("GET", "/api/v1/config/saved").json()["config"]
        self.assertIn("127.0.0.25", servers(saved))
        self.assertEqual(saved["network"]["address"], "127.0.0.3")
        self.assertTrue(api.wait_until(lambda: "peer-unreachable" not in self.a.alarms(), 10))
        self.wait_in_line()

    def test_7_handover_needs_keepalived_and_is_audited(self):
        # These agents run with --no-keepalived (no VRRP on loopback): a
        # handover cannot work and says why; the lab (tests/ha) runs real ones.
        self.wait_in_line()
        r = self.a.call("POST", "/api/v1/ha/handover", {})
        self.assertEqual(r.status, 409, r.body)
        self.assertEqual(r.json()["code"], "not-possible", r.body)
        self.assertIn("keepalived", r.json()["message"])
        self.assertTrue(any("action=ha.handover" in line and "result=not-possible" in line
                            for line in self.a.audit()), self.a.audit()[-5:])
        self.assertFalse(self.a.pair_status().get("handover_in_progress", False))

    def test_8_a_damaged_generation_file_keeps_the_node_up_until_a_sync(self):
        self.wait_in_line()
        self.b.stop()
        with open(os.path.join(self.b.data_dir, "pair-generation"), "w") as f:
            f.write("not a number\n")
        self.b.start()  # it must start and serve, not refuse to run
        self.assertIn("pair-generation-damaged", self.b.alarms())
        self.assertTrue(self.b.pair_status()["generation_damaged"])
        # A pair change cannot tell B a replay from a newer change: refused
        # there, so neither node changes.
        self.assertTrue(api.wait_until(lambda: self.a.pair_status()["peer_reachable"], 20))
        config, _ = self.a.running()
        r = self.a.call("PUT", "/api/v1/pair/config/running",
                        {"config": with_server(config, "127.0.0.26")}, {"If-Match": "*"})
        self.assertNotEqual(r.status, 200, r.body)
        self.assertIn("generation-damaged", r.body.decode())
        self.assertNotIn("127.0.0.26", servers(self.b.running()[0]))
        # An administrator's sync settles it.
        r = self.a.call("POST", "/api/v1/pair/sync", {})
        self.assertEqual(r.status, 200, r.body)
        self.assertTrue(api.wait_until(lambda: "pair-generation-damaged" not in self.b.alarms(), 10))
        self.assertFalse(self.b.pair_status().get("generation_damaged", False))
        self.wait_in_line()


def main():
    global AGENT
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    args, rest = parser.parse_known_args()
    AGENT = os.path.abspath(args.agent)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
