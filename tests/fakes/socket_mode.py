"""A stand-in for Slack's Socket Mode websocket, for process tests.

`FakeSocketMode` listens on 127.0.0.1 (plain TCP: slack_sdk's built-in client speaks without TLS
to any port but 443). It does the websocket handshake, says `hello` as Slack does, answers pings,
records what the client sends (Bolt's acks), can push an envelope (a slash command, say) and can
drop every connection, as Slack does when it refreshes one. Point FakeSlack's
`apps.connections.open` at it with `slack.socket_mode_url = fake.url`.
"""
from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
import uuid

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
TEXT, CLOSE, PING, PONG = 0x1, 0x8, 0x9, 0xA


def _frame(opcode: int, payload: bytes) -> bytes:
    """A server frame (unmasked)."""
    head = bytes([0x80 | opcode])
    if len(payload) < 126:
        head += bytes([len(payload)])
    elif len(payload) < 65536:
        head += bytes([126]) + struct.pack("!H", len(payload))
    else:
        head += bytes([127]) + struct.pack("!Q", len(payload))
    return head + payload


def _read_exact(sock: socket.socket, count: int) -> bytes:
    data = b""
    while len(data) < count:
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def _read_frame(sock: socket.socket) -> tuple[int, bytes]:
    first, second = _read_exact(sock, 2)
    opcode, length = first & 0x0F, second & 0x7F
    if length == 126:
        length = struct.unpack("!H", _read_exact(sock, 2))[0]
    elif length == 127:
        length = struct.unpack("!Q", _read_exact(sock, 8))[0]
    mask = _read_exact(sock, 4) if second & 0x80 else b"\0\0\0\0"
    data = _read_exact(sock, length)
    return opcode, bytes(b ^ mask[i % 4] for i, b in enumerate(data))


class FakeSocketMode:
    def __init__(self):
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._lock = threading.Condition()
        self._connections: list[socket.socket] = []
        self.received: list[dict] = []  # what clients sent as text frames (acks), oldest first
        self.handshakes = 0
        self._closed = False
        threading.Thread(target=self._accept, name="FakeSocketMode", daemon=True).start()

    @property
    def url(self) -> str:
        return f"wss://127.0.0.1:{self._listener.getsockname()[1]}/link/?ticket=fake"

    @property
    def connections(self) -> int:
        with self._lock:
            return len(self._connections)

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = conn.recv(4096)
                if not chunk:
                    return
                request += chunk
            key = ""
            for line in request.decode("latin-1").split("\r\n"):
                name, _, value = line.partition(":")
                if name.strip().lower() == "sec-websocket-key":
                    key = value.strip()
            accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
            conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                          f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
            with self._lock:
                self._connections.append(conn)
                self.handshakes += 1
                self._lock.notify_all()
            hello = {"type": "hello", "num_connections": 1, "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                     "connection_info": {"app_id": "A0PEERSUPPORT"}}
            conn.sendall(_frame(TEXT, json.dumps(hello).encode()))
            while True:
                opcode, data = _read_frame(conn)
                if opcode == PING:
                    conn.sendall(_frame(PONG, data))
                elif opcode == TEXT:
                    with self._lock:
                        self.received.append(json.loads(data))
                        self._lock.notify_all()
                elif opcode == CLOSE:
                    return
        except (OSError, ConnectionError, ValueError):
            return
        finally:
            with self._lock:
                if conn in self._connections:
                    self._connections.remove(conn)
                self._lock.notify_all()
            conn.close()

    def send_envelope(self, kind: str, payload: dict) -> str:
        """Push an envelope (e.g. kind "slash_commands") to the newest connection; its envelope id."""
        envelope_id = uuid.uuid4().hex
        message = {"envelope_id": envelope_id, "type": kind, "payload": payload, "accepts_response_payload": True,
                   "retry_attempt": 0, "retry_reason": ""}
        with self._lock:
            conn = self._connections[-1]
        conn.sendall(_frame(TEXT, json.dumps(message).encode()))
        return envelope_id

    def wait_for_ack(self, envelope_id: str, timeout: float = 15.0) -> dict:
        deadline = time.monotonic() + timeout
        with self._lock:
            while True:
                for message in self.received:
                    if message.get("envelope_id") == envelope_id:
                        return message
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"no ack for {envelope_id} within {timeout}s: {self.received}")
                self._lock.wait(remaining)

    def drop_all(self) -> None:
        """Close every connection from this side (a close frame, then the socket), as Slack does
        now and then."""
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.sendall(_frame(CLOSE, struct.pack("!H", 1001)))
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self.drop_all()
