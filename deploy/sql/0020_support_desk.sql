-- The support desk (REG-5): members' requests (tickets) to their school's administrators, escalated to the district
-- operators when the school cannot solve them, and suggestions for the platform that land in the district's queue.
-- One queue grain owns each ticket (the school's, or the district's for suggestions) and is its only writer; the
-- thread is unbounded, so it lives here, not in grain state.
CREATE TABLE IF NOT EXISTS support_tickets
(
    ticket_id      text        NOT NULL,
    queue          text        NOT NULL,
    school_id      text        NOT NULL,
    requester_id   text        NOT NULL,
    requester_name text        NOT NULL,
    kind           smallint    NOT NULL,
    category       smallint    NOT NULL,
    subject        text        NOT NULL,
    status         smallint    NOT NULL,
    escalated      boolean     NOT NULL DEFAULT false,
    version        integer     NOT NULL,
    messages       integer     NOT NULL,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    first_reply_at timestamptz,
    closed_at      timestamptz,
    CONSTRAINT support_tickets_pkey PRIMARY KEY (ticket_id)
);

CREATE INDEX IF NOT EXISTS support_tickets_school ON support_tickets (school_id, updated_at DESC);
CREATE INDEX IF NOT EXISTS support_tickets_district ON support_tickets (updated_at DESC) WHERE escalated OR kind <> 1;
CREATE INDEX IF NOT EXISTS support_tickets_requester ON support_tickets (requester_id, updated_at DESC);

-- A ticket's thread: the request's text first, then replies of the member, the school and the district, and notes
-- of what changed (status, escalation).
CREATE TABLE IF NOT EXISTS support_messages
(
    ticket_id   text        NOT NULL,
    seq         integer     NOT NULL,
    author_id   text        NOT NULL,
    author_name text        NOT NULL,
    side        smallint    NOT NULL,
    body        text        NOT NULL,
    at          timestamptz NOT NULL,
    CONSTRAINT support_messages_pkey PRIMARY KEY (ticket_id, seq)
);
