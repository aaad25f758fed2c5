-- driftPolicy.mode: approve (DESIGN §2c): a pass that would correct drift stores a proposal
-- instead; a person approves or rejects it; it lapses when the world or the spec moves on.
-- fingerprint: the resource generation and the differences (path, from, to) the proposal
-- would put right, so the same drift is proposed once and a changed one again.

CREATE TABLE drift_proposals (
    id          BIGSERIAL PRIMARY KEY,
    kind        TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    generation  BIGINT      NOT NULL,
    fingerprint TEXT        NOT NULL,
    actions     JSONB       NOT NULL,
    drift_actor TEXT,
    drift_at    TIMESTAMPTZ NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    state       TEXT        NOT NULL CHECK (state IN ('open', 'approved', 'rejected', 'lapsed', 'applied')),
    decided_by  TEXT,
    decided_at  TIMESTAMPTZ
);

CREATE INDEX drift_proposals_resource ON drift_proposals (kind, name, id DESC);
