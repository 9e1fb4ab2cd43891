-- Meetings and broadcasts (CHAT-9, ORG-13, ORG-17). The meeting grain owns each meeting and writes its current
-- view here on every change, so a school's list and a member's calendar are read without waking every grain.
-- The status a reader sees is computed from the view and the clock, never trusted from the row.
CREATE TABLE IF NOT EXISTS meetings
(
    meeting_id  text        NOT NULL,
    school_id   text        NOT NULL,
    first_start timestamptz NOT NULL,
    last_end    timestamptz NOT NULL,
    cancelled   boolean     NOT NULL,
    view        jsonb       NOT NULL,
    CONSTRAINT meetings_pkey PRIMARY KEY (meeting_id)
);

CREATE INDEX IF NOT EXISTS meetings_school_start ON meetings (school_id, first_start DESC, meeting_id);
CREATE INDEX IF NOT EXISTS meetings_school_upcoming ON meetings (school_id, last_end) WHERE NOT cancelled;

-- Every join (a join URL issued) with its time: the attendance the organiser and supervisors read (ORG-17).
CREATE TABLE IF NOT EXISTS meeting_attendance
(
    id               bigint GENERATED ALWAYS AS IDENTITY,
    meeting_id       text        NOT NULL,
    occurrence_start timestamptz NOT NULL,
    user_id          text        NOT NULL,
    display_name     text        NOT NULL,
    role             text        NOT NULL,
    joined_at        timestamptz NOT NULL,
    CONSTRAINT meeting_attendance_pkey PRIMARY KEY (id)
);

CREATE INDEX IF NOT EXISTS meeting_attendance_meeting ON meeting_attendance (meeting_id, id);

-- A member's private iCalendar feed: one live token per member, stored only as its SHA-256; revoking deletes it.
CREATE TABLE IF NOT EXISTS calendar_feeds
(
    user_id    text        NOT NULL,
    token_hash text        NOT NULL,
    created_at timestamptz NOT NULL,
    CONSTRAINT calendar_feeds_pkey PRIMARY KEY (user_id),
    CONSTRAINT calendar_feeds_token UNIQUE (token_hash)
);
