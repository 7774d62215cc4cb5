"""A minimal Socket Mode endpoint on 127.0.0.1 (plain ws://, as slack_sdk allows off port 443): accepts
the app's WebSocket, says hello, sends envelopes and records the acks and whether the app closed it."""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
from typing import Any

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


class FakeSocketMode:
    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.acks: list[dict[str, Any]] = []
        self.closed_by_app = threading.Event()
        self.connected = threading.Event()
        self.lock = threading.Condition()
        self._conn: socket.socket | None = None
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link"

    def send(self, message: dict[str, Any]) -> None:
        data = json.dumps(message).encode()
        size = bytes([len(data)]) if len(data) < 126 else bytes([126]) + struct.pack(">H", len(data))
        header = bytes([0x81]) + size
        assert self._conn is not None
        self._conn.sendall(header + data)

    def wait_for_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self.lock:
            while True:
                found = [a for a in self.acks if a.get("envelope_id") == envelope_id]
                if found:
                    return found[0]
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no ack for {envelope_id}: {self.acks}")
                self.lock.wait(left)

    def stop(self) -> None:
        self.listener.close()
        if self._conn is not None:
            self._conn.close()

    # ---- the connection ---------------------------------------------------------------------------

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        self._conn = conn
        request = b""
        while b"\r\n\r\n" not in request:
            request += conn.recv(4096)
        key = next(line.split(":", 1)[1].strip() for line in request.decode().split("\r\n")
                   if line.lower().startswith("sec-websocket-key"))
        accept = base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()
        conn.sendall(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                      f"Sec-WebSocket-Accept: {accept}\r\n\r\n").encode())
        self.send({"type": "hello", "num_connections": 1, "debug_info": {"approximate_connection_time": 3600}})
        self.connected.set()
        self._read(conn)

    def _read(self, conn: socket.socket) -> None:
        buffer = b""

        def take(n: int) -> bytes:
            nonlocal buffer
            while len(buffer) < n:
                chunk = conn.recv(65536)
                if not chunk:
                    raise EOFError
                buffer += chunk
            out, buffer = buffer[:n], buffer[n:]
            return out

        try:
            while True:
                first, second = take(2)
                opcode, length = first & 0x0F, second & 0x7F
                if length == 126:
                    length = struct.unpack(">H", take(2))[0]
                elif length == 127:
                    length = struct.unpack(">Q", take(8))[0]
                mask = take(4) if second & 0x80 else b"\0\0\0\0"
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(take(length)))
                if opcode == 0x8:  # close
                    break
                if opcode == 0x9:  # ping → pong
                    conn.sendall(bytes([0x8A, len(data)]) + data)
                elif opcode == 0x1:
                    with self.lock:
                        self.acks.append(json.loads(data))
                        self.lock.notify_all()
        except (EOFError, OSError):
            pass
        self.closed_by_app.set()
