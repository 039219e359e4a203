"""What reads vendors' answers. The engine knows no orders: a delivery names its
handler by dotted path (an object with `answered(delivery, answer)` and
`exhausted(delivery)`), which runs in the transaction that records the attempt."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from django.utils.module_loading import import_string

from vendors.models import Delivery

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Answer:
    """A 2xx answer: its status code and its JSON object (empty if there was none
    or it was not JSON)."""

    status_code: int
    data: dict[str, Any]

    @classmethod
    def parse(cls, status_code: int | None, body: bytes) -> Answer:
        try:
            data = json.loads(body) if body.strip() else {}
        except ValueError:
            data = {}
        return cls(status_code or 0, data if isinstance(data, dict) else {})


class Handler(Protocol):
    def answered(self, delivery: Delivery, answer: Answer) -> None: ...

    def exhausted(self, delivery: Delivery) -> None: ...


def _handler(delivery: Delivery) -> Handler | None:
    if not delivery.handler:
        return None
    return import_string(delivery.handler)


def answered(delivery: Delivery, answer: Answer) -> None:
    if handler := _handler(delivery):
        handler.answered(delivery, answer)


def exhausted(delivery: Delivery) -> None:
    if handler := _handler(delivery):
        handler.exhausted(delivery)
