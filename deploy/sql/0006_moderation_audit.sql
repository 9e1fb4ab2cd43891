-- A school's moderation audit log (ORG-16): every moderation action and every refused attempt, append-only.
-- Each row's hash covers its fields and the previous row's hash of the same school, so editing history is
-- detectable (sferumctl audit verify). Evidence keeps a deleted message's text for the school's supervisors.
CREATE TABLE IF NOT EXISTS moderation_audit
(
    school_id       text        NOT NULL,
    seq             bigint      NOT NULL,
    chat_id         text        NOT NULL,
    action          text        NOT NULL,
    refused         boolean     NOT NULL,
    actor_id        text        NOT NULL,
    subject_user_id text        NULL,
    message_seq     bigint      NULL,
    clause          integer     NULL,
    detail          text        NOT NULL,
    evidence        text        NULL,
    error_code      text        NULL,
    at              timestamptz NOT NULL,
    hash            text        NOT NULL,
    CONSTRAINT moderation_audit_pkey PRIMARY KEY (school_id, seq)
);

CREATE INDEX IF NOT EXISTS moderation_audit_chat ON moderation_audit (school_id, chat_id, seq DESC);
