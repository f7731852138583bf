"""The protocol handlers of the mock Exchange server (see mock_exchange.py).

Each handler serves one accepted connection of one Service. Every answer
carries the server's name. Faults are read from the service at each step, so
switching a fault applies to connections already open too.
"""

import asyncio
from urllib.parse import parse_qs, quote, urlsplit

IDLE_TIMEOUT = 1800        # seconds; IMAP IDLE and ActiveSync-like clients stay long
MAX_BODY = 64 * 1024 * 1024
MAX_DELAY_MS = 120_000

# Exchange's HTTP virtual directories, lower case (IIS matches paths case-insensitively).
VDIRS = ("owa", "ecp", "oab", "autodiscover", "ews", "microsoft-server-activesync", "rpc",
         "powershell")
# The vdirs that have a Managed Availability /<vdir>/healthcheck.htm on 2013+.
HEALTHCHECK_VDIRS = ("owa", "ecp", "oab", "autodiscover", "ews",
                     "microsoft-server-activesync", "rpc")
# What an unauthenticated GET gets from an Exchange 2010 CAS, by vdir and the
# rest of the path (lower case). Anything else under a vdir answers 200.
EXCHANGE_2010 = {
    ("owa", "/auth/logon.aspx"): 200,
    ("ecp", ""): 302, ("ecp", "/"): 302,
    ("oab", ""): 401, ("oab", "/"): 401,
    ("autodiscover", "/autodiscover.xml"): 401,
    ("ews", "/exchange.asmx"): 401,
    ("microsoft-server-activesync", ""): 401, ("microsoft-server-activesync", "/"): 401,
    ("rpc", "/rpcproxy.dll"): 401,
    ("powershell", ""): 401, ("powershell", "/"): 401,
}
REASONS = {200: "OK", 302: "Found", 400: "Bad Request", 401: "Unauthorized",
           404: "Not Found", 431: "Request Header Fields Too Large",
           503: "Service Unavailable"}
# Request headers echoed back as X-Exlb-Seen-<name>, so tests can assert what
# the backend received after the load balancer.
ECHOED = ("x-forwarded-for", "x-forwarded-proto", "x-forwarded-port", "x-forwarded-host",
          "x-forwarded-server", "forwarded", "x-real-ip", "cookie", "authorization")


async def hang(reader):
    """Never answers again: reads and drops until the peer gives up."""
    while await reader.read(65536):
        pass


async def readline(reader):
    line = await asyncio.wait_for(reader.readline(), IDLE_TIMEOUT)
    if not line:
        raise ConnectionResetError("peer closed")
    return line.decode("latin-1").rstrip("\r\n")


class LineHandler:
    """Greeting, then one command per line: IMAP, POP3 and SMTP share this."""

    def __init__(self, service, reader, writer):
        self.service = service
        self.name = service.server.name
        self.reader = reader
        self.writer = writer
        self.closing = False

    async def send(self, *lines):
        self.writer.write("".join(f"{line}\r\n" for line in lines).encode("latin-1"))
        await self.writer.drain()

    async def run(self):
        if self.service.fault == "fail":
            await self.send(self.failure())
            return
        await self.send(self.greeting())
        while not self.closing:
            line = await readline(self.reader)
            if self.service.fault == "hang":
                await hang(self.reader)
                return
            self.service.requests += 1
            await self.command(line)


class ImapHandler(LineHandler):
    def greeting(self):
        return f"* OK {self.name} IMAP4rev1 ready"

    def failure(self):
        return f"* BYE {self.name} IMAP4 service unavailable"

    async def command(self, line):
        parts = line.split(" ", 2)
        tag = parts[0] if parts and parts[0] else "*"
        cmd = parts[1].upper() if len(parts) > 1 else ""
        if cmd == "CAPABILITY":
            await self.send("* CAPABILITY IMAP4rev1 AUTH=PLAIN IDLE ID",
                            f"{tag} OK CAPABILITY completed.")
        elif cmd == "NOOP":
            await self.send(f"{tag} OK NOOP completed.")
        elif cmd in ("LOGIN", "AUTHENTICATE"):
            await self.send(f"{tag} OK {self.name} {cmd} completed.")
        elif cmd == "ID":
            await self.send(f'* ID ("name" "{self.name}")', f"{tag} OK ID completed.")
        elif cmd in ("SELECT", "EXAMINE"):
            await self.send("* 0 EXISTS", "* 0 RECENT", f"{tag} OK [READ-WRITE] {cmd} completed.")
        elif cmd == "IDLE":
            await self.send("+ idling")
            while (await readline(self.reader)).upper() != "DONE":
                pass
            await self.send(f"{tag} OK IDLE completed.")
        elif cmd == "LOGOUT":
            await self.send(f"* BYE {self.name} IMAP4rev1 server signing off",
                            f"{tag} OK LOGOUT completed.")
            self.closing = True
        else:
            await self.send(f"{tag} BAD Command not recognized.")


