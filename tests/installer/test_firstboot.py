#!/usr/bin/env python3
"""exlb-firstboot through a pseudo-terminal, over every path of the guide's
chapter 4.1: the question timing out to DHCP, DHCP failing to the fallback
address, static with the defaults in brackets, static with the guide's
values, a refused commit, a wrong value asked again, and a saved
configuration that keeps the prompt away. Each run writes under its own
temporary system root; the DHCP client is a stand-in script, so no DHCP
request ever leaves this machine.

usage: test_firstboot.py PATH/TO/exlb-firstboot
"""
import os
import pty
import select
import subprocess
import sys
import tempfile
import time
import unittest

FIRSTBOOT = None

WARNINGS = (
    "Warning: No IP configuration found !\r\n"
    "Warning: DHCP configuration is available for test purpose only.\r\n"
    "Warning: exlb does not perform any renew at end of lease time.\r\n"
    "Warning: A static IP configuration is recommended.\r\n"
)
QUESTION = "Retrieve IP using DHCP or configure static ... {}sec (D/s)? "

STAND_IN = """#!/bin/sh
# Stand-in DHCP client: records its arguments, then acts as told by $1.
printf '%s\\n' "$@" > "{record}"
case "$1" in
  lease) printf 'address=198.18.0.10\\nnetmask=255.255.255.0\\ngateway=198.18.0.1\\n' ;;
  fail) exit 1 ;;
  garbage) echo 'address=not-an-address'; echo 'netmask=255.255.255.0' ;;
  hang) exec sleep 60 ;;
esac
"""


class Terminal:
    """The program on the slave side of a pty; we are the keyboard and screen."""

    def __init__(self, argv):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                     close_fds=True, start_new_session=True)
        os.close(slave)
        self.seen = ""

    def expect(self, text, timeout=20):
        """Waits until `text` has appeared after what was already consumed."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"never saw {text!r}; screen was:\n{self.seen}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the program exited and closed the pty
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"program ended before {text!r}:\n{self.seen}")
                self.seen += chunk.decode()
        index = self.seen.index(text) + len(text)
        consumed, self.seen = self.seen[:index], self.seen[index:]
        return consumed

    def type(self, line):
        os.write(self.master, (line + "\n").encode())

    def answer_static(self, address, netmask, gateway, commit):
        """The guide's static dialogue: "s", three questions, commit."""
        self.type("s")
        self.expect("Configure IP manually\r\n")
        for question, answer in (("Use IP address (192.168.0.200)? ", address),
                                 ("Use netmask (255.255.255.0)? ", netmask),
                                 ("Use default gateway (none)? ", gateway)):
            self.expect(question)
            self.type(answer)
        self.expect("Commit and save this configuration (N/y) ? ")
        self.type(commit)

    def finish(self, timeout=20):
        code = self.proc.wait(timeout=timeout)
        try:
            while True:
                ready, _, _ = select.select([self.master], [], [], 0.1)
                if not ready:
                    break
                chunk = os.read(self.master, 4096)
                if not chunk:
                    break
                self.seen += chunk.decode()
        except OSError:
            pass
        os.close(self.master)
        return code


