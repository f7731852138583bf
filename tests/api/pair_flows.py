"""Two real exlb-agent processes on loopback paired over the pair channel
(mutual TLS, pinned certificates): pair apply on both, a change one node
refuses leaves both on their old version (and the node that returns audits
its old and new version), a replayed older generation is refused, drift
appears and sync clears it, a change made while the peer was down reaches it
when it returns (saved configuration too), and both nodes' HAProxy share one
TLS session-ticket key ring: a TLS 1.2 or 1.3 session from node A's HAProxy
resumes on node B's.

The agents are started by agent_harness.py (keepalived never runs: no VRRP
outside namespaces). Python 3 standard library, and the openssl command.

    pair_flows.py --agent build/agent/exlb-agent
"""
import argparse
import copy
import hashlib
import os
import re
import shutil
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import api_client as api  # noqa: E402
from agent_harness import Agent, free_port, loopback_address, wait_for  # noqa: E402

AGENT = None


class Node(Agent):
    """One exlb-agent of the pair (agent_harness.Agent): its own loopback
    address, data and run dirs, and its pair channel on ADDRESS:channel_port."""

    def __init__(self, binary, work, hostname):
        super().__init__(binary, work=work, hostname=hostname)
        self.channel_port = free_port(self.address)
        self.extra_args += ["--peer-listen", f"{self.address}:{self.channel_port}"]

    def connect(self, source="127.0.0.1", timeout=10):
        # A pair change waits for two reloads and their probes, longer than
        # api_client's 15 s on a loaded machine: the bound here is generous.
        return super().connect(source, timeout=max(timeout, 120))

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

    # --- the data plane's TLS session-ticket keys --------------------------
    def ticket_keys_path(self):
        return os.path.join(self.run_dir, "tls-ticket-keys")

    def ticket_keys(self):
        try:
            with open(self.ticket_keys_path()) as f:
                return f.read().split()
        except FileNotFoundError:
            return None

    def served_certificate(self):
        """The DER of the certificate this node's HAProxy serves (its own
        self-signed "default": each node has a different one)."""
        with open(os.path.join(self.data_dir, "certs", "default.pem")) as f:
            pem = f.read()
        first = pem[pem.index("-----BEGIN CERTIFICATE-----"):]
        first = first[:first.index("-----END CERTIFICATE-----") + len("-----END CERTIFICATE-----")]
        return ssl.PEM_cert_to_DER_cert(first)

    def haproxy_service(self, verb):
        r = self.call("POST", f"/api/v1/services/haproxy/{verb}", {})
        assert r.status == 200, (verb, r.body)


