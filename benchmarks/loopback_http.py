"""The receivers of the webhook benchmarks: HTTP/1.1 with keep-alive on 127.0.0.1,
just enough for httpx (a request line, headers, a body of content-length bytes),
served by asyncio in a process of its own until told to stop."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import time
from collections.abc import Callable


class Requests(asyncio.Protocol):
    """A connection's requests, each handed to `request` once whole. While `busy`,
    what comes next waits unread."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.transport: asyncio.Transport | None = None
        self.busy = False

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        seen = time.time()
        self.buffer += data
        while not self.busy and (end := self.buffer.find(b"\r\n\r\n")) >= 0:
            lines = bytes(self.buffer[:end]).decode("latin-1").split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                name, _, value = line.partition(":")
                headers[name.strip().lower()] = value.strip()
            length = int(headers.get("content-length") or 0)
            if len(self.buffer) < end + 4 + length:
                return
            body = bytes(self.buffer[end + 4 : end + 4 + length])
            del self.buffer[: end + 4 + length]
            self.request(method, target, headers, body, seen)

    def request(
        self, method: str, target: str, headers: dict, body: bytes, seen: float
    ) -> None:
        raise NotImplementedError


def serve(
    connection: Callable[[], Requests],
    port_out,
    stop_after: float,
    on_stop: Callable[[], None] = lambda: None,
) -> None:
    """Serves on a free port of 127.0.0.1 (sent through `port_out`) until SIGTERM,
    or for `stop_after` seconds at most."""

    async def run() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(connection, "127.0.0.1", 0, backlog=1024)
        port_out.send(server.sockets[0].getsockname()[1])
        stopped = loop.create_future()
        loop.add_signal_handler(signal.SIGTERM, stopped.set_result, None)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stopped, stop_after)
        server.close()
        on_stop()

    asyncio.run(run())