class Pop3Handler(LineHandler):
    def greeting(self):
        return f"+OK {self.name} POP3 ready"

    def failure(self):
        return f"-ERR {self.name} POP3 service unavailable"

    async def command(self, line):
        cmd = line.split(" ", 1)[0].upper()
        if cmd in ("USER", "NOOP", "RSET"):
            await self.send("+OK")
        elif cmd == "PASS":
            await self.send(f"+OK {self.name} logged in")
        elif cmd == "STAT":
            await self.send("+OK 0 0")
        elif cmd in ("LIST", "UIDL"):
            await self.send("+OK 0 messages", ".")
        elif cmd == "CAPA":
            await self.send("+OK", "USER", "UIDL", "TOP", f"IMPLEMENTATION {self.name}", ".")
        elif cmd == "QUIT":
            await self.send(f"+OK {self.name} POP3 signing off")
            self.closing = True
        else:
            await self.send("-ERR unknown command")


class SmtpHandler(LineHandler):
    queued = 0

    def greeting(self):
        return f"220 {self.name} ESMTP ready"

    def failure(self):
        return f"421 4.3.2 {self.name} Service not available"

    async def command(self, line):
        cmd, _, arg = line.partition(" ")
        cmd = cmd.upper()
        peer = (self.writer.get_extra_info("peername") or ("?",))[0]
        if cmd == "EHLO":
            await self.send(f"250-{self.name} Hello [{peer}] ({arg})", "250-SIZE 36700160",
                            "250-PIPELINING", "250-8BITMIME", "250 HELP")
        elif cmd == "HELO":
            await self.send(f"250 {self.name} Hello [{peer}]")
        elif cmd in ("MAIL", "RCPT", "RSET", "NOOP"):
            await self.send("250 2.0.0 OK")
        elif cmd == "DATA":
            await self.send("354 Start mail input; end with <CRLF>.<CRLF>")
            size = 0
            while (data := await readline(self.reader)) != ".":
                size += len(data) + 2
                if size > MAX_BODY:
                    await self.send("552 5.3.4 Message size exceeds fixed maximum")
                    self.closing = True
                    return
            SmtpHandler.queued += 1
            await self.send(f"250 2.6.0 <{SmtpHandler.queued}@{self.name}> Queued mail for delivery")
        elif cmd == "VRFY":
            await self.send("252 2.1.5 Cannot VRFY user")
        elif cmd == "QUIT":
            await self.send(f"221 2.0.0 {self.name} Service closing transmission channel")
            self.closing = True
        else:
            await self.send("500 5.3.3 Unrecognized command")


class TcpEchoHandler:
    """RPC ports: says who and which port, then echoes."""

    def __init__(self, service, reader, writer):
        self.service = service
        self.reader = reader
        self.writer = writer

    async def run(self):
        if self.service.fault == "fail":
            return  # accept and close at once
        self.writer.write(f"{self.service.server.name} {self.service.port}\n".encode())
        await self.writer.drain()
        while True:
            data = await asyncio.wait_for(self.reader.read(65536), IDLE_TIMEOUT)
            if not data:
                return
            if self.service.fault == "hang":
                await hang(self.reader)
                return
            self.service.requests += 1
            self.writer.write(data)
            await self.writer.drain()


class HttpRequest:
    def __init__(self, line, headers):
        self.line = line
        self.method, self.target, self.version = (line.split(" ") + ["", "", ""])[:3]
        self.headers = headers  # list of (lower-case name, value)
        url = urlsplit(self.target)
        self.path = url.path or "/"
        self.query = {k: v[-1] for k, v in parse_qs(url.query).items()}
        self.body = b""

    def header(self, name, default=""):
        for key, value in self.headers:
            if key == name:
                return value
        return default

    def wants_close(self):
        connection = self.header("connection").lower()
        if self.version == "HTTP/1.0":
            return "keep-alive" not in connection
        return "close" in connection


