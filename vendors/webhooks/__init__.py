"""The webhook delivery engine: what Agora sends vendors, signed, in order, retried.

How a delivery flows:
1. `outbox.enqueue` writes a Delivery in the caller's transaction; commit wakes a drain.
2. `delivery.drain` claims due rows a batch at a time (`claims`: SKIP LOCKED, lapsing).
3. An event behind an undelivered one of its ordering key waits, unsent, for its turn.
4. `sending` signs each (`signing`) and POSTs it through `transport`, guarded by `ssrf`.
5. `recording` logs each attempt, redacted (`redaction`), and writes its `Outcome`.
6. A 2xx is read by the delivery's handler (`handlers`) in the recording transaction.
7. A done event releases the next of its key (`outbox.release_next`) after the commit.
8. A failure is retried on `schedule`; after the last, `notifications` tells the vendor.
9. A 410, or five failing days, disables the endpoint (`endpoints`); its events wait.
10. A killed worker's claim lapses; `outbox.sweep` resends it with the same webhook-id.

Reads are in `selectors`; what the modules hand each other in `values`; the one
statement in PostgreSQL's own SQL in `postgres`. Each module imports only those
before it: values, ssrf, redaction, schedule, handlers, notifications, signing,
transport, postgres, selectors, tasks, outbox, endpoints, claims, sending,
recording, delivery.
"""
