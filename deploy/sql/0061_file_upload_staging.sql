-- CHAT-8, DIS-6: uploads in unary calls, for clients that cannot stream a request (browsers over gRPC-Web). The chunks
-- wait here until the upload finishes, so each call may reach any server and an interrupted upload resumes from
-- `received`. A finished upload keeps its row (file_id set, chunks gone) so a retried finish answers the same file;
-- rows untouched for a day are purged with their chunks.
CREATE TABLE IF NOT EXISTS file_uploads
(
    upload_id    text        NOT NULL PRIMARY KEY,
    school_id    text        NOT NULL,
    uploader_id  text        NOT NULL,
    name         text        NOT NULL,
    content_type text        NOT NULL,
    size         bigint      NOT NULL,
    sha256       text        NOT NULL,
    request_id   text        NOT NULL,
    received     bigint      NOT NULL DEFAULT 0,
    file_id      text        NULL,
    touched_at   timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS file_uploads_open_by_uploader ON file_uploads (uploader_id) WHERE file_id IS NULL;
CREATE INDEX IF NOT EXISTS file_uploads_touched ON file_uploads (touched_at);

CREATE TABLE IF NOT EXISTS file_upload_chunks
(
    upload_id text   NOT NULL REFERENCES file_uploads (upload_id) ON DELETE CASCADE,
    pos       bigint NOT NULL,
    data      bytea  NOT NULL,
    CONSTRAINT file_upload_chunks_pkey PRIMARY KEY (upload_id, pos)
);
ALTER TABLE file_upload_chunks ALTER COLUMN data SET STORAGE EXTERNAL;
