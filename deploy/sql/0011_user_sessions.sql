-- Server-side sign-in sessions (issue 8). One row per sign-in; only a hash of the current refresh token is kept.
-- The refresh token carries its generation: presenting an older generation is reuse and revokes the session.
CREATE TABLE IF NOT EXISTS user_sessions (
    session_id    text        PRIMARY KEY,
    user_id       text        NOT NULL,
    device_label  text        NOT NULL,
    ip            text        NOT NULL,
    user_agent    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    last_used_at  timestamptz NOT NULL,
    generation    integer     NOT NULL,
    refresh_hash  bytea       NOT NULL,
    revoked_at    timestamptz NULL,
    revoke_reason text        NULL
);
CREATE INDEX IF NOT EXISTS user_sessions_user ON user_sessions (user_id);
