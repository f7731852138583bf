#!/usr/bin/env python3
"""exlb-network-apply, the root-side step that puts the agent's saved network
settings on the appliance: a valid request lands as networkd files under the
system root with an "ok" result for the agent; a bad one (wrong value,
unknown field, oversized, not JSON) changes nothing and the result names why.
Runs with --no-reload under a temporary root: nothing touches this machine.

usage: test_network_apply.py PATH/TO/exlb-network-apply
"""
import json
import os
import subprocess
import sys
import tempfile
import unittest

APPLY = None

GUIDE = {"hostname": "exlb-cas", "address": "10.0.0.17", "netmask": "255.255.0.0",
         "gateway": "10.0.1.1", "vlan_id": 120,
         "static_routes": [{"network": "172.16.0.0", "netmask": "255.240.0.0",
                            "router": "10.0.0.254"}]}


class NetworkApply(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="exlb-apply-")
        self.root = os.path.join(self.tmp.name, "root")
        self.data = os.path.join(self.tmp.name, "data")
        os.makedirs(self.root)
        os.makedirs(self.data)
        self.request = os.path.join(self.data, "network-request.json")

    def tearDown(self):
        self.tmp.cleanup()

    def apply(self, body):
        with open(self.request, "w") as f:
            f.write(body if isinstance(body, str) else json.dumps(body))
        proc = subprocess.run([APPLY, "--system-root", self.root, "--no-reload", self.request],
                              capture_output=True, text=True, timeout=30)
        with open(os.path.join(self.data, "network-result.json")) as f:
            return proc.returncode, json.load(f)

    def written(self):
        found = []
        for folder, _, files in os.walk(self.root):
            found += [os.path.relpath(os.path.join(folder, f), self.root) for f in files]
        return sorted(found)

    def test_valid_request_is_written_and_reported(self):
        code, result = self.apply(GUIDE)
        self.assertEqual((code, result["ok"]), (0, True), result)
        self.assertEqual(self.written(), [
            "etc/hostname", "etc/hosts",
            "etc/systemd/network/10-exlb-lan.network",
            "etc/systemd/network/10-exlb-vlan.netdev",
            "etc/systemd/network/10-exlb-vlan.network"])
        with open(os.path.join(self.root, "etc/systemd/network/10-exlb-vlan.network")) as f:
            text = f.read()
        self.assertIn("Address=10.0.0.17/16\nGateway=10.0.1.1\n", text)
        self.assertIn("[Route]\nDestination=172.16.0.0/12\nGateway=10.0.0.254\n", text)

    def test_bad_requests_change_nothing_and_say_why(self):
        cases = [
            ("bad address", dict(GUIDE, address="10.0.0.256"), "network.address"),
            ("bad vlan", dict(GUIDE, vlan_id=4095), "network.vlan_id"),
            ("unknown field", dict(GUIDE, dhcp=True), "dhcp"),
            ("not json", "address=10.0.0.17", ""),
            ("oversized", json.dumps(dict(GUIDE, hostname="a" * 70000)), "64 KiB"),
        ]
        for name, body, words in cases:
            with self.subTest(name):
                code, result = self.apply(body)
                self.assertEqual(code, 1)
                self.assertFalse(result["ok"])
                self.assertIn(words, result["message"])
                self.assertEqual(self.written(), [], "a refused request writes nothing")

    def test_a_later_request_without_vlan_removes_the_vlan_files(self):
        self.assertEqual(self.apply(GUIDE)[0], 0)
        self.assertEqual(self.apply(dict(GUIDE, vlan_id=0))[0], 0)
        self.assertNotIn("etc/systemd/network/10-exlb-vlan.netdev", self.written())


if __name__ == "__main__":
    APPLY = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
