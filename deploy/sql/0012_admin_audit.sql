-- The admin audit (issue 8): administrative actions (administrators appointed/removed, verification given or
-- withdrawn, management roles, invites created/revoked, join decisions, movements, other people's sessions revoked,
-- operator changes, school registrations), one hash chain per school and one for the district (school_id 'district').
-- Same shape and chain as moderation_audit (0006); chat_id is always empty here. Rows name accounts by id only.
CREATE TABLE IF NOT EXISTS admin_audit
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
    CONSTRAINT admin_audit_pkey PRIMARY KEY (school_id, seq)
);
