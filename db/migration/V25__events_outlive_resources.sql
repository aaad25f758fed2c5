-- Events outlive their resource (DESIGN §3 "Safety"): each row names its resource by kind and
-- name as well as by id, and deleting the resource no longer deletes its timeline, so who deleted
-- what (and what the clean-up destroyed) stays readable through GET /api/v1/events.
ALTER TABLE events ADD COLUMN kind TEXT, ADD COLUMN name TEXT;
UPDATE events e SET kind = r.kind, name = r.name FROM resources r WHERE r.id = e.resource_id;
DELETE FROM events WHERE kind IS NULL;
ALTER TABLE events ALTER COLUMN kind SET NOT NULL, ALTER COLUMN name SET NOT NULL;
ALTER TABLE events DROP CONSTRAINT events_resource_id_fkey;
CREATE INDEX events_kind_name_idx ON events (kind, name, id DESC);
CREATE INDEX events_created_idx ON events (created_at);

-- Every writer records by resource id; the row takes its resource's kind and name as it is written.
CREATE FUNCTION tether_event_names_resource() RETURNS trigger AS $$
BEGIN
    IF NEW.kind IS NULL OR NEW.name IS NULL THEN
        SELECT r.kind, r.name INTO NEW.kind, NEW.name FROM resources r WHERE r.id = NEW.resource_id;
        IF NEW.kind IS NULL THEN
            RAISE EXCEPTION 'event for resource % that does not exist', NEW.resource_id USING ERRCODE = 'foreign_key_violation';
        END IF;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER events_name_resource BEFORE INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION tether_event_names_resource();
