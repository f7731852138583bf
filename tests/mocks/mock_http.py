"""HTTP/1.1 of the mock Exchange server: answers like an Exchange CAS.

A plain asyncio.Protocol (no streams) because the benchmarks put the mock
behind HAProxy: the less Python per request, the more of the measurement is
HAProxy. Keep-alive and pipelining are supported; the parsing is only as
strict as tests need.
"""

import asyncio
from urllib.parse import parse_qs, quote, urlsplit

MAX_HEAD = 64 * 1024
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
           404: "Not Found", 413: "Payload Too Large", 431: "Request Header Fields Too Large",
           503: "Service Unavailable"}
# Request headers echoed back as X-Exlb-Seen-<name>, so tests can assert what
# the backend received after the load balancer.
ECHOED = ("forwarded", "x-real-ip", "cookie", "authorization")


class Request:
    def __init__(self, line, headers, body):
        self.line = line
        self.method, self.target, self.version = (line.split(" ") + ["", "", ""])[:3]
        self.headers = headers  # list of (lower-case name, value)
        url = urlsplit(self.target)
        self.path = url.path or "/"
        self.query = {k: v[-1] for k, v in parse_qs(url.query).items()} if url.query else {}
        self.body = body

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


def parse_head(head):
    lines = head.decode("latin-1").split("\r\n")
    headers = []
    for line in lines[1:]:
        key, sep, value = line.partition(":")
        if sep:
            headers.append((key.strip().lower(), value.strip()))
    return lines[0], headers


def take_chunked(buf, start):
    """Decodes a chunked body in buf from start: (body, end) or None if
    incomplete. Raises ValueError on a malformed or oversized body."""
    body = bytearray()
    pos = start
    while True:
        eol = buf.find(b"\r\n", pos)
        if eol < 0:
            return None
        size = int(bytes(buf[pos:eol]).split(b";")[0], 16)
        pos = eol + 2
        if size == 0:
            while True:  # trailers, up to the empty line
                eol = buf.find(b"\r\n", pos)
                if eol < 0:
                    return None
                if eol == pos:
                    return bytes(body), eol + 2
                pos = eol + 2
        if len(body) + size > MAX_BODY:
            raise ValueError("body too large")
        if len(buf) < pos + size + 2:
            return None
        body += buf[pos:pos + size]
        pos += size + 2


def respond(server, service, scheme, request):
    """(status, extra headers, body text) for a request, like an Exchange CAS."""
    name = server.name
    path = request.path
    lower = path.lower()
    identity = f"{name} {path}\n"
    if lower == "/":
        # 2013 CU6+ answers / with a redirect: never a health-check target.
        return 302, [("Location", "/owa/")], identity
    vdir, rest = (lower[1:].split("/", 1) + [""])[:2]
    rest = "/" + rest if rest or lower.endswith("/") else ""
    if vdir not in VDIRS:
        return 404, [], identity
    if service.fault == "fail" or vdir in service.failed_vdirs:
        return 503, [("Retry-After", "5")], f"{name} {path} unavailable\n"
    if rest == "/healthcheck.htm":
        if server.exchange == "2010" or vdir not in HEALTHCHECK_VDIRS:
            return 404, [], identity
        if service.fault == "maintenance":
            return 503, [], f"{name} {path} in maintenance\n"
        return 200, [], f"200 OK<br/>{name}\n"
    status = EXCHANGE_2010.get((vdir, rest), 200)
    if status == 302:
        target = quote(f"{scheme}://{request.header('host')}{path}", safe="")
        return 302, [("Location", f"/owa/auth/logon.aspx?url={target}&reason=0")], identity
    if status == 401:
        auth = [("WWW-Authenticate", "Negotiate"), ("WWW-Authenticate", "NTLM")]
        if vdir == "microsoft-server-activesync":
            auth.append(("WWW-Authenticate", f'Basic realm="{name}"'))
        return 401, auth, identity
    size = int(request.query.get("exlb_bytes", "0") or 0)
    if size > len(identity):
        identity += "x" * (min(size, MAX_BODY) - len(identity) - 1) + "\n"
    return 200, [], identity


