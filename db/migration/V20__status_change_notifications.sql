-- The status pages update live: every change to a resource, its status or its timeline sends
-- the resource's id on channel tether_status (delivered at commit, from any process, so a web
-- process sees what a separate worker process writes).

CREATE FUNCTION tether_notify_status_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('tether_status', OLD.id::text);
    ELSIF TG_TABLE_NAME = 'resources' THEN
        PERFORM pg_notify('tether_status', NEW.id::text);
    ELSE
        PERFORM pg_notify('tether_status', NEW.resource_id::text);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER resources_notify AFTER INSERT OR UPDATE OR DELETE ON resources
    FOR EACH ROW EXECUTE FUNCTION tether_notify_status_change();
CREATE TRIGGER resource_status_notify AFTER INSERT OR UPDATE ON resource_status
    FOR EACH ROW EXECUTE FUNCTION tether_notify_status_change();
CREATE TRIGGER events_notify AFTER INSERT ON events
    FOR EACH ROW EXECUTE FUNCTION tether_notify_status_change();
