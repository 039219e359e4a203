"""The vendors' receiver of `chaos.py`: a process of its own (asyncio, HTTP/1.1
with keep-alive) on 127.0.0.1, answering for every vendor at `/v/<vendor id>`.

It verifies every request with the `standardwebhooks` library and the vendor's
secret, and fails the first attempt of a share of `webhook-id`s, chosen by the
id's SHA-256 (the same id, the same choice): a 500, a timeout (nothing for the
engine's timeout and a second, then the connection closed), a reset (RST), or a
trickle (a 200 whose body comes a byte every half second for four seconds). Any
other request is answered 200: `provisioned` with access details to
`subscription.provision` (the same for the same subscription, so a replay changes
nothing), `ok` to the rest. Each request is a JSON line in the log:
{t, vendor, id, type, sub, line, fingerprint, answer, sig_ok}.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import multiprocessing
import os
import signal
import socket
import struct
import sys
import time
from pathlib import Path

from benchmarks.loopback_http import Requests, serve

FAILURES = ("500", "timeout", "reset", "trickle")


def response(status: str, body: bytes, length: int | None = None) -> bytes:
    return b"HTTP/1.1 %s\r\ncontent-type: application/json\r\n" % status.encode() + (
        b"content-length: %d\r\n\r\n%s"
        % (len(body) if length is None else length, body)
    )


def failure(webhook_id: str, share: float) -> str:
    """How the first attempt of this id fails, if it does ('' if not)."""
    digest = hashlib.sha256(webhook_id.encode()).digest()
    if int.from_bytes(digest[:4], "big") % 10_000 >= share * 10_000:
        return ""
    return FAILURES[digest[4] % len(FAILURES)]


class State:
    def __init__(self, log: Path, share: float, timeout: float) -> None:
        self.log = log.open("a", buffering=1 << 16)
        self.share, self.timeout = share, timeout
        self.secrets: dict[str, object] = {}
        self.seen: set[str] = set()
        self.ok: set[str] = set()
        self.requests = 0

    def control(self, target: str, body: bytes) -> bytes:
        from standardwebhooks import Webhook

        if target == "/_secrets":
            for vendor, secret in json.loads(body).items():
                self.secrets[vendor] = Webhook(secret)
        self.log.flush()
        stats = {"ok": len(self.ok), "requests": self.requests}
        return response("200 OK", json.dumps(stats).encode())

    def request(self, target: str, headers: dict, body: bytes) -> tuple[str, bytes]:
        """What to answer: the failure of a first attempt, or 200 and its body."""
        self.requests += 1
        vendor = target.rstrip("/").rsplit("/", 1)[-1]
        webhook_id = headers.get("webhook-id", "")
        sig_ok, event = True, {}
        try:
            event = self.secrets[vendor].verify(body, headers)  # type: ignore[attr-defined]
        except Exception:
            sig_ok = False
            with contextlib.suppress(ValueError):
                event = json.loads(body)
        data = event.get("data") or {}
        subscription = data.get("subscription") or {}
        first = webhook_id not in self.seen
        self.seen.add(webhook_id)
        answer = failure(webhook_id, self.share) if first else ""
        answer = answer or ("200" if sig_ok else "401")
        if answer == "200":
            self.ok.add(webhook_id)
        print(
            json.dumps(
                {
                    "t": time.time(),
                    "vendor": vendor,
                    "id": webhook_id,
                    "type": event.get("type", ""),
                    "sub": subscription.get("id"),
                    "line": subscription.get("order_line_id"),
                    "fingerprint": hashlib.sha256(
                        json.dumps(data, sort_keys=True).encode()
                    ).hexdigest()[:16],
                    "answer": answer,
                    "sig_ok": sig_ok,
                }
            ),
            file=self.log,
        )
        if answer != "200":
            return answer, b'{"error":"not now"}'
        if event.get("type") != "subscription.provision":
            return answer, b'{"status":"ok"}'
        instance = f"chaos-{subscription.get('id')}"
        report = {
            "status": "provisioned",
            "instance_id": instance,
            "access": {"url": f"https://{instance}.vendor.example/"},
        }
        return answer, json.dumps(report).encode()


class Connection(Requests):
    def __init__(self, state: State) -> None:
        super().__init__()
        self.state = state

    def request(
        self, method: str, target: str, headers: dict, body: bytes, seen: float
    ) -> None:
        self.answer(method, target, headers, body)

    def answer(self, method: str, target: str, headers: dict, body: bytes) -> None:
        assert self.transport is not None  # noqa: S101
        if target.startswith("/_"):
            self.transport.write(self.state.control(target, body))
            return
        answer, payload = self.state.request(target, headers, body)
        if answer == "200":
            self.transport.write(response("200 OK", payload))
        elif answer in ("500", "401"):
            status = "500 Internal Server Error" if answer == "500" else "401 No"
            self.transport.write(response(status, payload))
        else:
            # The connection serves nothing after a failure of these kinds.
            self.busy = True
            asyncio.get_running_loop().create_task(self.misbehave(answer))

    async def misbehave(self, answer: str) -> None:
        transport = self.transport
        assert transport is not None  # noqa: S101
        if answer == "timeout":
            await asyncio.sleep(self.state.timeout + 1)
            transport.close()
        elif answer == "reset":
            sock = transport.get_extra_info("socket")
            sock.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            transport.abort()
        else:
            transport.write(response("200 OK", b"", length=8))
            for _ in range(8):
                await asyncio.sleep(0.5)
                if transport.is_closing():
                    return
                transport.write(b" ")
            transport.close()


def _serve(port_out, log: str, share: float, timeout: float, stop_after: float):
    state = State(Path(log), share, timeout)
    serve(lambda: Connection(state), port_out, stop_after, on_stop=state.log.close)


class Receiver:
    """The receiver process; it stops when told, or after `stop_after` seconds."""

    def __init__(self, log: Path, share: float, timeout: float, stop_after: float):
        import httpx

        self.log = log
        context = multiprocessing.get_context("spawn")
        ours, theirs = context.Pipe()
        self.process = context.Process(
            target=_serve,
            args=(theirs, str(log), share, timeout, stop_after),
            daemon=True,
        )
        self.process.start()
        if not ours.poll(30):
            sys.exit("The receiver did not start.")
        self.base = f"http://127.0.0.1:{ours.recv()}"
        self.control = httpx.Client(base_url=self.base, trust_env=False, timeout=10)

    def secrets(self, secrets: dict[int, str]) -> None:
        self.control.post("/_secrets", json=secrets).raise_for_status()

    def stats(self) -> dict:
        return self.control.get("/_stats").json()

    def stop(self) -> list[dict]:
        """Stops the receiver; answers what it logged."""
        self.control.close()
        if self.process.pid and self.process.is_alive():
            os.kill(self.process.pid, signal.SIGTERM)
        self.process.join(10)
        if self.process.is_alive():
            self.process.kill()
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text().splitlines() if line]
