-- What each resource's spec refers to (ResourceSpec.references(): an ApiKey's target apps, a
-- KongService's upstream app and key, ...), written in the same transaction as the spec on every
-- apply, rollback, adoption and deletion allowance; a resource's rows go with it. "Which
-- resources refer to HerokuApp/shop" is then one indexed lookup instead of parsing every spec.
CREATE TABLE resource_references (
    from_id bigint NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
    to_kind text   NOT NULL,
    to_name text   NOT NULL,
    PRIMARY KEY (from_id, to_kind, to_name)
);

CREATE INDEX resource_references_to ON resource_references (to_kind, to_name);

-- Resources stored before this table existed: their references are worked out from their specs
-- by Tether itself at start (ResourceReferences), then their row here is removed.
CREATE TABLE resource_references_pending (
    resource_id bigint PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE
);

INSERT INTO resource_references_pending (resource_id) SELECT id FROM resources;

-- A webhook delivery names the Heroku app by its id, which Tether keeps in the app's status:
-- finding whose app it is becomes an index lookup instead of reading every status.
CREATE INDEX resource_status_external_id ON resource_status ((status -> 'external' ->> 'id'));
