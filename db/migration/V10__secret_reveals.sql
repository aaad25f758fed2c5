-- A generated key-auth key may be shown once, to an authorised caller, on request; this records
-- that it was, so every later request is refused and the key stays masked.
CREATE TABLE secret_reveals (
    owner_kind  text        NOT NULL,
    owner_name  text        NOT NULL,
    purpose     text        NOT NULL,
    revealed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner_kind, owner_name, purpose)
);
