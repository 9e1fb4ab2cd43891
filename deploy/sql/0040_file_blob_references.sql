-- CHAT-8: a blob counts the uploads that use it. An upload that reuses the bytes adds a reference in the same statement
-- that finds them; the purge drops one under the row's lock and removes the bytes only when none is left, so a purge can
-- no longer remove bytes an upload of the same content has just reused.
ALTER TABLE file_blobs ADD COLUMN IF NOT EXISTS refs integer NOT NULL DEFAULT 1;

-- Existing blobs: one reference per file not yet purged (at least one, so a blob whose upload is in flight is kept).
UPDATE file_blobs b
   SET refs = greatest(1, (SELECT count(*) FROM files f WHERE f.school_id = b.school_id AND f.sha256 = b.sha256 AND f.purged_at IS NULL));
