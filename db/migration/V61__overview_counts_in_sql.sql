-- The overview counts resources by health in SQL instead of reading every status (issue 19,
-- DESIGN §7: p99 ≤ 300 ms at 10,000 resources).
--
-- What the status alone says about a resource (StatusHealth, decided in Java by the code that
-- writes the status, StatusStore.put), and the generation and time of the pass it describes, are
-- kept next to the status document, written with it in the same statement.
ALTER TABLE resource_status
    ADD COLUMN health              TEXT,
    ADD COLUMN observed_generation BIGINT,
    ADD COLUMN reconciled_at       TIMESTAMPTZ;
-- Rows written before this migration have no health yet: StatusStore.fillMissingHealth decides it
-- from their documents (in Java, the one place health is decided) before the overview counts.
CREATE INDEX resource_status_health_missing_idx ON resource_status (resource_id) WHERE health IS NULL;

-- What the spec says that the overview groups by: PostgreSQL derives both from the stored
-- document on every write, so they can never disagree with it.
ALTER TABLE resources
    ADD COLUMN topology TEXT    GENERATED ALWAYS AS (labels ->> 'topology') STORED,
    ADD COLUMN paused   BOOLEAN GENERATED ALWAYS AS (COALESCE(spec -> 'paused' = 'true'::jsonb, false)) STORED;
CREATE INDEX resources_topology_idx ON resources (topology, kind, name);
