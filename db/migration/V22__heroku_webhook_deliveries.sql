-- Heroku webhook deliveries already taken, so a replayed or re-sent delivery is ignored in every
-- process. Kept only as long as a delivery can still be taken at all (older ones are refused by
-- their age), then pruned by the receiver.
CREATE TABLE heroku_webhook_deliveries (
    delivery_id TEXT        PRIMARY KEY,
    app_id      TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX heroku_webhook_deliveries_received_idx ON heroku_webhook_deliveries (received_at);