class HttpProtocol(asyncio.Protocol):
    """One HTTP connection to one Service of a MockServer."""

    def __init__(self, service):
        self.service = service
        self.server = service.server
        self.scheme = "https" if service.kind == "https" else "http"
        self.transport = None
        self.buf = bytearray()
        self.busy = False      # a delayed answer is pending: later requests wait
        self.hanging = False   # fault "hang": never answer again
        self.continued = False
        self.count = 0
        self.peer = "?"
        self.fixed = b""

    def connection_made(self, transport):
        self.transport = transport
        self.service.accepted += 1
        self.service.connections.add(transport)
        peer = transport.get_extra_info("peername")
        self.peer = peer[0] if peer else "?"
        # The headers that never change on this connection, encoded once.
        self.fixed = (f"Server: exlb-mock-exchange\r\nX-Exlb-Backend: {self.server.name}\r\n"
                      f"X-Exlb-Exchange: {self.server.exchange}\r\nX-Exlb-Scheme: {self.scheme}\r\n"
                      f"X-Exlb-Local-Port: {self.service.port}\r\nX-Exlb-Peer: {self.peer}\r\n"
                      "Content-Type: text/plain; charset=utf-8\r\n").encode("latin-1")

    def connection_lost(self, exc):
        self.service.connections.discard(self.transport)

    def data_received(self, data):
        if self.hanging:
            return
        self.buf += data
        if not self.busy:
            self.process()

    def process(self):
        while self.buf and not self.busy and not self.transport.is_closing():
            end = self.buf.find(b"\r\n\r\n")
            if end < 0:
                if len(self.buf) > MAX_HEAD:
                    self.send(None, 431, [], "request head too large\n", close=True)
                return
            line, headers = parse_head(self.buf[:end])
            request = Request(line, headers, b"")
            try:
                taken = self.take_body(request, end + 4)
            except ValueError as e:
                status = 413 if "large" in str(e) else 400
                self.send(request, status, [], "bad request body\n", close=True)
                return
            if taken is None:
                if request.header("expect").lower() == "100-continue" and not self.continued:
                    self.continued = True
                    self.transport.write(b"HTTP/1.1 100 Continue\r\n\r\n")
                return
            del self.buf[:taken]
            self.continued = False
            if self.service.fault == "hang":
                self.hanging = True
                self.buf.clear()
                return
            self.service.requests += 1
            self.count += 1
            delay = min(int(request.query.get("exlb_delay_ms", "0") or 0), MAX_DELAY_MS)
            if delay > 0:
                self.busy = True
                asyncio.get_running_loop().call_later(delay / 1000, self.answer_later, request)
                return
            self.answer(request)

    def take_body(self, request, start):
        """Fills request.body; returns the end offset, or None if incomplete."""
        if "chunked" in request.header("transfer-encoding").lower():
            result = take_chunked(self.buf, start)
            if result is None:
                return None
            request.body, end = result
            return end
        length = int(request.header("content-length", "0") or 0)
        if length > MAX_BODY or length < 0:
            raise ValueError("body too large")
        if len(self.buf) < start + length:
            return None
        request.body = bytes(self.buf[start:start + length])
        return start + length

    def answer_later(self, request):
        self.busy = False
        if self.transport.is_closing():
            return
        self.answer(request)
        self.process()

    def answer(self, request):
        status, headers, body = respond(self.server, self.service, self.scheme, request)
        self.send(request, status, headers, body, request.wants_close())

    def send(self, request, status, headers, body, close):
        body = body.encode()
        head = [f"HTTP/1.1 {status} {REASONS.get(status, 'Status')}\r\n".encode("latin-1"),
                self.fixed]
        extra = [f"X-Exlb-Connection-Requests: {self.count}", f"Content-Length: {len(body)}"]
        if request is not None:
            extra += [f"X-Exlb-Request-Line: {request.line}",
                      f"X-Exlb-Host: {request.header('host')}",
                      f"X-Exlb-Body-Bytes: {len(request.body)}"]
            extra += [f"X-Exlb-Seen-{key}: {value}" for key, value in request.headers
                      if key.startswith("x-forwarded-") or key in ECHOED]
        extra += [f"{k}: {v}" for k, v in headers]
        extra.append("Connection: close" if close else "Connection: keep-alive")
        head.append(("\r\n".join(extra) + "\r\n\r\n").encode("latin-1"))
        if request is None or request.method != "HEAD":
            head.append(body)
        self.transport.write(b"".join(head))
        if close:
            self.transport.close()
