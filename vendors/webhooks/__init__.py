"""The webhook delivery engine: what Agora sends vendors, signed, in order, retried.

It knows vendors and endpoints, not orders: `marketplace` enqueues events with
`outbox.enqueue(...)` and names a handler that reads the vendors' answers.

- `signing`: Standard Webhooks signatures and secrets.
- `ssrf`: which addresses an endpoint may have, checked on save and on connect.
- `outbox`: events written in the caller's transaction; a commit wakes the engine
  (one wake-up for many commits under load); a sweep for what a lost wake-up left.
- `postgres`: the busiest statements of a batch, in PostgreSQL's own SQL.
- `delivery`: attempts, a batch at a time: claim, send, log, interpret, schedule
  the next.
- `tasks`: the Celery tasks around them.
"""
