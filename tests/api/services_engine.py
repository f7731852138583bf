#!/usr/bin/env python3
"""The Services tab and the certificate swap against the real exlb-agent and
Debian's HAProxy (label setup): on free loopback ports, in a temporary folder.

- stopping haproxy through the API closes its listeners (traffic stops), the
  row says NOK; starting it opens them again;
- a "manual" startup mode, saved, is honoured at the agent's next start:
  HAProxy is not started until someone starts it;
- re-importing the certificate behind the HTTPS service under the same id is
  served to new clients through HAProxy's runtime API (set/commit ssl cert):
  a client sees the new certificate while the HAProxy worker's pid is the
  same (no reload).

  services_engine.py --agent build/agent/exlb-agent [--haproxy /usr/sbin/haproxy]
"""
import argparse
import os
import shutil
import sys
import tempfile
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import agent_harness as harness  # noqa: E402
import api_client as api  # noqa: E402
from agent_harness import wait_for  # noqa: E402

AGENT = None
HAPROXY = "/usr/sbin/haproxy"


class ServicesEngine(unittest.TestCase):
    def setUp(self):
        self.work = tempfile.mkdtemp(prefix="exlb-svc-engine-")
        self.agent = harness.Agent(AGENT, haproxy=HAPROXY, work=self.work, hostname="exlb-svc")
        self.agent.start()
        self.agent.wait_for_data_plane()

    def tearDown(self):
        self.agent.stop()
        if self._outcome.result.errors or self._outcome.result.failures:
            print(self.agent.tail())
        shutil.rmtree(self.work, ignore_errors=True)

    def accepts(self):
        return harness.accepts(self.agent.https_port, self.agent.address)

    def served(self):
        return harness.served_fingerprint(self.agent.https_port, self.agent.address, "mail.example.test")

    def call(self, method, path, body=None, headers=None):
        return api.request(self.agent, method, path, body, token=api.admin_token(self.agent), headers=headers)

    def haproxy_row(self):
        rows = self.call("GET", "/api/v1/services").json()["services"]
        return [r for r in rows if r["name"] == "haproxy"][0]

    def test_stop_and_start_haproxy(self):
        self.assertEqual(self.haproxy_row()["status"], "SERVICE_RUN_STATE_OK")
        stopped = self.call("POST", "/api/v1/services/haproxy/stop")
        self.assertEqual(stopped.status, 200, stopped.body)
        self.assertIn("stops all traffic", stopped.json()["message"])
        wait_for(lambda: not self.accepts(), "the HTTPS listener to close")
        self.assertEqual(self.haproxy_row()["status"], "SERVICE_RUN_STATE_NOK")
        time.sleep(1.0)  # nothing restarts a stopped engine
        self.assertFalse(self.accepts())
        started = self.call("POST", "/api/v1/services/haproxy/start")
        self.assertEqual(started.status, 200, started.body)
        self.assertEqual(started.json()["service"]["status"], "SERVICE_RUN_STATE_OK")
        wait_for(lambda: self.accepts(), "the HTTPS listener to open again")
        before = self.agent.worker_pid()
        reloaded = self.call("POST", "/api/v1/services/haproxy/reload")
        self.assertEqual(reloaded.status, 200, reloaded.body)
        wait_for(lambda: self.agent.worker_pid() != before, "a new worker after the reload")

    def test_manual_startup_is_honoured_at_the_next_start(self):
        changed = self.call("PUT", "/api/v1/services/haproxy/startup", {"startup": "STARTUP_MODE_MANUAL"})
        self.assertEqual(changed.status, 200, changed.body)
        self.assertEqual(self.call("POST", "/api/v1/config/save").status, 200)
        self.agent.stop()
        self.assertFalse(self.accepts())
        self.agent.start(with_config=False)
        time.sleep(1.5)
        self.assertFalse(self.accepts(), "a manual HAProxy must not start with the agent")
        row = self.haproxy_row()
        self.assertEqual(row["status"], "SERVICE_RUN_STATE_NOK")
        self.assertEqual(row["startup"], "STARTUP_MODE_MANUAL")
        started = self.call("POST", "/api/v1/services/haproxy/start")
        self.assertEqual(started.status, 200, started.body)
        wait_for(lambda: self.accepts(), "HAProxy started by hand")

    def test_replaced_certificate_is_served_without_a_reload(self):
        made = self.call("POST", "/api/v1/certificates/self-signed",
                         {"id": "mail", "host_name": "mail.example.test"})
        self.assertEqual(made.status, 201, made.body)
        got = self.call("GET", "/api/v1/config/running").json()
        config = got["config"]
        config["http"]["certificate"] = "mail"
        put = self.call("PUT", "/api/v1/config/running", {"config": config},
                        headers={"If-Match": '"' + got["etag"] + '"'})
        self.assertEqual(put.status, 200, put.body)
        first = made.json()["certificate"]["sha256_fingerprint"].replace(":", "").lower()
        wait_for(lambda: self.served() == first, "the first certificate")
        worker = self.agent.worker_pid()
        replaced = self.call("POST", "/api/v1/certificates/self-signed",
                             {"id": "mail", "host_name": "mail.example.test", "replace": True})
        self.assertEqual(replaced.status, 200, replaced.body)
        self.assertIn("no reload", replaced.json()["message"])
        second = replaced.json()["certificate"]["sha256_fingerprint"].replace(":", "").lower()
        self.assertNotEqual(first, second)
        self.assertEqual(self.served(), second)
        self.assertEqual(self.agent.worker_pid(), worker, "the certificate swap must not reload HAProxy")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    parser.add_argument("--haproxy", default="/usr/sbin/haproxy")
    args, rest = parser.parse_known_args()
    AGENT = args.agent
    HAPROXY = args.haproxy
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)
