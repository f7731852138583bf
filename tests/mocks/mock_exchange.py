#!/usr/bin/env python3
"""A mock Exchange CAS/HUB server for exlb's tests, benchmarks and lab.

One process is one server identity (e.g. "cas1") on one IP address, speaking
HTTP, HTTPS, IMAP(S), POP3(S), SMTP(S) and plain TCP (RPC ports) on the ports
it is given. Every answer names the server, so a test can tell which backend
the load balancer chose. HTTP answers the health checks like an Exchange 2010
or 2013+ CAS does. Faults (fail, hang, refuse, maintenance) are switched at
run time through a small HTTP control port. Python 3 standard library only.

See tests/mocks/README.md for the command line, the control API and the lab.
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import sys

from mock_http import HttpProtocol
from mock_protocols import ImapHandler, Pop3Handler, SmtpHandler, TcpEchoHandler, hang

HANDLERS = {
    "http": HttpProtocol, "https": HttpProtocol,
    "imap": ImapHandler, "imaps": ImapHandler,
    "pop3": Pop3Handler, "pop3s": Pop3Handler,
    "smtp": SmtpHandler, "smtps": SmtpHandler,
    "tcp": TcpEchoHandler,
}
TLS_KINDS = {"https", "imaps", "pop3s", "smtps"}
FAULT_MODES = {"ok", "fail", "hang", "refuse", "maintenance"}


class Service:
    """One listening port: its kind, its socket and its fault state."""

    def __init__(self, server, kind, port):
        self.server = server
        self.kind = kind
        self.requested_port = port
        self.port = port
        self.listener = None
        self.fault = "ok"
        self.failed_vdirs = set()  # HTTP: vdirs answering 503
        self.connections = set()   # live transports, to cut on "refuse"
        self.accepted = 0
        self.requests = 0

    @property
    def key(self):
        return f"{self.kind}:{self.port}"

    async def start(self):
        ctx = self.server.tls_context if self.kind in TLS_KINDS else None
        options = dict(host=self.server.address, port=self.port, ssl=ctx, reuse_address=True,
                       backlog=1024, ssl_handshake_timeout=10 if ctx else None)
        if HANDLERS[self.kind] is HttpProtocol:
            self.listener = await asyncio.get_running_loop().create_server(
                lambda: HttpProtocol(self), **options)
        else:
            self.listener = await asyncio.start_server(self._on_connection, **options)
        self.port = self.listener.sockets[0].getsockname()[1]

    async def stop_listening(self, cut=False):
        """Closes the port; with cut, aborts the open connections too (a dead
        server). Connections are cut before waiting, as Python 3.12+ waits
        for them in wait_closed()."""
        listener, self.listener = self.listener, None
        if listener is not None:
            listener.close()
        if cut:
            self.cut_connections()
        if listener is not None:
            await listener.wait_closed()

    def cut_connections(self):
        for transport in list(self.connections):
            transport.abort()
        self.connections.clear()

    async def _on_connection(self, reader, writer):
        self.accepted += 1
        self.connections.add(writer.transport)
        try:
            if self.fault == "hang":
                await hang(reader)
                return
            handler = HANDLERS[self.kind](self, reader, writer)
            await handler.run()
        except (OSError, EOFError, ValueError, asyncio.TimeoutError,
                asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            pass  # the peer left, timed out or sent garbage: drop the connection
        finally:
            self.connections.discard(writer.transport)
            try:
                writer.close()
            except (ConnectionError, RuntimeError):
                pass

    def state(self):
        return {"kind": self.kind, "port": self.port, "fault": self.fault,
                "failed_vdirs": sorted(self.failed_vdirs),
                "listening": self.listener is not None,
                "accepted": self.accepted, "requests": self.requests}


class MockServer:
    """One server identity with its services and its control port."""

    def __init__(self, name, address, exchange, tls_context, services):
        self.name = name
        self.address = address
        self.exchange = exchange  # "2010" or "2013"
        self.tls_context = tls_context
        self.services = [Service(self, kind, port) for kind, port in services]
        self.control = None
        self.control_port = 0
        self.stopped = asyncio.Event()

    async def start(self, control_port=0, control_address=None):
        for s in self.services:
            await s.start()
        self.control = await asyncio.start_server(
            self._on_control, host=control_address or self.address, port=control_port)
        self.control_port = self.control.sockets[0].getsockname()[1]

    def ready_info(self):
        ports = {}
        for s in self.services:
            ports.setdefault(s.kind, []).append(s.port)
        return {"name": self.name, "address": self.address, "exchange": self.exchange,
                "ports": ports, "control": self.control_port, "pid": os.getpid()}

    def select(self, target):
        """Services named by a control target: "all", a kind ("https"),
        a port ("8443") or "kind:port"."""
        if target in ("", "all"):
            return list(self.services)
        chosen = []
        for s in self.services:
            if target in (s.kind, str(s.port), s.key) or (
                    target in ("pop", "pop3") and s.kind.startswith("pop3")):
                chosen.append(s)
        return chosen

    async def set_fault(self, target, mode, vdir=None):
        services = self.select(target)
        if not services:
            raise ValueError(f"no service matches '{target}'")
        if mode not in FAULT_MODES:
            raise ValueError(f"unknown mode '{mode}' (one of {sorted(FAULT_MODES)})")
        for s in services:
            if vdir:
                # One Exchange service (vdir) failing on this CAS, the others fine.
                if mode == "ok":
                    s.failed_vdirs.discard(vdir.lower())
                else:
                    s.failed_vdirs.add(vdir.lower())
                continue
            previous, s.fault = s.fault, mode
            if mode == "ok":
                s.failed_vdirs.clear()
            if mode == "refuse" and previous != "refuse":
                await s.stop_listening(cut=True)
            elif mode != "refuse" and s.listener is None:
                await s.start()  # back on the same port
        return services

    async def _on_control(self, reader, writer):
        try:
            line = await asyncio.wait_for(reader.readline(), 10)
            while (await asyncio.wait_for(reader.readline(), 10)) not in (b"\r\n", b"\n", b""):
                pass
            parts = line.decode("latin-1").split()
            status, body = await self._control(parts[1] if len(parts) > 1 else "/")
            payload = (json.dumps(body, indent=1) + "\n").encode()
            writer.write(f"HTTP/1.1 {status}\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n"
                         .encode() + payload)
            await writer.drain()
        except (ConnectionError, asyncio.TimeoutError, IndexError):
            pass
        finally:
            writer.close()

    async def _control(self, target):
        from urllib.parse import parse_qs, urlsplit
        url = urlsplit(target)
        query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        path = url.path.rstrip("/") or "/"
        try:
            if path in ("/", "/state"):
                return "200 OK", self.state()
            if path == "/fault":
                await self.set_fault(query.get("service", "all"), query.get("mode", "ok"),
                                     query.get("vdir"))
                return "200 OK", self.state()
            if path == "/reset":
                await self.set_fault("all", "ok")
                return "200 OK", self.state()
            if path == "/stop":
                self.stopped.set()
                return "200 OK", {"stopping": self.name}
        except ValueError as e:
            return "400 Bad Request", {"error": str(e)}
        return "404 Not Found", {"error": f"unknown control path {url.path}"}

    def state(self):
        return dict(self.ready_info(), services=[s.state() for s in self.services])

    async def close(self):
        for s in self.services:
            await s.stop_listening(cut=True)
        if self.control is not None:
            self.control.close()


def make_tls_context(cert, key):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key or None)
    return ctx


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--name", default="cas1", help="identity in every answer")
    p.add_argument("--address", default="127.0.0.1", help="IP address to listen on")
    p.add_argument("--exchange", choices=["2010", "2013"], default="2013",
                   help="which CAS the HTTP health checks imitate (2013 also answers 2010's)")
    for kind in HANDLERS:
        p.add_argument(f"--{kind}", type=int, action="append", default=[], metavar="PORT",
                       help=f"serve {kind.upper()} on PORT (0: any free port; repeatable)")
    p.add_argument("--cert", help="PEM certificate (may hold the key too) for the TLS kinds")
    p.add_argument("--key", help="PEM private key, if not in --cert")
    p.add_argument("--control", type=int, default=0, help="control port (0: any free port)")
    p.add_argument("--control-address", help="control address (default: --address)")
    p.add_argument("--lab", action="store_true",
                   help="start the lab's CAS and HUB mocks instead (see lab.py)")
    p.add_argument("--cas", type=int, default=2, help="--lab: number of CAS servers")
    p.add_argument("--hub", type=int, default=1, help="--lab: number of HUB servers")
    args = p.parse_args(argv)
    args.services = [(kind, port) for kind in HANDLERS for port in getattr(args, kind)]
    if not args.lab and not args.services:
        p.error("no service: give at least one of --http/--https/--imap/... PORT")
    if any(kind in TLS_KINDS for kind, _ in args.services) and not args.cert:
        p.error("TLS services need --cert")
    return args


async def serve(args):
    tls = make_tls_context(args.cert, args.key) if args.cert else None
    server = MockServer(args.name, args.address, args.exchange, tls, args.services)
    await server.start(args.control, args.control_address)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, server.stopped.set)
    print("READY " + json.dumps(server.ready_info()), flush=True)
    await server.stopped.wait()
    await server.close()


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.lab:
        import lab
        return lab.main(args)
    try:
        asyncio.run(serve(args))
    except OSError as e:
        print(f"mock_exchange {args.name}: {e}", file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
