-- Who last changed each Heroku app, as Heroku's app webhooks said: drift is attributed to the
-- person, not to "someone".
CREATE TABLE heroku_webhook_actors (
    app_id      TEXT        PRIMARY KEY,
    actor       TEXT        NOT NULL,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