class HttpHandler:
    """HTTP/1.1 with keep-alive, answering like an Exchange CAS."""

    def __init__(self, service, reader, writer):
        self.service = service
        self.server = service.server
        self.reader = reader
        self.writer = writer
        self.scheme = "https" if service.kind == "https" else "http"
        self.count = 0  # requests on this connection

    async def run(self):
        while True:
            request = await self.read_request()
            if request is None:
                return
            if self.service.fault == "hang":
                await hang(self.reader)
                return
            self.service.requests += 1
            self.count += 1
            delay = min(int(request.query.get("exlb_delay_ms", "0") or 0), MAX_DELAY_MS)
            if delay > 0:
                await asyncio.sleep(delay / 1000)
            status, headers, body = self.respond(request)
            close = request.wants_close()
            await self.write(request, status, headers, body, close)
            if close:
                return

    async def read_request(self):
        try:
            head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT)
        except asyncio.IncompleteReadError:
            return None
        except asyncio.LimitOverrunError:
            await self.write(None, 431, [], b"request head too large\n", True)
            return None
        lines = head.decode("latin-1").split("\r\n")
        headers = []
        for line in lines[1:]:
            if ":" in line:
                key, _, value = line.partition(":")
                headers.append((key.strip().lower(), value.strip()))
        request = HttpRequest(lines[0], headers)
        if request.header("expect").lower() == "100-continue":
            self.writer.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        request.body = await self.read_body(request)
        return request

    async def read_body(self, request):
        if "chunked" in request.header("transfer-encoding").lower():
            body = bytearray()
            while True:
                size = int((await self.reader.readuntil(b"\r\n")).split(b";")[0], 16)
                if size == 0:
                    while (await self.reader.readuntil(b"\r\n")) != b"\r\n":
                        pass  # trailers
                    return bytes(body)
                if len(body) + size > MAX_BODY:
                    raise ConnectionResetError("body too large")
                body += await self.reader.readexactly(size + 2)
                del body[-2:]
        length = int(request.header("content-length", "0") or 0)
        if length > MAX_BODY:
            raise ConnectionResetError("body too large")
        return await self.reader.readexactly(length) if length else b""

    def respond(self, request):
        """(status, extra headers, body) for a request, like an Exchange CAS."""
        name = self.server.name
        path = request.path
        lower = path.lower()
        identity = f"{name} {path}\n"
        if lower == "/":
            # 2013 CU6+ answers / with a redirect: never a health check target.
            return 302, [("Location", "/owa/")], identity
        vdir, rest = (lower[1:].split("/", 1) + [""])[:2]
        rest = "/" + rest if rest or lower.endswith("/") else ""
        if vdir not in VDIRS:
            return 404, [], identity
        if self.service.fault == "fail" or vdir in self.service.failed_vdirs:
            return 503, [("Retry-After", "5")], f"{name} {path} unavailable\n"
        if rest == "/healthcheck.htm":
            if self.server.exchange == "2010" or vdir not in HEALTHCHECK_VDIRS:
                return 404, [], identity
            if self.service.fault == "maintenance":
                return 503, [], f"{name} {path} in maintenance\n"
            return 200, [], f"200 OK<br/>{name}\n"
        status = EXCHANGE_2010.get((vdir, rest), 200)
        if status == 302:
            target = quote(f"{self.scheme}://{request.header('host')}{path}", safe="")
            return 302, [("Location", f"/owa/auth/logon.aspx?url={target}&reason=0")], identity
        if status == 401:
            auth = [("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", "NTLM")]
            if vdir == "microsoft-server-activesync":
                auth.append(("WWW-Authenticate", 'Basic realm="' + name + '"'))
            return 401, auth, identity
        size = int(request.query.get("exlb_bytes", "0") or 0)
        if size > len(identity):
            identity += "x" * (min(size, MAX_BODY) - len(identity) - 1) + "\n"
        return 200, [], identity

    async def write(self, request, status, headers, body, close):
        if isinstance(body, str):
            body = body.encode()
        head = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}",
                "Server: exlb-mock-exchange",
                f"X-Exlb-Backend: {self.server.name}",
                f"X-Exlb-Exchange: {self.server.exchange}",
                f"X-Exlb-Scheme: {self.scheme}",
                f"X-Exlb-Local-Port: {self.service.port}",
                f"X-Exlb-Peer: {(self.writer.get_extra_info('peername') or ('?',))[0]}",
                f"X-Exlb-Connection-Requests: {self.count}",
                "Content-Type: text/plain; charset=utf-8",
                f"Content-Length: {len(body)}"]
        if request is not None:
            head.append(f"X-Exlb-Request-Line: {request.line}")
            head.append(f"X-Exlb-Host: {request.header('host')}")
            head.append(f"X-Exlb-Body-Bytes: {len(request.body)}")
            for key, value in request.headers:
                if key in ECHOED or key.startswith("x-forwarded-"):
                    head.append(f"X-Exlb-Seen-{key}: {value}")
        head += [f"{k}: {v}" for k, v in headers]
        head.append("Connection: close" if close else "Connection: keep-alive")
        payload = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1")
        if request is None or request.method != "HEAD":
            payload += body
        self.writer.write(payload)
        await self.writer.drain()
