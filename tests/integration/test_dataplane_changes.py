#!/usr/bin/env python3
"""Changes and failures on a live data plane (exlb-agent + real HAProxy in
front of mock Exchange 2013 CAS servers): a server failing one service's
check leaves that rotation only and comes back; a drained server gets no new
client; an invalid change is refused and the old configuration keeps
serving; 20 reloads under continuous traffic lose no request; a crashed
HAProxy is restarted."""

import copy
import os
import signal
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dataplane_lab as dl  # noqa: E402
from fixture import Fixture  # noqa: E402

FX = None


def setUpModule():
    global FX
    FX = Fixture(cas=3, hub=1, exchange="2013", base=32)


def tearDownModule():
    if FX:
        FX.close()


def read(path):
    with open(path) as f:
        return f.read()


def backends(path, n, source=None):
    return [FX.https(path, source=source)[1].get("x-exlb-backend") for _ in range(n)]


class Changes(unittest.TestCase):
    def tearDown(self):
        for s in FX.cas:
            s.reset()

    def test_a_server_failing_one_check_leaves_only_that_rotation_and_returns(self):
        cas1 = FX.cas[0]
        cas1.fault("http", "maintenance", vdir="owa")  # /owa/healthcheck.htm -> 503
        FX.wait_status("owa", "cas1", "DOWN")
        self.assertTrue(FX.agent.server_status("ews", "cas1").startswith("UP"))
        self.assertNotIn("cas1", backends("/owa/x", 12))
        self.assertIn("cas1", backends("/ews/x", 12))
        cas1.fault("http", "ok", vdir="owa")
        FX.wait_status("owa", "cas1", "UP")
        self.assertIn("cas1", backends("/owa/x", 12))

    def test_a_dead_server_leaves_rotation_and_traffic_continues(self):
        cas2 = FX.cas[1]
        cas2.fault("http", "refuse")
        FX.wait_status("autodiscover", "cas2", "DOWN")
        got = backends("/autodiscover/x", 12)
        self.assertNotIn("cas2", got)
        self.assertTrue(all(g in ("cas1", "cas3") for g in got), got)
        cas2.fault("http", "ok")
        FX.wait_status("autodiscover", "cas2", "UP")

    def test_a_drained_server_gets_no_new_client_and_comes_back(self):
        cfg = copy.deepcopy(FX.config)
        cfg["cas_servers"][2]["admin_state"] = "SERVER_ADMIN_STATE_DRAIN"
        self.assertIn("applied", FX.apply(cfg))
        got = backends("/autodiscover/x", 15)
        self.assertNotIn("cas3", got)
        cfg["cas_servers"][2]["admin_state"] = "SERVER_ADMIN_STATE_READY"
        self.assertIn("applied", FX.apply(cfg))
        FX.wait_all_up()
        self.assertIn("cas3", backends("/autodiscover/x", 15))

    def test_an_invalid_change_is_refused_and_the_old_configuration_keeps_serving(self):
        before = read(os.path.join(FX.agent.run_dir, "haproxy.cfg"))
        cfg = copy.deepcopy(FX.config)
        cfg["cas_servers"][0]["address"] = "10.0.0.300"
        cfg["http"]["virtual_https_port"] = 0
        mark = FX.agent.mark()
        out = FX.agent.apply(cfg)
        self.assertNotIn("applied", out)
        # Every problem is named by its field.
        self.assertTrue(FX.agent.wait_line(r"cas_servers\[0\]\.address: ", 5, mark))
        self.assertTrue(FX.agent.wait_line(r"http\.virtual_https_port: ", 5, mark))
        self.assertEqual(read(os.path.join(FX.agent.run_dir, "haproxy.cfg")), before)
        self.assertEqual(FX.https("/owa/x")[0], 200)
        FX.agent._write(FX.config)  # the file back as it was

    def test_twenty_reloads_under_continuous_traffic_lose_no_request(self):
        stop = threading.Event()
        counts = {"ok": 0, "failed": 0, "errors": []}

        def client(kind):
            while not stop.is_set():
                try:
                    if kind == "https":
                        ok = FX.https("/autodiscover/x")[0] == 200
                    else:
                        ok = dl.line_exchange(FX.ports["imap"])[0].startswith("* OK")
                except OSError as e:
                    ok = False
                    counts["errors"].append(repr(e))
                counts["ok" if ok else "failed"] += 1

        threads = [threading.Thread(target=client, args=(k,)) for k in ("https", "imap", "imap")]
        for t in threads:
            t.start()
        try:
            base = copy.deepcopy(FX.config)
            for i in range(20):
                cfg = copy.deepcopy(base)
                cfg["http"]["timeout_seconds"] = 25 + (i % 2) + 1  # a real change each time
                self.assertIn("applied", FX.apply(cfg), f"reload {i}")
        finally:
            stop.set()
            for t in threads:
                t.join()
        self.assertEqual(counts["failed"], 0, counts["errors"][:5])
        self.assertGreater(counts["ok"], 20)
        FX.apply(base)

    def test_z_a_crashed_haproxy_is_restarted(self):
        pid = FX.agent.haproxy_pid()
        mark = FX.agent.mark()
        os.kill(pid, signal.SIGKILL)
        self.assertTrue(FX.agent.wait_line(r"exited unexpectedly", 10, mark))
        self.assertTrue(FX.agent.wait_line(r"HAProxy restarted", 30, mark))
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if FX.https("/owa/x")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        self.assertEqual(FX.https("/owa/x")[0], 200)
        self.assertNotEqual(FX.agent.haproxy_pid(), pid)


if __name__ == "__main__":
    unittest.main(verbosity=2)
