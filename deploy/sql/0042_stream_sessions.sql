-- DIS-4: sessions (Subscribe streams) recorded when they start, with the server process that holds them, so a stream
-- open on a process that dies (kill -9) is still counted: every process writes a heartbeat; a live process closes
-- the sessions of a process whose heartbeat stopped, with their connected time up to that last heartbeat. A session
-- is counted once (usage_events' event id is derived from the session id). Rows are internal, never published.
CREATE TABLE IF NOT EXISTS stream_processes
(
    process_id   uuid        NOT NULL PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL
);

CREATE TABLE IF NOT EXISTS stream_sessions
(
    session_id uuid        NOT NULL PRIMARY KEY,
    user_id    text        NOT NULL,
    process_id uuid        NOT NULL,
    started_at timestamptz NOT NULL,
    -- When the stream ended, or for an orphan the last heartbeat of its process; set when the session is counted.
    ended_at   timestamptz NULL,
    counted_at timestamptz NULL
);

CREATE INDEX IF NOT EXISTS stream_sessions_open ON stream_sessions (process_id) WHERE counted_at IS NULL;
CREATE INDEX IF NOT EXISTS stream_sessions_counted ON stream_sessions (counted_at) WHERE counted_at IS NOT NULL;
