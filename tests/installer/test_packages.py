#!/usr/bin/env python3
"""The Debian packages: build them with CPack from this build folder, then
check what an administrator gets: files and their modes, dependencies,
maintainer scripts (run against stand-in system commands and a scratch
DPKG_ROOT), the systemd unit (systemd-analyze verify and security), and the
extracted agent actually running (--version, --print-default-config).

usage: test_packages.py BUILD_DIR
"""
import http.client
import json
import os
import re
import select
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import unittest

BUILD = None
PACKAGES = {}          # package name -> .deb path
WORK = None            # temporary folder for the whole run


def run(argv, **kw):
    return subprocess.run(argv, check=True, capture_output=True, text=True, **kw).stdout


def build_packages():
    out = os.path.join(WORK, "packages")
    run(["cpack", "-G", "DEB", "--config", os.path.join(BUILD, "CPackConfig.cmake"), "-B", out],
        cwd=BUILD)
    for name in os.listdir(out):
        if name.endswith(".deb"):
            PACKAGES[name.split("_")[0]] = os.path.join(out, name)


def field(deb, name):
    return run(["dpkg-deb", "-f", deb, name]).strip()


def listing(deb):
    """path -> (mode string, owner/group) from dpkg-deb -c."""
    entries = {}
    for line in run(["dpkg-deb", "-c", deb]).splitlines():
        parts = line.split()
        path = parts[5].lstrip(".")
        entries[path.rstrip("/") or "/"] = (parts[0], parts[1])
    return entries


def depends(deb):
    return {d.split()[0] for d in re.split(r",\s*", field(deb, "Depends")) if d}


class AgentPackage(unittest.TestCase):
    def setUp(self):
        self.deb = PACKAGES["exlb-agent"]

    def test_metadata_and_dependencies(self):
        self.assertEqual(field(self.deb, "Package"), "exlb-agent")
        deps = depends(self.deb)
        for needed in ("haproxy", "keepalived", "adduser", "systemd"):
            self.assertIn(needed, deps)
        # dpkg-shlibdeps found the libraries the agent links.
        self.assertTrue(any(d.startswith("libprotobuf") for d in deps), deps)

    def test_files_owners_and_modes(self):
        files = listing(self.deb)
        expected = {
            "/usr/sbin/exlb-agent": "-rwxr-xr-x",
            "/usr/lib/systemd/system/exlb-agent.service": "-rw-r--r--",
            "/etc/default/exlb-agent": "-rw-r--r--",
            "/usr/lib/sysctl.d/60-exlb.conf": "-rw-r--r--",
            "/usr/share/exlb/factory-config.json": "-rw-r--r--",
            "/usr/share/doc/exlb-agent/copyright": "-rw-r--r--",
        }
        for path, mode in expected.items():
            self.assertIn(path, files)
            self.assertEqual(files[path], (mode, "root/root"), path)
        # The package never ships the appliance's data: the agent creates it.
        self.assertFalse([p for p in files if p.startswith("/var/lib/exlb")])
        self.assertFalse([p for p in files if "firstboot" in p])

    def test_control_scripts_and_conffiles(self):
        control = os.path.join(WORK, "agent-control")
        shutil.rmtree(control, ignore_errors=True)
        run(["dpkg-deb", "-e", self.deb, control])
        for script in ("postinst", "prerm", "postrm"):
            path = os.path.join(control, script)
            self.assertTrue(os.access(path, os.X_OK), script)
            run(["sh", "-n", path])
        with open(os.path.join(control, "conffiles")) as f:
            self.assertIn("/etc/default/exlb-agent", f.read().split())

    def test_extracted_agent_runs(self):
        root = os.path.join(WORK, "agent-root")
        shutil.rmtree(root, ignore_errors=True)
        run(["dpkg-deb", "-x", self.deb, root])
        agent = os.path.join(root, "usr/sbin/exlb-agent")
        version = run([agent, "--version"]).strip()
        self.assertEqual(version, "exlb-agent " + field(self.deb, "Version"))
        printed = json.loads(run([agent, "--print-default-config"]))
        with open(os.path.join(root, "usr/share/exlb/factory-config.json")) as f:
            shipped = json.load(f)
        self.assertEqual(printed, shipped)
        self.assertEqual(shipped["network"]["address"], "192.168.0.200")


