"""Mail servers for the tests of the outbox, on loopback: one that accepts connections and never
answers (a hung relay, as the probe of 2026-12-07 ran), and one that answers as a relay does."""

import email
import socket
import socketserver
import threading
from email import policy


class SilentRelay:
    """Accepts connections (the kernel completes them) and never says a word."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0), backlog=64)
        self.port = self.socket.getsockname()[1]
        self.held = []

    def connections(self) -> int:
        """How many connections were opened to it so far, the timed-out ones included."""
        self.socket.settimeout(0.2)
        while True:
            try:
                connection, _address = self.socket.accept()
            except TimeoutError:
                return len(self.held)
            self.held.append(connection)

    def close(self) -> None:
        for connection in self.held:
            connection.close()
        self.socket.close()


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        relay = self.server.relay
        self.reply("220 relay.test ready")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command[:4].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 relay.test")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                address = command.split(":", 1)[1].strip().strip("<>")
                if address in relay.refused:
                    self.reply("550 5.1.1 no such mailbox")
                else:
                    recipients.append(address)
                    self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = []
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    data.append(part)
                relay.received.append(email.message_from_bytes(b"".join(data), policy=policy.default))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


class AnsweringRelay:
    """A relay that takes every message (but those to the `refused` addresses) and keeps it."""

    def __init__(self, refused=()):
        self.refused = set(refused)
        self.received = []
        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Session)
        self.server.daemon_threads = True
        self.server.relay = self
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> int:
    """A port on which nothing listens: a relay that refuses at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]
