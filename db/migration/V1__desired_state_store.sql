-- The desired-state store: what users applied, its history, what the loop observed, and the
-- timeline of what happened. Specs are JSON documents exactly as validated.

CREATE TABLE resources (
    id                    BIGSERIAL PRIMARY KEY,
    kind                  TEXT        NOT NULL,
    name                  TEXT        NOT NULL,
    spec                  JSONB       NOT NULL,
    labels                JSONB       NOT NULL DEFAULT '{}'::jsonb,
    generation            BIGINT      NOT NULL,
    resource_version      BIGINT      NOT NULL,
    deletion_requested_at TIMESTAMPTZ,
    created_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at            TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT resources_kind_name_key UNIQUE (kind, name)
);
CREATE INDEX resources_labels_idx ON resources USING gin (labels);

-- Every spec a resource has had; rollback makes an old one current as a new generation.
CREATE TABLE resource_generations (
    resource_id BIGINT      NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    generation  BIGINT      NOT NULL,
    spec        JSONB       NOT NULL,
    actor       TEXT        NOT NULL,
    cause       TEXT        NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (resource_id, generation)
);

-- What the control loop last observed and concluded; written apart from the spec so that a
-- status write never changes the resource's resourceVersion.
CREATE TABLE resource_status (
    resource_id BIGINT      PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
    status      JSONB       NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE events (
    id          BIGSERIAL PRIMARY KEY,
    resource_id BIGINT      NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    type        TEXT        NOT NULL CHECK (type IN ('Normal', 'Warning')),
    reason      TEXT        NOT NULL,
    message     TEXT        NOT NULL,
    actor       TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX events_resource_idx ON events (resource_id, id DESC);
