#!/usr/bin/env python3
"""The network settings between the real agent and the system (guide 4.1,
4.2.1; agent/setup/network_handoff.h): a fresh agent adopts and saves what
the first-boot prompt saved; a change of the running network becomes a
request that exlb-network-apply turns into networkd files; a change that
leaves the network alone, or an agent restart, requests nothing; a reboot
on the saved configuration asks the system to take the saved network back.

Everything lives in temporary folders (data dir, run dir, system root);
exlb-network-apply runs with --no-reload. Every address is a loopback one of
the test's own, so whatever the data plane binds and probes stays on this
machine. (A damaged first-boot file is covered by tst_network_handoff: here
it would leave the agent on the factory 192.168.0.200.)

usage: test_network_handoff.py --agent PATH --apply PATH
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "api"))
import agent_harness  # noqa: E402
import api_client as api  # noqa: E402

ARGS = None


class NetworkHandoff(unittest.TestCase):
    def setUp(self):
        self.agent = agent_harness.Agent(ARGS.agent)
        # What the administrator typed at the console at first boot.
        self.firstboot = {"hostname": "exlb-cas", "address": agent_harness.loopback_address(),
                          "netmask": "255.255.255.0", "gateway": ""}
        self.request_file = os.path.join(self.agent.data_dir, "network-request.json")

    def tearDown(self):
        self.agent.cleanup()

    def write_firstboot(self, text):
        folder = os.path.join(self.agent.root, "etc", "exlb")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, "firstboot-network.json"), "w") as f:
            f.write(text)

    def config(self, which):
        reply = api.request(self.agent, "GET", f"/api/v1/config/{which}",
                            token=api.admin_token(self.agent))
        self.assertEqual(reply.status, 200, reply.body)
        return reply

    def put_running(self, config):
        current = self.config("running")
        reply = api.request(self.agent, "PUT", "/api/v1/config/running", {"config": config},
                            token=api.admin_token(self.agent),
                            headers={"If-Match": current.header("ETag")})
        self.assertEqual(reply.status, 200, reply.body)

    def network_status(self):
        """What GET /api/v1/status says of the last request: (state, message,
        alarm codes)."""
        reply = api.request(self.agent, "GET", "/api/v1/status", token=api.admin_token(self.agent))
        self.assertEqual(reply.status, 200, reply.body)
        body = reply.json()
        result = body.get("network_apply", {})
        return (result.get("state", "NETWORK_APPLY_STATE_UNSPECIFIED"), result.get("message", ""),
                {a["code"]: a["message"] for a in body.get("alarms", [])})

    def apply(self, root):
        return subprocess.run([ARGS.apply, "--system-root", root, "--no-reload",
                               self.request_file], capture_output=True, text=True, timeout=30)

    def requested(self):
        with open(self.request_file) as f:
            return json.load(f)

    def reboot(self):
        """Stops the agent and empties its run dir, which the OS does at boot:
        the next start is a boot, on the saved configuration."""
        self.agent.stop()
        shutil.rmtree(self.agent.run_dir)
        os.makedirs(self.agent.run_dir)

    def test_first_boot_settings_are_adopted_and_changes_reach_the_system(self):
        self.write_firstboot(json.dumps(self.firstboot))
        self.agent.start(with_config=False)
        for which in ("running", "saved"):
            network = self.config(which).json()["config"]["network"]
            self.assertEqual((network["hostname"], network["address"], network["netmask"]),
                             ("exlb-cas", self.firstboot["address"], "255.255.255.0"), which)
        self.assertFalse(os.path.exists(self.request_file),
                         "adopting what the system already has must not ask it to change")
        with open(os.path.join(self.agent.data_dir, "audit.log")) as f:
            self.assertIn("action=network.adopt", f.read())

        # An administrator moves the appliance (to the test's loopback address,
        # so the data plane can bind): the system is asked to follow.
        self.put_running(self.agent.config)
        wanted = self.agent.config["network"]
        self.assertEqual((self.requested()["address"], self.requested()["netmask"]),
                         (wanted["address"], wanted["netmask"]))
        applied = subprocess.run([ARGS.apply, "--system-root", self.agent.root, "--no-reload",
                                  self.request_file], capture_output=True, text=True, timeout=30)
        self.assertEqual(applied.returncode, 0, applied.stderr)
        with open(os.path.join(self.agent.root, "etc/systemd/network/10-exlb-lan.network")) as f:
            self.assertIn(f"Address={wanted['address']}/8", f.read())

        # A change elsewhere leaves the request alone.
        before = os.stat(self.request_file).st_ino
        other = json.loads(json.dumps(self.agent.config))
        other["http"]["host_name"] = "owa.example.test"
        self.put_running(other)
        self.assertEqual(os.stat(self.request_file).st_ino, before)

        # An agent restart (no reboot) keeps the running network: nothing to ask.
        self.agent.stop()
        self.agent.start(with_config=False)
        self.assertEqual(os.stat(self.request_file).st_ino, before)

        # The change was never saved: a reboot starts on the saved network,
        # and the system is asked to take it back.
        self.reboot()
        self.agent.start(with_config=False)
        self.assertEqual(self.config("running").json()["config"]["network"]["address"],
                         self.firstboot["address"])
        self.assertEqual(self.requested()["address"], self.firstboot["address"])

    def test_the_systems_answer_is_shown_in_status_and_a_failure_raises_an_alarm(self):
        self.write_firstboot(json.dumps(self.firstboot))
        self.agent.start(with_config=False)
        state, _, alarms = self.network_status()
        self.assertEqual(state, "NETWORK_APPLY_STATE_UNSPECIFIED", "nothing was ever requested")
        self.assertNotIn("network-apply-failed", alarms)

        self.put_running(self.agent.config)
        self.assertEqual(self.network_status()[0], "NETWORK_APPLY_STATE_PENDING")

        # The tool cannot write the system's files (its system root is a
        # plain file): it answers with its reason, and the agent raises it.
        blocked = os.path.join(self.agent.root, "not-a-folder")
        with open(blocked, "w") as f:
            f.write("x")
        failed = self.apply(blocked)
        self.assertNotEqual(failed.returncode, 0)
        state, message, alarms = self.network_status()
        self.assertEqual(state, "NETWORK_APPLY_STATE_FAILED")
        self.assertNotEqual(message, "")
        self.assertIn("network-apply-failed", alarms)
        self.assertIn(message, alarms["network-apply-failed"])

        # Run again where it can write: applied, and the alarm is gone.
        applied = self.apply(self.agent.root)
        self.assertEqual(applied.returncode, 0, applied.stderr)
        state, message, alarms = self.network_status()
        self.assertEqual((state, message), ("NETWORK_APPLY_STATE_APPLIED", "applied"))
        self.assertNotIn("network-apply-failed", alarms)


def main():
    global ARGS
    parser = argparse.ArgumentParser()
    parser.add_argument("--agent", required=True)
    parser.add_argument("--apply", required=True)
    ARGS, rest = parser.parse_known_args()
    unittest.main(argv=[sys.argv[0], *rest], verbosity=2)


if __name__ == "__main__":
    main()
