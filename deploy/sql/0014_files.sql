-- CHAT-8: files in chats. Bytes are content-addressed per school (school, SHA-256) and stored once; each upload is
-- a row of files (who, name, sniffed type, scan status, the message it is attached to, deletion and evidence).
CREATE TABLE IF NOT EXISTS file_blobs
(
    school_id  text        NOT NULL,
    sha256     text        NOT NULL,
    blob_id    uuid        NOT NULL UNIQUE,
    size       bigint      NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT file_blobs_pkey PRIMARY KEY (school_id, sha256)
);

-- Pieces of a blob in order (pos: the byte offset of the piece); a blob being uploaded is in staging until committed.
CREATE TABLE IF NOT EXISTS file_blob_chunks
(
    blob_id uuid   NOT NULL,
    pos     bigint NOT NULL,
    len     integer NOT NULL,
    data    bytea  NOT NULL,
    CONSTRAINT file_blob_chunks_pkey PRIMARY KEY (blob_id, pos)
);
-- Most files are compressed already (images, archives, office documents): do not spend CPU trying again.
ALTER TABLE file_blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

CREATE TABLE IF NOT EXISTS file_blob_staging
(
    blob_id    uuid        NOT NULL PRIMARY KEY,
    school_id  text        NOT NULL,
    started_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS files
(
    file_id      text        NOT NULL PRIMARY KEY,
    school_id    text        NOT NULL,
    uploader_id  text        NOT NULL,
    name         text        NOT NULL,
    content_type text        NOT NULL,
    size         bigint      NOT NULL,
    sha256       text        NOT NULL,
    scan         smallint    NOT NULL,
    created_at   timestamptz NOT NULL,
    width        integer     NULL,
    height       integer     NULL,
    thumbnail    bytea       NULL,
    chat_id      text        NULL,
    message_seq  bigint      NULL,
    deleted_at   timestamptz NULL,
    deleted_by   text        NULL,
    evidence     boolean     NOT NULL DEFAULT false,
    purge_after  timestamptz NULL,
    purged_at    timestamptz NULL
);

CREATE INDEX IF NOT EXISTS files_message ON files (chat_id, message_seq) WHERE chat_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS files_school_blob ON files (school_id, sha256) WHERE purged_at IS NULL;
CREATE INDEX IF NOT EXISTS files_due ON files (purge_after) WHERE purged_at IS NULL AND purge_after IS NOT NULL;
