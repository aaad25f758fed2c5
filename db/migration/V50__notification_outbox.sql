-- Notifiers (DESIGN §2c) deliver through this outbox. A row is written in the same transaction
-- as the status and events of the pass that saw the occurrence, so a restart loses none; workers
-- in any process claim rows with FOR UPDATE SKIP LOCKED under a lease, so each is sent by one
-- worker at a time, and a row stays until its target answered 2xx (retried with backoff).
CREATE TABLE notification_outbox (
    id              bigserial   PRIMARY KEY,
    notifier        text        NOT NULL,
    resource_kind   text        NOT NULL,
    resource_name   text        NOT NULL,
    reason          text        NOT NULL,
    state           text        NOT NULL CHECK (state IN ('firing', 'resolved')),
    message         text        NOT NULL,
    actor           text,
    occurred_at     timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claimed_by      text,
    claimed_until   timestamptz,
    delivered_at    timestamptz,
    last_error      text
);

-- what is still to send, oldest first
CREATE INDEX notification_outbox_pending ON notification_outbox (next_attempt_at, id) WHERE delivered_at IS NULL;
-- per notifier and resource, messages go out in the order they happened
CREATE INDEX notification_outbox_order ON notification_outbox (notifier, resource_kind, resource_name, id)
    WHERE delivered_at IS NULL;
