-- Issue 8: a contact that asked for a sign-in code and never signed in is removed once it holds nothing worth keeping
-- (Identity:SignIn:UnverifiedContactLifetime after its last request, and never while a lock or a failure window of it
-- runs). One row per such contact grain, keyed by the grain's key (a keyed hash: no phone or e-mail here), due when
-- the sweep may ask it to go; a contact that signs in drops its row.
CREATE TABLE IF NOT EXISTS contact_expiry
(
    contact_key text        NOT NULL,
    due_at      timestamptz NOT NULL,
    CONSTRAINT contact_expiry_pkey PRIMARY KEY (contact_key)
);

CREATE INDEX IF NOT EXISTS contact_expiry_due ON contact_expiry (due_at);
