"""The webhook delivery engine: what Agora sends vendors, signed, in order, retried.

It knows vendors and endpoints, not orders: `marketplace` enqueues events with
`outbox.enqueue(...)` and names a handler that reads the vendors' answers.

- `signing`: Standard Webhooks signatures and secrets.
- `ssrf`: which addresses an endpoint may have, checked on save and on connect.
- `outbox`: events written in the caller's transaction, dispatched after commit,
  swept when a dispatch was lost.
- `delivery`: attempts, a batch at a time: claim, send, log, interpret, schedule
  the next.
- `tasks`: the Celery tasks around them.
"""
