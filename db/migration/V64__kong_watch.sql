-- What each KongService's last quiet pass found Kong holding for it: a digest of its own service,
-- routes and plugins (never their values: plugin configs hold the injected key). One poll per
-- gateway per round (KongWatch) compares the gateway's shared read against these and wakes only
-- the services whose entities differ, instead of a pass per service per round.
CREATE TABLE kong_service_digests (
    resource_id bigint      PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    gateway     text        NOT NULL,
    digest      text        NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX kong_service_digests_gateway ON kong_service_digests (gateway);

-- The newest Kong poll round a worker took: of several worker processes, the one whose UPDATE
-- moves round_at forward polls that round; the others skip it.
CREATE TABLE kong_watch_round (
    id       int         PRIMARY KEY CHECK (id = 1),
    round_at timestamptz NOT NULL,
    taken_by text
);

INSERT INTO kong_watch_round (id, round_at) VALUES (1, 'epoch');