class Unit(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.root = os.path.join(WORK, "unit-root")
        shutil.rmtree(cls.root, ignore_errors=True)
        run(["dpkg-deb", "-x", PACKAGES["exlb-agent"], cls.root])
        with open(os.path.join(cls.root, "usr/lib/systemd/system/exlb-agent.service")) as f:
            cls.text = f.read()

    def setting(self, key):
        return [line.split("=", 1)[1] for line in self.text.splitlines()
                if line.startswith(key + "=")]

    def test_runs_as_exlb_notify_restart_and_folders(self):
        self.assertEqual(self.setting("Type"), ["notify"])
        self.assertEqual(self.setting("User"), ["exlb"])
        self.assertEqual(self.setting("Restart"), ["on-failure"])
        exec_start = self.setting("ExecStart")[0].split()
        self.assertEqual(exec_start[0], "/usr/sbin/exlb-agent")
        self.assertIn("--data-dir /var/lib/exlb", " ".join(exec_start))
        self.assertIn("--run-dir /run/exlb", " ".join(exec_start))
        self.assertEqual(self.setting("StateDirectoryMode"), ["0700"])

    def test_least_privilege_and_sandbox(self):
        caps = set(self.setting("CapabilityBoundingSet")[0].split())
        self.assertEqual(caps, {"CAP_NET_BIND_SERVICE", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_SYS_NICE"})
        for key, value in (("NoNewPrivileges", "yes"), ("ProtectSystem", "strict"),
                           ("ProtectHome", "yes"), ("PrivateTmp", "yes")):
            self.assertEqual(self.setting(key), [value], key)
        self.assertEqual(self.setting("ReadWritePaths"), ["/var/lib/exlb /run/exlb"])
        self.assertTrue(self.setting("SystemCallFilter"))
        self.assertTrue(self.setting("RestrictAddressFamilies"))

    def test_systemd_analyze_verify(self):
        if not shutil.which("systemd-analyze"):
            self.skipTest("systemd-analyze is not installed")
        # verify checks that ExecStart exists on this machine: point it at
        # the extracted binary, everything else as shipped.
        folder = os.path.join(WORK, "verify")
        os.makedirs(folder, exist_ok=True)
        unit = os.path.join(folder, "exlb-agent.service")
        with open(unit, "w") as f:
            f.write(self.text.replace("/usr/sbin/exlb-agent",
                                      os.path.join(self.root, "usr/sbin/exlb-agent")))
        result = subprocess.run(["systemd-analyze", "verify", unit],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertNotIn("Unknown key", result.stderr)

    def test_systemd_analyze_security_exposure(self):
        if not shutil.which("systemd-analyze"):
            self.skipTest("systemd-analyze is not installed")
        unit = os.path.join(self.root, "usr/lib/systemd/system/exlb-agent.service")
        result = subprocess.run(["systemd-analyze", "security", "--offline=yes", unit],
                                capture_output=True, text=True)
        match = re.search(r"Overall exposure level for \S+: ([0-9.]+)", result.stdout)
        if not match:
            self.skipTest("systemd-analyze security --offline is not supported here")
        exposure = float(match.group(1))
        print(f"systemd-analyze security exposure: {exposure}", file=sys.stderr)
        # systemd's scale: 0 locked down .. 10 unprotected; "OK" is below 3.
        self.assertLess(exposure, 3.0)


STUBS = {
    # Each stand-in logs its argv; getent knows the user only once adduser ran.
    "getent": 'grep -qx "$2" "$STATE/users" 2>/dev/null; exit $?',
    "adduser": 'for a; do last=$a; done; echo "$last" >> "$STATE/users"',
    "install": 'for a; do last=$a; done; mkdir -p "$last"',
}


class MaintainerScripts(unittest.TestCase):
    """postinst/postrm against stand-ins of the system commands they call."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="exlb-maint-", dir=WORK)
        self.control = os.path.join(self.tmp, "control")
        run(["dpkg-deb", "-e", PACKAGES["exlb-agent"], self.control])
        self.bin = os.path.join(self.tmp, "bin")
        self.state = os.path.join(self.tmp, "state")
        self.root = os.path.join(self.tmp, "root")
        for d in (self.bin, self.state, self.root):
            os.makedirs(d)
        for cmd in ("getent", "adduser", "deluser", "install", "systemctl", "sysctl",
                    "deb-systemd-helper", "deb-systemd-invoke"):
            with open(os.path.join(self.bin, cmd), "w") as f:
                f.write('#!/bin/sh\necho "%s $*" >> "$STATE/calls"\n%s\nexit 0\n'
                        % (cmd, STUBS.get(cmd, "")))
            os.chmod(os.path.join(self.bin, cmd), 0o755)

    def script(self, name, *args):
        env = {"PATH": self.bin + ":/usr/bin:/bin", "STATE": self.state,
               "DPKG_ROOT": self.root}
        run([os.path.join(self.control, name), *args], env=env)

    def calls(self):
        try:
            with open(os.path.join(self.state, "calls")) as f:
                return f.read().splitlines()
        except FileNotFoundError:
            return []

    def test_first_install_creates_user_and_private_data_folder(self):
        self.script("postinst", "configure", "")
        calls = self.calls()
        self.assertTrue(any(c.startswith("adduser --system --group") and c.endswith(" exlb")
                            for c in calls), calls)
        self.assertIn("install -d -m 0700 -o exlb -g exlb %s/var/lib/exlb" % self.root, calls)
        self.assertIn("systemctl disable haproxy.service", calls)
        self.assertIn("systemctl disable keepalived.service", calls)
        self.assertIn("deb-systemd-helper enable exlb-agent.service", calls)

    def test_upgrade_keeps_user_and_configuration(self):
        data = os.path.join(self.root, "var/lib/exlb")
        os.makedirs(data)
        with open(os.path.join(data, "config.json"), "w") as f:
            f.write('{"network": {"address": "10.0.0.17"}}')
        with open(os.path.join(self.state, "users"), "w") as f:
            f.write("exlb\n")
        self.script("postinst", "configure", "0.0.9")
        calls = self.calls()
        self.assertFalse([c for c in calls if c.startswith("adduser")], calls)
        self.assertFalse([c for c in calls if c.startswith("install")], calls)
        with open(os.path.join(data, "config.json")) as f:
            self.assertEqual(f.read(), '{"network": {"address": "10.0.0.17"}}')

    def test_remove_keeps_data_and_purge_deletes_it(self):
        data = os.path.join(self.root, "var/lib/exlb")
        os.makedirs(data)
        self.script("postrm", "remove")
        self.assertTrue(os.path.isdir(data))
        self.script("postrm", "purge")
        self.assertFalse(os.path.exists(data))


class AppliancePackage(unittest.TestCase):
    def test_contents_and_dependencies(self):
        deb = PACKAGES["exlb-appliance"]
        version = field(deb, "Version")
        self.assertIn("exlb-agent (= %s)" % version, field(deb, "Depends"))
        for needed in ("busybox", "iproute2", "systemd"):
            self.assertIn(needed, depends(deb))
        files = listing(deb)
        for path, mode in (("/usr/sbin/exlb-firstboot", "-rwxr-xr-x"),
                           ("/usr/sbin/exlb-network-apply", "-rwxr-xr-x"),
                           ("/usr/lib/systemd/system/exlb-network-apply.path", "-rw-r--r--"),
                           ("/usr/lib/systemd/system/exlb-network-apply.service", "-rw-r--r--"),
                           ("/usr/lib/exlb/exlb-dhcp-probe", "-rwxr-xr-x"),
                           ("/usr/lib/exlb/udhcpc-report", "-rwxr-xr-x"),
                           ("/usr/lib/systemd/system/exlb-firstboot.service", "-rw-r--r--")):
            self.assertEqual(files.get(path), (mode, "root/root"), path)

    def test_firstboot_unit_runs_before_networkd_only_without_saved_configuration(self):
        root = os.path.join(WORK, "appliance-root")
        shutil.rmtree(root, ignore_errors=True)
        run(["dpkg-deb", "-x", PACKAGES["exlb-appliance"], root])
        with open(os.path.join(root, "usr/lib/systemd/system/exlb-firstboot.service")) as f:
            text = f.read()
        self.assertIn("ConditionPathExists=!/etc/systemd/network/10-exlb-lan.network", text)
        self.assertRegex(text, r"Before=.*systemd-networkd\.service")
        self.assertIn("ExecStart=/usr/sbin/exlb-firstboot\n", text)
        help_text = run([os.path.join(root, "usr/sbin/exlb-firstboot"), "--help"])
        self.assertIn("--dhcp-client", help_text)


class InstalledAgent(unittest.TestCase):
    """The packaged agent run as its unit runs it (Type=notify): it tells a
    NOTIFY_SOCKET when ready, answers HTTPS on loopback, says STOPPING=1 and
    exits cleanly on SIGTERM. Loopback only, everything in a temporary folder."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="exlb-installed-", dir=WORK)
        root = os.path.join(self.tmp, "pkg")
        run(["dpkg-deb", "-x", PACKAGES["exlb-agent"], root])
        self.agent = os.path.join(root, "usr/sbin/exlb-agent")
        if "--listen" not in run([self.agent, "--help"]):
            self.skipTest("this agent has no daemon mode yet")
        self.notify_path = os.path.join(self.tmp, "notify")
        self.notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.notify.bind(self.notify_path)
        self.proc = None

    def tearDown(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.notify.close()

    def wait_for_state(self, word, timeout=60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.notify], [], [], 0.5)
            if ready:
                message = self.notify.recv(4096).decode()
                if word in message.split("\n"):
                    return message
            if self.proc.poll() is not None:
                break
        self.fail(f"no {word} from the agent (exit status {self.proc.poll()})")

    def test_ready_answers_https_on_loopback_and_stops_on_sigterm(self):
        env = dict(os.environ, NOTIFY_SOCKET=self.notify_path)
        argv = [self.agent, "--data-dir", os.path.join(self.tmp, "data"),
                "--run-dir", os.path.join(self.tmp, "run"),
                "--system-root", os.path.join(self.tmp, "root"),
                "--listen", "127.0.0.1:0"]
        self.proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, text=True)
        self.wait_for_state("READY=1")
        line = self.proc.stdout.readline()
        match = re.search(r"api 127\.0\.0\.1:(\d+)", line)
        self.assertTrue(match, line)
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE  # the appliance's own self-signed certificate
        connection = http.client.HTTPSConnection("127.0.0.1", int(match.group(1)),
                                                 context=context, timeout=30)
        connection.request("GET", "/")
        status = connection.getresponse().status
        connection.close()
        self.assertLess(status, 500)
        self.proc.send_signal(signal.SIGTERM)
        self.wait_for_state("STOPPING=1")
        self.assertEqual(self.proc.wait(timeout=60), 0)


class ConsolePackage(unittest.TestCase):
    def test_contents(self):
        if "exlb-console" not in PACKAGES:
            self.skipTest("the console is not built in this build folder (EXLB_BUILD_CONSOLE=OFF)")
        files = listing(PACKAGES["exlb-console"])
        self.assertEqual(files.get("/usr/bin/exlb-console"), ("-rwxr-xr-x", "root/root"))
        self.assertIn("/usr/share/applications/exlb-console.desktop", files)
        self.assertIn("/usr/share/icons/hicolor/scalable/apps/exlb-console.svg", files)
        self.assertTrue(any(d.startswith("libqt6widgets") for d in
                            depends(PACKAGES["exlb-console"])))


if __name__ == "__main__":
    BUILD = os.path.abspath(sys.argv.pop(1))
    with tempfile.TemporaryDirectory(prefix="exlb-packages-") as work:
        WORK = work
        build_packages()
        print("built:", ", ".join(sorted(PACKAGES)), file=sys.stderr)
        result = unittest.main(verbosity=2, exit=False).result
    sys.exit(0 if result.wasSuccessful() else 1)