def node_config(base, node, role, peer, vip, ports):
    """`base`'s shared settings (the same on both nodes) with `node`'s own."""
    c = copy.deepcopy(base)
    c["network"].update({"hostname": node.config["network"]["hostname"], "address": node.address,
                         "netmask": "255.0.0.0"})
    c["high_availability"] = {"role": role, "virtual_address": vip, "cluster_id": 42,
                              "peer_address": peer.address, "peer_certificate_sha256": "",
                              "peer_port": peer.channel_port}
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
        cls.a = Node(AGENT, os.path.join(cls.root, "a"), "lb-a")
        cls.b = Node(AGENT, os.path.join(cls.root, "b"), "lb-b")
        vip = loopback_address()
        ports = (free_port(vip), free_port(vip))
        # One set of shared settings (A's: its management port too, which is a
        # shared setting; --listen says where each API really listens).
        base = cls.a.config
        cls.a.config = node_config(base, cls.a, "HA_ROLE_MASTER", cls.b, vip, ports)
        cls.b.config = node_config(base, cls.b, "HA_ROLE_BACKUP", cls.a, vip, ports)
        cls.vip, cls.https_port = vip, ports[0]
        try:
            for n in (cls.a, cls.b):
                n.write_config(n.config)
                n.start()
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
        self.assertEqual(s["peer_address"], f"{self.b.address}:{self.b.channel_port}")
        self.assertEqual(s["peer_hostname"], "lb-b")

    def test_1b_both_nodes_replicate_their_stick_tables_over_tls(self):
        # The pair channel met each peer at pairing: each node keeps the
        # other's certificate and re-renders its replication on TLS.
        for n in (self.a, self.b):
            wait_for(lambda: n.call("GET", "/api/v1/status").json().get("stick_replication") ==
                     "STICK_REPLICATION_TLS", f"{n.address} to replicate over TLS", 20)
            with open(os.path.join(n.run_dir, "haproxy.cfg")) as f:
                self.assertIn(" ssl crt ", f.read().split("peers exlb-pair", 1)[1].split("\n\n", 1)[0])

    def test_1c_a_node_that_cannot_keep_the_peers_certificate_says_so(self):
        # A folder with something in it stands where the peer's certificate
        # goes in B's data directory (an agent removes a stale file there, not
        # a folder): B reaches A but cannot keep its certificate, so its stick
        # tables stay clear; after 30 s the alarm says so and the log says why.
        kept = os.path.join(self.b.data_dir, "pair-peer.pem")
        status = lambda: self.b.call("GET", "/api/v1/status").json()
        self.b.stop()
        os.remove(kept)
        os.mkdir(kept)
        open(os.path.join(kept, "left-by-someone"), "w").close()
        try:
            self.b.start(with_config=False)
            wait_for(lambda: self.b.pair_status()["peer_reachable"], "B to reach A", 20)
            self.assertEqual(status().get("stick_replication"), "STICK_REPLICATION_CLEAR")
            wait_for(lambda: "replication-clear" in self.b.alarms(), "the replication-clear alarm", 45)
            alarm = next(a for a in status()["alarms"] if a["code"] == "replication-clear")
            self.assertEqual(alarm["severity"], "ALARM_SEVERITY_WARNING")
            self.assertIn("lb-a", alarm["message"])
            self.assertIn("cannot keep the peer's pair certificate", self.b.tail(20000))
            self.assertNotIn("replication-clear", self.a.alarms(), "A kept B's certificate")
        finally:
            self.b.stop()
            shutil.rmtree(kept)
            self.b.start(with_config=False)
        wait_for(lambda: status().get("stick_replication") == "STICK_REPLICATION_TLS",
                 "B back on TLS once it can keep A's certificate", 20)
        self.assertNotIn("replication-clear", self.b.alarms())

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
        self.assertEqual(b_config["network"]["address"], self.b.address, "node settings stay")
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

    def with_certificate_only_on_b(self, node, certificate):
        """`node`'s running configuration (and its etag) with the HTTPS
        service on a certificate made on B only: A refuses such a change."""
        r = self.b.call("POST", "/api/v1/certificates/self-signed",
                        {"id": certificate, "host_name": "mail.pair.test"})
        self.assertIn(r.status, (200, 201), r.body)
        config, etag = node.running()
        changed = copy.deepcopy(config)
        changed["http"]["certificate"] = certificate
        return changed, etag

    def test_3_a_change_one_node_refuses_leaves_both_on_their_old_version(self):
        self.wait_in_line()
        # A certificate only the backup (B, changed first) has: B applies,
        # the master (A) refuses, B returns to its previous version.
        changed, etag_a = self.with_certificate_only_on_b(self.a, "only-on-b")
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

    def test_3b_the_node_changed_first_returns_and_audits_both_versions(self):
        self.wait_in_line()
        # Asked on B, the backup, which is changed first: A refuses (the
        # certificate is only on B) and B returns to its previous version.
        changed, etag_b = self.with_certificate_only_on_b(self.b, "only-on-b-too")
        r = self.b.call("PUT", "/api/v1/pair/config/running", {"config": changed}, {"If-Match": "*"})
        self.assertIn(r.status, (422, 503), r.body)
        self.assertTrue(r.json()["message"], r.body)
        self.assertEqual(self.b.running()[1], etag_b, "B runs its previous version again")
        reverts = [l for l in self.b.audit() if "action=pair.revert" in l and "node=local" in l]
        self.assertTrue(reverts, self.b.audit()[-5:])
        fields = dict(f.split("=", 1) for f in reverts[-1].split() if "=" in f)
        self.assertEqual(fields.get("new_etag"), etag_b, reverts[-1])
        self.assertTrue(fields.get("old_etag"), reverts[-1])
        self.assertNotEqual(fields["old_etag"], fields["new_etag"], reverts[-1])
        self.assertEqual(fields.get("result"), "ok", reverts[-1])
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

        self.b.start(with_config=False)  # it comes back on what it had
        self.assertTrue(api.wait_until(
            lambda: "127.0.0.25" in servers(self.b.running()[0]), 30), self.b.pair_status())
        self.assertTrue(api.wait_until(
            lambda: self.b.pair_status()["local_saved_fingerprint"] == fingerprint, 20),
            "the saved configuration reaches the returning node too")
        saved = self.b.call("GET", "/api/v1/config/saved").json()["config"]
        self.assertIn("127.0.0.25", servers(saved))
        self.assertEqual(saved["network"]["address"], self.b.address)
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
        self.b.start(with_config=False)  # it must start and serve, not refuse to run
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


    # ---- one TLS session-ticket key ring for the pair ----------------------

    def s_client(self, version, sess_out=None, sess_in=None):
        """One TLS connection to the virtual address's HTTPS port with
        `openssl s_client` (an HTTP request, so TLS 1.3 tickets arrive).
        Returns (reused, DER of the certificate shown), or None when no TLS
        session came about (nothing listening)."""
        argv = ["openssl", "s_client", "-connect", f"{self.vip}:{self.https_port}",
                "-servername", "mail.pair.test", "-" + version, "-ign_eof"]
        if sess_out:
            argv += ["-sess_out", sess_out]
        if sess_in:
            argv += ["-sess_in", sess_in]
        out = subprocess.run(argv, input=b"GET / HTTP/1.0\r\nHost: mail.pair.test\r\n\r\n",
                             capture_output=True, timeout=30).stdout.decode(errors="replace")
        m = re.search(r"^(New|Reused), (TLSv1\.[23])", out, re.M)
        if m is None:
            return None
        self.assertEqual(m.group(2), {"tls1_2": "TLSv1.2", "tls1_3": "TLSv1.3"}[version], out[-800:])
        pem = re.search(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", out, re.S)
        return m.group(1) == "Reused", ssl.PEM_cert_to_DER_cert(pem.group(0)) if pem else None

    def session_from_a(self, version, path):
        """A new session (and ticket) from node A's HAProxy: both nodes listen
        on the virtual address (SO_REUSEPORT), so connect until A answers
        (its certificate differs from B's); a bounded number of tries."""
        cert_a = self.a.served_certificate()
        for _ in range(40):
            answer = self.s_client(version, sess_out=path)
            reused, cert = answer if answer else (None, None)
            if cert == cert_a:
                self.assertFalse(reused)
                return path
        self.fail("node A's HAProxy never answered in 40 connections")

    def resumes_on_b(self, version, path):
        """Whether node B's HAProxy resumes the session: A's is held (Services
        stop) meanwhile, so only B listens on the virtual address."""
        self.a.haproxy_service("stop")
        try:
            answer = self.s_client(version, sess_in=path)
            self.assertIsNotNone(answer, "B's HAProxy answers on the virtual address")
            return answer[0]
        finally:
            self.a.haproxy_service("start")

    def rings_equal(self):
        ka, kb = self.a.ticket_keys(), self.b.ticket_keys()
        return ka is not None and len(ka) == 3 and ka == kb

    def test_9_both_nodes_resume_the_same_tls_sessions(self):
        self.wait_in_line()
        wait_for(self.rings_equal, "B to hold A's ticket keys (A: configured master, no holder)", 20)
        self.assertEqual(stat.S_IMODE(os.stat(self.b.ticket_keys_path()).st_mode), 0o600)
        old_ring = self.a.ticket_keys()
        work = os.path.join(self.root, "sessions")
        os.makedirs(work, exist_ok=True)
        old = {v: self.session_from_a(v, os.path.join(work, f"old-{v}.pem")) for v in ("tls1_2", "tls1_3")}
        for version, path in old.items():
            self.assertTrue(self.resumes_on_b(version, path), f"{version}: A's session resumes on B")

        # A comes back with new keys (a reboot empties /run): its ring reaches
        # B's running HAProxy at run time, without a reload.
        worker_b = self.b.worker_pid()
        self.a.stop()
        os.remove(self.a.ticket_keys_path())
        self.a.start(with_config=False)
        self.assertNotEqual(self.a.ticket_keys(), old_ring)
        wait_for(self.rings_equal, "B to take A's new ticket keys", 30)
        self.assertEqual(stat.S_IMODE(os.stat(self.b.ticket_keys_path()).st_mode), 0o600)
        for version, path in old.items():
            # The check can fail: a ticket of keys B no longer holds is not resumed.
            self.assertFalse(self.resumes_on_b(version, path), f"{version}: the old ring is gone on B")
        for version in ("tls1_2", "tls1_3"):
            path = self.session_from_a(version, os.path.join(work, f"new-{version}.pem"))
            self.assertTrue(self.resumes_on_b(version, path), f"{version}: resumes on B with the new ring")
        self.assertEqual(self.b.worker_pid(), worker_b, "B's HAProxy took the keys without a reload")

        # Said in B's audit and log, by name; no key anywhere the operator looks.
        lines = [l for l in self.b.audit() if "action=pair.ticket-keys" in l]
        self.assertTrue(any("peer=lb-a" in l and "result=ok" in l for l in lines), lines)
        with open(self.b.log_path, errors="replace") as f:
            log_b = f.read()
        self.assertIn("ticket keys received from peer lb-a", log_b)
        with open(self.a.log_path, errors="replace") as f:
            log_a = f.read()
        shown = "\n".join([log_a, log_b] + self.a.audit() + self.b.audit() +
                          [n.call("GET", p).body.decode() for n in (self.a, self.b)
                           for p in ("/api/v1/status", "/api/v1/pair/status")])
        for key in old_ring + self.a.ticket_keys():
            self.assertNotIn(key, shown)
            self.assertNotIn(key[:40], shown)

    def test_9b_a_rotation_on_the_source_reaches_the_peer_at_run_time(self):
        # The real period is an hour; both agents restart with a short one
        # (--tls-ticket-rotation, for labs and tests) and keep their saved
        # configuration and, in their run directories, their key rings.
        period = 12
        for n in (self.a, self.b):
            n.stop()
            n.extra_args += ["--tls-ticket-rotation", str(period)]
            n.start(with_config=False)
        self.wait_in_line()
        wait_for(self.rings_equal, "the pair to share one ring again", 30)
        received = lambda: sum("action=pair.ticket-keys" in l and "result=ok" in l
                               for l in self.b.audit())
        work = os.path.join(self.root, "rotation")
        os.makedirs(work, exist_ok=True)

        # A session from A, then A's next rotation: A drops its oldest key,
        # adds a new one and pushes the ring; B's running HAProxy takes it.
        before, pushes, worker_b = self.a.ticket_keys(), received(), self.b.worker_pid()
        session = self.session_from_a("tls1_2", os.path.join(work, "before.pem"))
        wait_for(lambda: self.a.ticket_keys() != before, f"A to rotate (every {period} s)", 3 * period)
        rotated = self.a.ticket_keys()
        self.assertEqual(rotated[:2], before[1:], "a rotation drops the oldest key and adds one")
        wait_for(lambda: self.b.ticket_keys() == rotated, "B to take A's rotated ring", period / 2)
        # The ticket was sealed with the key that is now the oldest: it stays
        # readable for one more period, on B too (a failover right after a
        # rotation keeps its clients' sessions).
        self.assertTrue(self.resumes_on_b("tls1_2", session), "A's session resumes on B after the rotation")
        self.assertGreater(received(), pushes, "B audits the ring it received")
        self.assertEqual(self.b.worker_pid(), worker_b, "B's HAProxy took the new ring without a reload")


def main():
    global AGENT
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    args, rest = parser.parse_known_args()
    AGENT = os.path.abspath(args.agent)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()
