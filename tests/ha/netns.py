"""Network namespaces for the HA lab: create, enter, watch and destroy them.

    import netns
    reason = netns.unavailable()          # None when namespaces can be made here
    netns.clean_stale()                   # leftovers of dead runs of this prefix
    netns.add("xha123a-sw"); netns.ip("-n", "xha123a-sw", "link")
    sock = netns.in_netns("xha123a-cl", socket.create_connection, ("198.18.0.100", 1135), 1)
    netns.destroy("xha123a-sw")           # SIGKILL what runs inside, then delete it

Everything here acts only on namespaces whose name starts with PREFIX and the
pid of the run that made them, so two runs, or a crashed one, never clash.
Standard library only; needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN).
"""

import ctypes
import os
import re
import select
import signal
import socket
import struct
import subprocess
import threading
import time

PREFIX = "xha"          # every namespace of this lab: xha<pid><tag>-<role>
SKIP_CODE = 77          # CTest's SKIP_RETURN_CODE for "cannot make namespaces here"
NETNS_DIR = "/run/netns"
_CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(None, use_errno=True)


def ip(*args, check=True):
    """Runs `ip ARGS` (an argument vector, never a shell line); its stdout."""
    r = subprocess.run(["ip", *args], capture_output=True, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f"ip {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def run(ns, *argv, check=True, timeout=30):
    """Runs argv inside namespace ns; (returncode, stdout+stderr)."""
    r = subprocess.run(["ip", "netns", "exec", ns, *argv], capture_output=True, text=True,
                       timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"[{ns}] {' '.join(argv)}: {r.stdout}{r.stderr}".strip())
    return r.returncode, r.stdout + r.stderr


def unavailable():
    """Why namespaces cannot be made here, or None when they can."""
    if os.geteuid() != 0:
        return "not root: the HA lab needs CAP_NET_ADMIN and CAP_SYS_ADMIN for network namespaces"
    for tool in ("ip", "nft"):
        if not any(os.access(os.path.join(d, tool), os.X_OK)
                   for d in ("/usr/sbin", "/sbin", "/usr/bin", "/bin")):
            return f"`{tool}` is missing (scripts/setup installs it)"
    probe = f"{PREFIX}{os.getpid()}probe"
    r = subprocess.run(["ip", "netns", "add", probe], capture_output=True, text=True)
    if r.returncode != 0:
        return "cannot create a network namespace: " + r.stderr.strip()
    subprocess.run(["ip", "netns", "del", probe], capture_output=True)
    return None


def _pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def names():
    try:
        return sorted(os.listdir(NETNS_DIR))
    except FileNotFoundError:
        return []


def clean_stale():
    """Destroys namespaces of this prefix left by runs whose process is gone."""
    for name in names():
        m = re.match(rf"{PREFIX}(\d+)", name)
        if m and int(m.group(1)) != os.getpid() and not _pid_alive(int(m.group(1))):
            destroy(name)


def add(ns):
    ip("netns", "add", ns)
    ip("-n", ns, "link", "set", "lo", "up")


def pids(ns):
    out = subprocess.run(["ip", "netns", "pids", ns], capture_output=True, text=True).stdout
    return [int(p) for p in out.split() if p.isdigit()]


def kill_all(ns):
    """SIGKILLs every process living in ns (agents, HAProxy, keepalived, mocks)."""
    for _ in range(5):
        found = [p for p in pids(ns) if p != os.getpid()]
        if not found:
            return
        for p in found:
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.1)


def destroy(ns):
    kill_all(ns)
    subprocess.run(["ip", "netns", "del", ns], capture_output=True)


def in_netns(ns, fn, *args, **kwargs):
    """Calls fn in a short-lived thread that entered ns's network namespace.
    Sockets fn creates stay in ns; child processes it starts live in ns.
    setns() changes only the calling thread, so the rest of the program
    stays where it was."""
    out = {}

    def body():
        try:
            fd = os.open(os.path.join(NETNS_DIR, ns), os.O_RDONLY)
            try:
                if _libc.setns(fd, _CLONE_NEWNET) != 0:
                    err = ctypes.get_errno()
                    raise OSError(err, f"setns {ns}: {os.strerror(err)}")
            finally:
                os.close(fd)
            out["value"] = fn(*args, **kwargs)
        except BaseException as e:  # handed to the caller's thread
            out["error"] = e

    t = threading.Thread(target=body, name="in-" + ns)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


def holds(ns, address):
    """The address is configured on an interface of ns right now."""
    return f" {address}/" in ip("-n", ns, "-o", "-4", "addr", "show")