class FirstBoot(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory(prefix="exlb-firstboot-")
        self.root = os.path.join(self.tmp.name, "root")
        os.mkdir(self.root)
        self.record = os.path.join(self.tmp.name, "dhcp-args")
        self.client = os.path.join(self.tmp.name, "dhcp-stand-in")
        with open(self.client, "w") as f:
            f.write(STAND_IN.replace("{record}", self.record))
        os.chmod(self.client, 0o755)
        self.term = None

    def tearDown(self):
        if self.term and self.term.proc.poll() is None:
            self.term.proc.kill()
            self.term.proc.wait()
        self.tmp.cleanup()

    def start(self, dhcp="fail", timeout=1, dhcp_timeout=5, extra=()):
        argv = [FIRSTBOOT, "--system-root", self.root, "--timeout", str(timeout),
                "--dhcp-client", self.client, "--dhcp-arg", dhcp,
                "--dhcp-arg", "two words", "--dhcp-timeout", str(dhcp_timeout), *extra]
        self.term = Terminal(argv)
        return self.term

    def file(self, path):
        with open(os.path.join(self.root, path.lstrip("/"))) as f:
            return f.read()

    def exists(self, path):
        return os.path.lexists(os.path.join(self.root, path.lstrip("/")))

    def assertNothingSaved(self):
        self.assertFalse(self.exists("/etc/systemd/network/10-exlb-lan.network"))
        self.assertFalse(self.exists("/etc/hostname"))
        self.assertFalse(self.exists("/etc/exlb/firstboot-network.json"))

    # --- DHCP --------------------------------------------------------------

    def test_silence_times_out_to_dhcp_and_uses_the_lease_for_this_boot(self):
        t = self.start(dhcp="lease", timeout=1)
        t.expect(WARNINGS + QUESTION.format(1))
        t.expect("DHCP lease: 198.18.0.10 netmask 255.255.255.0 gateway 198.18.0.1")
        t.expect("https://198.18.0.10:4444/")
        self.assertEqual(t.finish(), 0)
        lan = self.file("/run/systemd/network/10-exlb-lan.network")
        self.assertIn("Address=198.18.0.10/24\n", lan)
        self.assertIn("Gateway=198.18.0.1\n", lan)
        self.assertNothingSaved()  # no renew, not kept: the prompt returns at next boot
        # The client ran from an argument vector, words kept whole.
        with open(self.record) as f:
            self.assertEqual(f.read(), "lease\ntwo words\n")

    def test_typing_d_takes_dhcp_at_once(self):
        t = self.start(dhcp="lease", timeout=30)
        t.expect(QUESTION.format(30))
        t.type("D")
        t.expect("https://198.18.0.10:4444/", timeout=10)
        self.assertEqual(t.finish(), 0)

    def test_dhcp_without_lease_falls_back_to_192_168_0_200(self):
        t = self.start(dhcp="fail")
        t.expect(QUESTION.format(1))
        t.type("d")
        t.expect("DHCP failed")
        t.expect("https://192.168.0.200:4444/")
        self.assertEqual(t.finish(), 0)
        lan = self.file("/run/systemd/network/10-exlb-lan.network")
        self.assertIn("Address=192.168.0.200/24\n", lan)
        self.assertNotIn("Gateway=", lan)
        self.assertNothingSaved()

    def test_dhcp_client_that_hangs_is_stopped_and_falls_back(self):
        t = self.start(dhcp="hang", dhcp_timeout=1)
        t.expect("DHCP failed (no answer within 1 seconds)")
        t.expect("https://192.168.0.200:4444/")
        self.assertEqual(t.finish(), 0)

    def test_dhcp_client_reporting_garbage_falls_back(self):
        t = self.start(dhcp="garbage")
        t.expect("DHCP failed")
        t.expect("https://192.168.0.200:4444/")
        self.assertEqual(t.finish(), 0)
        self.assertIn("Address=192.168.0.200/24\n",
                      self.file("/run/systemd/network/10-exlb-lan.network"))

    # --- static --------------------------------------------------------------

    def test_static_with_the_defaults_in_brackets(self):
        t = self.start(timeout=30)
        t.expect(QUESTION.format(30))
        t.answer_static("", "", "", "y")  # Enter keeps each value in brackets
        t.expect("https://192.168.0.200:4444/")
        self.assertEqual(t.finish(), 0)
        lan = self.file("/etc/systemd/network/10-exlb-lan.network")
        self.assertIn("Address=192.168.0.200/24\n", lan)
        self.assertNotIn("Gateway=", lan)
        self.assertEqual(self.file("/etc/hostname"), "exlb\n")
        self.assertFalse(os.path.exists(self.record), "static must not run the DHCP client")

    def test_static_with_the_guides_values_is_saved(self):
        t = self.start(timeout=30)
        t.expect(QUESTION.format(30))
        t.answer_static("10.0.0.17", "255.255.0.0", "10.0.1.1", "y")
        t.expect("https://10.0.0.17:4444/")
        self.assertEqual(t.finish(), 0)
        lan = self.file("/etc/systemd/network/10-exlb-lan.network")
        self.assertIn("Address=10.0.0.17/16\nGateway=10.0.1.1\n", lan)
        self.assertFalse(self.exists("/run/systemd/network/10-exlb-lan.network"))
        seed = self.file("/etc/exlb/firstboot-network.json")
        self.assertIn('"address": "10.0.0.17"', seed)
        self.assertIn('"gateway": "10.0.1.1"', seed)
        mode = os.stat(os.path.join(self.root, "etc/systemd/network/10-exlb-lan.network")).st_mode
        self.assertEqual(mode & 0o777, 0o644)

    def test_refused_commit_writes_nothing_and_asks_again(self):
        t = self.start(dhcp="fail", timeout=2)
        t.expect(QUESTION.format(2))
        t.answer_static("10.0.0.17", "255.255.0.0", "10.0.1.1", "N")
        t.expect("Configuration not saved.\r\n")
        self.assertNothingSaved()
        # Asked again; nobody answers, so DHCP, then the fallback.
        t.expect(QUESTION.format(2))
        t.expect("https://192.168.0.200:4444/")
        self.assertEqual(t.finish(), 0)
        self.assertNothingSaved()
        self.assertIn("Address=192.168.0.200/24\n",
                      self.file("/run/systemd/network/10-exlb-lan.network"))

    def test_enter_at_commit_means_no(self):
        t = self.start(timeout=30)
        t.expect(QUESTION.format(30))
        t.answer_static("", "", "", "")
        t.expect("Configuration not saved.")
        t.expect(QUESTION.format(30))
        self.assertNothingSaved()

    def test_wrong_values_are_named_and_asked_again(self):
        t = self.start(timeout=30)
        t.expect(QUESTION.format(30))
        t.type("x")  # neither D nor s: the question again
        t.expect(QUESTION.format(30))
        t.type("s")
        t.expect("Use IP address (192.168.0.200)? ")
        t.type("10.0.0.300")
        t.expect("Invalid IP address: 10.0.0.300")
        t.expect("Use IP address (192.168.0.200)? ")
        t.type("10.0.0.17")
        t.expect("Use netmask (255.255.255.0)? ")
        t.type("255.0.255.0")
        t.expect("Invalid netmask: 255.0.255.0")
        t.type("255.255.255.0")
        t.expect("Use default gateway (none)? ")
        t.type("10.9.9.9")
        t.expect("not in the appliance's subnet")
        t.type("10.0.0.1")
        t.expect("Commit and save this configuration (N/y) ? ")
        t.type("y")
        t.expect("https://10.0.0.17:4444/")
        self.assertEqual(t.finish(), 0)
        self.assertIn("Address=10.0.0.17/24\nGateway=10.0.0.1\n",
                      self.file("/etc/systemd/network/10-exlb-lan.network"))

    # --- saved configuration ------------------------------------------------

    def test_a_saved_configuration_keeps_the_prompt_away(self):
        os.makedirs(os.path.join(self.root, "etc/systemd/network"))
        saved = "[Match]\nName=eth0\n\n[Network]\nAddress=10.0.0.5/24\n"
        with open(os.path.join(self.root, "etc/systemd/network/10-exlb-lan.network"), "w") as f:
            f.write(saved)
        t = self.start(dhcp="lease", timeout=30)
        self.assertEqual(t.finish(timeout=10), 0)
        self.assertNotIn("Warning", t.seen)
        self.assertEqual(self.file("/etc/systemd/network/10-exlb-lan.network"), saved)
        self.assertFalse(os.path.exists(self.record))


if __name__ == "__main__":
    FIRSTBOOT = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
