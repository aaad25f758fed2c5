-- The control loop's work queue: one row per resource key, claimed with FOR UPDATE SKIP LOCKED
-- so any number of workers share it and a key is reconciled by one worker at a time.
CREATE TABLE work_queue (
    kind             TEXT        NOT NULL,
    name             TEXT        NOT NULL,
    due_at           TIMESTAMPTZ NOT NULL,
    -- bumped by every trigger; a pass that started before the latest trigger runs again at once
    requested_seq    BIGINT      NOT NULL DEFAULT 1,
    claimed_seq      BIGINT,
    claimed_by       TEXT,
    claimed_until    TIMESTAMPTZ,
    attempts         INTEGER     NOT NULL DEFAULT 0,
    last_error       TEXT,
    full_observation BOOLEAN     NOT NULL DEFAULT false,
    reason           TEXT,
    last_started_at  TIMESTAMPTZ,
    last_finished_at TIMESTAMPTZ,
    last_outcome     TEXT,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, name)
);
CREATE INDEX work_queue_due_idx ON work_queue (due_at);

-- Full resyncs started with POST /resync or the resync command, and their progress.
CREATE TABLE resyncs (
    id          BIGSERIAL PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    started_by  TEXT        NOT NULL,
    -- resources at the start; each is done once a pass that started after started_at finished
    total       INTEGER     NOT NULL
);

-- Secrets Tether generates (API keys, webhook secrets, key-auth keys), AES-GCM encrypted.
CREATE TABLE secrets (
    owner_kind  TEXT        NOT NULL,
    owner_name  TEXT        NOT NULL,
    purpose     TEXT        NOT NULL,
    ciphertext  BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_kind, owner_name, purpose)
);