# ---- address watch over netlink ---------------------------------------------

_RTMGRP_IPV4_IFADDR = 0x10
_RTM_NEWADDR, _RTM_DELADDR, _RTM_GETADDR = 20, 21, 22
_IFA_ADDRESS, _IFA_LOCAL = 1, 2


def _addr_events(data):
    """(message type, IPv4 address) for each address message in a netlink read."""
    off = 0
    while off + 16 <= len(data):
        length, kind = struct.unpack_from("=IH", data, off)
        if length < 16:
            return
        if kind in (_RTM_NEWADDR, _RTM_DELADDR) and length >= 24:
            family = data[off + 16]
            a = off + 24
            while family == socket.AF_INET and a + 4 <= off + length:
                alen, atype = struct.unpack_from("=HH", data, a)
                if alen < 4:
                    break
                if atype in (_IFA_ADDRESS, _IFA_LOCAL) and alen >= 8:
                    yield kind, socket.inet_ntoa(data[a + 4:a + 8])
                    break
                a += (alen + 3) & ~3
        off += (length + 3) & ~3


class AddressWatch:
    """Who holds `address`, learned from the kernel's address events in each
    namespace (no polling), with the time of every change, so a benchmark can
    tell whether two nodes ever held it at once and for how long.

        w = AddressWatch({"a": ns_a, "b": ns_b}, "198.18.0.100")
        w.holders()                     # {"a"}
        w.overlaps(since)               # [(start, end), ...] where 2+ held it
        w.close()
    """

    def __init__(self, namespaces, address):
        self.address = address
        self.cond = threading.Condition()
        self.held = {name: False for name in namespaces}
        self.history = []          # (monotonic time, frozenset of holders)
        self.socks = {}
        for name, ns in namespaces.items():
            s = in_netns(ns, socket.socket, socket.AF_NETLINK, socket.SOCK_RAW, 0)
            s.bind((0, _RTMGRP_IPV4_IFADDR))
            s.send(struct.pack("=IHHIIBBBBI", 24, _RTM_GETADDR, 0x301, 1, 0,
                               socket.AF_INET, 0, 0, 0, 0))
            self.socks[s] = name
        self.stopping = False
        with self.cond:
            self._record(time.monotonic())
        self.thread = threading.Thread(target=self._loop, name="addr-watch", daemon=True)
        self.thread.start()

    def _record(self, t):
        now = frozenset(n for n, h in self.held.items() if h)
        if not self.history or self.history[-1][1] != now:
            self.history.append((t, now))
        self.cond.notify_all()

    def _loop(self):
        while not self.stopping:
            ready, _, _ = select.select(list(self.socks), [], [], 0.2)
            # Messages read in one wakeup carry no time of their own (netlink
            # has none): they happened before this moment, in an order the
            # sockets cannot tell. Count them as one moment (each node's last
            # word wins), so that reading B's socket before A's does not invent a
            # sub-millisecond overlap; an overlap that spans wakeups (a real
            # one, e.g. a new master adding before the old one removes) shows.
            t = time.monotonic()
            events = []
            for s in ready:
                try:
                    data = s.recv(1 << 16)
                except OSError:
                    continue
                events += [(kind, self.socks[s]) for kind, addr in _addr_events(data)
                           if addr == self.address]
            if not ready:
                continue
            with self.cond:
                for kind, name in events:  # each node's own messages stay in order
                    self.held[name] = kind == _RTM_NEWADDR
                self._record(t)

    def holders(self):
        with self.cond:
            return {n for n, h in self.held.items() if h}

    def wait(self, predicate, timeout):
        """Waits until predicate(holders) is true; the holders, or None at the deadline."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                now = {n for n, h in self.held.items() if h}
                if predicate(now):
                    return now
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.cond.wait(left)

    def overlaps(self, since, until=None, among=None):
        """Intervals after `since` where two or more of `among` (default: all)
        held the address: [(start, end)], end = now for an open one."""
        with self.cond:
            history = list(self.history)
        end_time = until if until is not None else time.monotonic()
        out = []
        for i, (t, who) in enumerate(history):
            nxt = history[i + 1][0] if i + 1 < len(history) else end_time
            members = who if among is None else who & set(among)
            if len(members) >= 2 and nxt > since and t < end_time:
                out.append((max(t, since), min(nxt, end_time)))
        return out

    def close(self):
        self.stopping = True
        self.thread.join(2)
        for s in self.socks:
            s.close()
