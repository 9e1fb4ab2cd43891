-- Issue 8: an administrative action stored in PostgreSQL rows of its own (a class's invite links and join requests,
-- a member's sessions) writes the intent to audit it in the same transaction, here. The intent is appended to its
-- chain right after the commit and its row deleted; one left behind by a crash or a failed append is appended by a
-- sweep on every server (admin_audit.intent_id, 0046, makes a second append a no-op). Ids only, no personal data.
CREATE TABLE IF NOT EXISTS admin_audit_outbox
(
    intent_id       text        NOT NULL PRIMARY KEY,
    -- The chain: a school id, or 'district'.
    chain           text        NOT NULL,
    action          text        NOT NULL,
    actor_id        text        NOT NULL,
    subject_user_id text        NULL,
    detail          text        NOT NULL,
    at              timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX IF NOT EXISTS admin_audit_outbox_created ON admin_audit_outbox (created_at);
