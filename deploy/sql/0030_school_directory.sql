-- Issue 15: a school's state as rows instead of one grain-state blob that every join rewrote whole (1.1 MB at
-- 4,601 members). school_state holds the school-wide part (information, classes) and the version every save
-- checks; members, invite links, pending join requests and undelivered outbox entries are a row each, so a join
-- writes a few hundred bytes. Payloads are the grains' own serialized records.
CREATE TABLE IF NOT EXISTS school_state
(
    school_id text   NOT NULL,
    version   bigint NOT NULL,
    core      bytea  NOT NULL,
    CONSTRAINT school_state_pkey PRIMARY KEY (school_id)
);

CREATE TABLE IF NOT EXISTS school_members
(
    school_id text  NOT NULL,
    user_id   text  NOT NULL,
    record    bytea NOT NULL,
    CONSTRAINT school_members_pkey PRIMARY KEY (school_id, user_id)
);

CREATE TABLE IF NOT EXISTS school_invites
(
    school_id text  NOT NULL,
    invite_id text  NOT NULL,
    record    bytea NOT NULL,
    CONSTRAINT school_invites_pkey PRIMARY KEY (school_id, invite_id)
);

CREATE TABLE IF NOT EXISTS school_join_requests
(
    school_id  text  NOT NULL,
    request_id text  NOT NULL,
    record     bytea NOT NULL,
    CONSTRAINT school_join_requests_pkey PRIMARY KEY (school_id, request_id)
);

-- Delivered in seq order; entry_id (a movement or usage event id) makes a replayed add a no-op.
CREATE TABLE IF NOT EXISTS school_outbox
(
    school_id text   NOT NULL,
    entry_id  text   NOT NULL,
    seq       bigint GENERATED ALWAYS AS IDENTITY,
    entry     bytea  NOT NULL,
    CONSTRAINT school_outbox_pkey PRIMARY KEY (school_id, entry_id)
);
