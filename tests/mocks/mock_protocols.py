"""The line protocols of the mock Exchange server: IMAP, POP3, SMTP and plain
TCP (see mock_exchange.py; HTTP is in mock_http.py).

Each handler serves one accepted connection of one Service. Every answer
carries the server's name. Faults are read from the service at each step, so
switching a fault applies to connections already open too.
"""

import asyncio

IDLE_TIMEOUT = 1800        # seconds; IMAP IDLE and ActiveSync-like clients stay long
MAX_BODY = 64 * 1024 * 1024


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
