-- A fencing token per claim: bumped each time a worker claims the key, so a pass that outlived
-- its lease (and whose key another worker has since claimed) can tell, and stops before writing.
-- The heartbeat renews claimed_until only while claim_token is still the one it claimed with.
ALTER TABLE work_queue ADD COLUMN claim_token BIGINT NOT NULL DEFAULT 0;
