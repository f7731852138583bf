#!/usr/bin/env python3
"""TLS session resumption across reloads and restarts (exlb-agent + real
HAProxy in front of mock Exchange 2013 servers): a returning client's session
ticket from before a configuration change still resumes after it, for HTTPS
and IMAPS, TLS 1.2 (SChannel, Outlook on Windows 10) and TLS 1.3; it also
resumes after HAProxy crashed and was restarted. The agent keeps the ticket
keys in <run dir>/tls-ticket-keys, readable by its owner only.

Clients are Debian's `openssl s_client` (-sess_out, then -sess_in)."""

import copy
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dataplane_lab as dl  # noqa: E402
from fixture import Fixture  # noqa: E402

FX = None
SESSIONS = None


def setUpModule():
    global FX, SESSIONS
    FX = Fixture(cas=2, hub=1, exchange="2013", base=33)
    SESSIONS = tempfile.mkdtemp(prefix="exlb-sess-")


def tearDownModule():
    if FX:
        FX.close()
    if SESSIONS:
        shutil.rmtree(SESSIONS, ignore_errors=True)


# What each listener's client says, so that the server answers and closes
# (s_client -ign_eof reads until then, which also takes in TLS 1.3 tickets).
REQUESTS = {
    "https": f"GET /owa/ HTTP/1.0\r\nHost: {dl.HOST_NAME}\r\n\r\n",
    "imaps": "a1 LOGOUT\r\n",
}


def handshake(listener, version, sess_out=None, sess_in=None):
    """One TLS connection with s_client; returns "New" or "Reused"."""
    args = ["openssl", "s_client", "-connect", f"{dl.VIP}:{FX.ports[listener]}",
            "-servername", dl.HOST_NAME, f"-tls{version.replace('.', '_')}", "-ign_eof"]
    if sess_out:
        args += ["-sess_out", sess_out]
    if sess_in:
        args += ["-sess_in", sess_in]
    out = subprocess.run(args, input=REQUESTS[listener].encode(), capture_output=True,
                         timeout=20).stdout.decode(errors="replace")
    m = re.search(r"^(New|Reused), TLSv1\.[23]", out, re.M)
    if not m:
        raise AssertionError(f"no TLS session in s_client's output:\n{out[-2000:]}")
    return m.group(1)


def new_session(listener, version):
    path = os.path.join(SESSIONS, f"{listener}-{version}-{time.monotonic_ns()}.pem")
    for _ in range(20):
        if handshake(listener, version, sess_out=path) == "New" and os.path.getsize(path) > 0:
            return path
        time.sleep(0.1)
    raise AssertionError(f"no session saved for {listener} TLS {version}")


def reload_with_a_change():
    """A configuration change, so HAProxy reloads (a new worker generation)."""
    before = FX.agent.master_cli("show proc")
    cfg = copy.deepcopy(FX.config)
    cfg["http"]["timeout_seconds"] = FX.config["http"].get("timeout_seconds", 25) + 1
    out = FX.apply(cfg)
    assert "applied" in out, out
    assert FX.agent.master_cli("show proc") != before


def ticket_keys_path():
    return os.path.join(FX.agent.run_dir, "tls-ticket-keys")


class Resumption(unittest.TestCase):
    def test_a_tls12_ticket_from_before_a_reload_resumes_after_it(self):
        for listener in ("https", "imaps"):
            with self.subTest(listener=listener):
                sess = new_session(listener, "1.2")
                text = subprocess.run(["openssl", "sess_id", "-in", sess, "-noout", "-text"],
                                      capture_output=True, text=True).stdout
                self.assertIn("TLS session ticket:", text)  # a ticket, not a cached session id
                self.assertEqual(handshake(listener, "1.2", sess_in=sess), "Reused")
                reload_with_a_change()
                self.assertEqual(handshake(listener, "1.2", sess_in=sess), "Reused",
                                 "a reload must not cost a returning client a full handshake")

    def test_a_tls13_ticket_from_before_a_reload_resumes_after_it(self):
        sess = new_session("https", "1.3")
        reload_with_a_change()
        self.assertEqual(handshake("https", "1.3", sess_in=sess), "Reused")

    def test_the_key_file_is_private_and_survives_reloads(self):
        path = ticket_keys_path()
        mode = stat.S_IMODE(os.stat(path).st_mode)
        self.assertEqual(mode, 0o600, oct(mode))
        with open(path) as f:
            keys = f.read()
        self.assertEqual(len(keys.split()), 3)
        reload_with_a_change()
        with open(path) as f:
            self.assertEqual(f.read(), keys)

    def test_z_a_ticket_resumes_after_haproxy_crashed_and_was_restarted(self):
        sess = new_session("https", "1.2")
        mark = FX.agent.mark()
        os.kill(FX.agent.haproxy_pid(), signal.SIGKILL)
        self.assertTrue(FX.agent.wait_line(r"HAProxy restarted", 30, mark))
        deadline = time.monotonic() + 10
        while True:
            try:
                self.assertEqual(handshake("https", "1.2", sess_in=sess), "Reused")
                break
            except (AssertionError, OSError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
