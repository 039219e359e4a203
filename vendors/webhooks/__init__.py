"""The webhook delivery engine: what Agora sends vendors, signed, in order, retried.

1. `outbox.enqueue` writes a Delivery in the caller's transaction; its commit wakes
   a drain (`tasks`), one wake-up for many commits under load.
2. `delivery.drain` claims due deliveries a batch at a time (`claims`, lapsing).
3. An event behind an undelivered one of its ordering key waits, unsent, its turn.
4. `sending` signs each request (`signing`) and POSTs it (`transport`, via `ssrf`).
5. `recording` logs each attempt (`redaction`) and writes its `Outcome`; a 2xx is
   read by the delivery's handler (`handlers`) in the same transaction.
6. A done event releases the next of its key (`outbox.release_next`).
7. A failure is retried on `schedule`; after the last, `notifications` tells the
   vendor; a 410 or five failing days disable the endpoint (`endpoints`).
8. A killed worker's claim lapses; `outbox.sweep` sends it again, same webhook-id.

Reads are in `selectors`; the values modules hand each other in `values`. Each
module imports only those before it: values, ssrf, redaction, schedule, handlers,
notifications, signing, transport, selectors, tasks, outbox, endpoints, claims,
sending, recording, delivery.
"""
