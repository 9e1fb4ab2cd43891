-- Every chat's append-only log (CHAT-4): one row per event, keyed by (chat, sequence number) assigned by the chat
-- grain. A send carries a client key; the partial unique index makes a retried send a no-op. Edits and deletions
-- are events of their own and also update the message row, so history reads show the current text.
CREATE TABLE IF NOT EXISTS chat_events
(
    chat_id         text        NOT NULL,
    seq             bigint      NOT NULL,
    kind            smallint    NOT NULL,
    actor_id        text        NOT NULL,
    at              timestamptz NOT NULL,
    body            text        NULL,
    target_seq      bigint      NULL,
    reply_to        bigint      NULL,
    mentions        text[]      NOT NULL DEFAULT '{}',
    subject_user_id text        NULL,
    client_key      text        NULL,
    edited_at       timestamptz NULL,
    deleted_at      timestamptz NULL,
    deleted_by      text        NULL,
    CONSTRAINT chat_events_pkey PRIMARY KEY (chat_id, seq)
);

CREATE UNIQUE INDEX IF NOT EXISTS chat_events_client_key ON chat_events (chat_id, client_key) WHERE client_key IS NOT NULL;

-- How far each member has read each chat; unread counts are counted from here.
CREATE TABLE IF NOT EXISTS chat_read_markers
(
    chat_id text   NOT NULL,
    user_id text   NOT NULL,
    seq     bigint NOT NULL,
    CONSTRAINT chat_read_markers_pkey PRIMARY KEY (chat_id, user_id)
);
