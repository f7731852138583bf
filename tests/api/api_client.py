"""Test support for the management API: start a server, talk HTTPS, JSON and
WebSocket to it. Python 3 standard library only."""
import base64
import hashlib
import json
import os
import shutil
import socket
import ssl
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import waiting  # noqa: E402


class Server:
    """Runs the server binary on 127.0.0.1:<ephemeral> in a temporary data folder."""

    def __init__(self, binary, *extra):
        self.data_dir = tempfile.mkdtemp(prefix="exlb-api-")
        # The server's log goes to a file: a pipe nobody reads would fill up
        # and block the server.
        self.log_path = self.data_dir + ".log"
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(
            [binary, "--data-dir", self.data_dir, "--listen", "127.0.0.1:0", "--cheap-hashes", *extra],
            stdout=subprocess.PIPE, stderr=self.log, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening "):
            self.stop()
            raise RuntimeError("server did not start: " + line)
        self.port = int(line.split()[1])
        self.cafile = os.path.join(self.data_dir, "certs", "default.pem")

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()
        self.log.close()
        shutil.rmtree(self.data_dir, ignore_errors=True)
        if os.path.exists(self.log_path):
            os.unlink(self.log_path)

    def tls_context(self):
        ctx = ssl.create_default_context(cafile=self.cafile)
        ctx.check_hostname = False  # the certificate names "localhost"; we dial 127.0.0.1
        return ctx

    def connect(self, source="127.0.0.1", timeout=10):
        raw = socket.create_connection(("127.0.0.1", self.port), timeout=timeout,
                                       source_address=(source, 0))
        return self.tls_context().wrap_socket(raw, server_hostname="localhost")


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode())

    def header(self, name):
        return self.headers.get(name.lower(), "")


def read_response(sock):
    """Reads one HTTP/1.1 response with a Content-Length body; None if the
    connection was closed before a status line."""
    data = b""
    while True:
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                return None
            data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        if not head.startswith(b"HTTP/1.1 1"):
            break
        data = rest  # an interim answer (100 Continue): the real one follows
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    length = int(headers.get("content-length", "0"))
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return Response(status, headers, rest[:length])


def exchange(server, raw_request, source="127.0.0.1", timeout=15):
    """Sends raw bytes over TLS; returns the Response, or None when the server
    cut the connection (closed, reset or TLS alert) without answering."""
    try:
        with server.connect(source, timeout) as sock:
            sock.sendall(raw_request)
            return read_response(sock)
    except (ConnectionError, ssl.SSLError, socket.timeout, OSError):
        return None


def request(server, method, path, body=None, token=None, headers=None, source="127.0.0.1"):
    payload = b""
    hdrs = {"Host": "localhost", "Connection": "close"}
    if body is not None:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        hdrs["Content-Type"] = "application/json"
    if token:
        hdrs["Authorization"] = "Bearer " + token
    hdrs.update(headers or {})
    hdrs["Content-Length"] = str(len(payload))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items())
    return exchange(server, head.encode("latin-1") + b"\r\n" + payload, source)


def login(server, user, password, source="127.0.0.1"):
    return request(server, "POST", "/api/v1/login", {"username": user, "password": password},
                   source=source)


def admin_token(server, new_password="Correct-Horse-9"):
    """A working admin token: reuses the last one while it lives, else logs in
    with the changed password, else does the factory first login (admin/admin
    and a password change). Avoids wrong-password attempts, which the server
    throttles."""
    cached = getattr(server, "_admin_token", None)
    if cached:
        check = request(server, "GET", "/api/v1/whoami", token=cached)
        if check is None:
            raise ConnectionError("the server cut the connection without answering")
        if check.status == 200:
            return cached
    if getattr(server, "_admin_password_changed", False):
        reply = login(server, "admin", new_password)
        if reply is None:
            raise ConnectionError("the server cut the connection without answering")
        assert reply.status == 200, reply.body
        server._admin_token = reply.json()["token"]
        return server._admin_token
    first = login(server, "admin", "admin")
    assert first.status == 200, first.body
    changed = request(server, "POST", "/api/v1/password",
                      {"current_password": "admin", "new_password": new_password},
                      token=first.json()["token"])
    assert changed.status == 200, changed.body
    server._admin_password_changed = True
    server._admin_token = changed.json()["token"]
    return server._admin_token


class WebSocket:
    """A minimal RFC 6455 client: text frames in, a close frame out."""

    def __init__(self, server, token=None, subprotocols=None, timeout=10):
        self.sock = server.connect(timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        lines = ["GET /api/v1/events HTTP/1.1", "Host: localhost", "Upgrade: websocket",
                 "Connection: Upgrade", "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + key]
        if token:
            lines.append("Authorization: Bearer " + token)
        if subprotocols:
            lines.append("Sec-WebSocket-Protocol: " + subprotocols)
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise ConnectionError("closed during the handshake")
            data += chunk
        head, _, self.pending = data.partition(b"\r\n\r\n")
        self.status = int(head.split()[1])
        self.head = head.decode("latin-1")
        expected = base64.b64encode(hashlib.sha1(
            (key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").encode()).digest()).decode()
        self.accepted = self.status == 101 and expected in self.head

    def _read(self, n):
        while len(self.pending) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed")
            self.pending += chunk
        out, self.pending = self.pending[:n], self.pending[n:]
        return out

    def receive(self):
        """The next text message as parsed JSON (control frames skipped; a
        message the server split into fragments is put back together)."""
        message = b""
        while True:
            b0, b1 = self._read(2)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            payload = self._read(length)
            final, opcode = bool(b0 & 0x80), b0 & 0x0F
            if opcode == 8:
                raise ConnectionError("closed by the server")
            if opcode in (0, 1):  # continuation, text
                message += payload
                if final:
                    return json.loads(message.decode())

    def close(self):
        try:
            mask = os.urandom(4)
            payload = struct.pack(">H", 1000)
            masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            self.sock.sendall(bytes([0x88, 0x80 | len(payload)]) + mask + masked)
        except OSError:
            pass
        self.sock.close()


def wait_until(predicate, timeout=20.0, step=0.1):
    """True once `predicate` is, False when `timeout` passes first (tests/support/waiting.py)."""
    return bool(waiting.poll(predicate, timeout, step))
