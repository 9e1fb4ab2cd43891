-- Usage statistics (DIS-4, ORG-14). Counts are derived from the durable logs (chat_events, school_movements,
-- moderation_audit) and from usage_events, which grains write from outboxes committed with the fact itself; a
-- school's aggregator folds them into usage_cells and moves its checkpoints in the same transaction, so a restart
-- resumes exactly where the last commit left off (no loss, no double count).

-- Facts that live in grain state rather than in a log (invites, join requests, sessions, meetings...). No user
-- identifier: member is a one-way key, used only to count distinct members behind a cell.
CREATE TABLE IF NOT EXISTS usage_events
(
    seq         bigint GENERATED ALWAYS AS IDENTITY,
    event_id    text             NOT NULL,
    school_id   text             NOT NULL,
    kind        text             NOT NULL,
    class_id    text             NULL,
    chat_kind   text             NULL,
    role        text             NULL,
    member      bytea            NOT NULL,
    seconds     double precision NOT NULL DEFAULT 0,
    at          timestamptz      NOT NULL,
    recorded_at timestamptz      NOT NULL DEFAULT now(),
    CONSTRAINT usage_events_pkey PRIMARY KEY (seq),
    CONSTRAINT usage_events_event_id_key UNIQUE (event_id)
);

CREATE INDEX IF NOT EXISTS usage_events_school_seq ON usage_events (school_id, seq);

-- One row per (bucket, grouping) cell. '' in school_id / class_key / chat_kind / role means "all"; class_key is
-- 'c:<class id>' (a school's own class, shown by name to its staff only) or 'g:<grade>' (what analysts see).
CREATE TABLE IF NOT EXISTS usage_cells
(
    id           bigint GENERATED ALWAYS AS IDENTITY,
    bucket       char(1)          NOT NULL,
    bucket_start timestamptz      NOT NULL,
    school_id    text             NOT NULL,
    class_key    text             NOT NULL,
    class_name   text             NOT NULL DEFAULT '',
    grade        smallint         NOT NULL DEFAULT 0,
    chat_kind    text             NOT NULL,
    role         text             NOT NULL,
    kind         text             NOT NULL,
    count        bigint           NOT NULL DEFAULT 0,
    seconds      double precision NOT NULL DEFAULT 0,
    members      integer          NOT NULL DEFAULT 0,
    CONSTRAINT usage_cells_pkey PRIMARY KEY (bucket, school_id, bucket_start, class_key, chat_kind, role, kind),
    CONSTRAINT usage_cells_id_key UNIQUE (id),
    CONSTRAINT usage_cells_bucket_check CHECK (bucket IN ('m', 'h', 'd'))
);

-- Which members are already behind a cell, so a distinct count grows exactly once per member. Internal only.
CREATE TABLE IF NOT EXISTS usage_cell_members
(
    cell_id bigint NOT NULL,
    member  bytea  NOT NULL,
    CONSTRAINT usage_cell_members_pkey PRIMARY KEY (cell_id, member)
);

-- How far each school's aggregator has read each source (source: chat / movements / audit / events / closed).
-- pending_* remembers a parent's unanswered message in a class chat, for the time to the first staff reply.
CREATE TABLE IF NOT EXISTS usage_checkpoints
(
    school_id      text        NOT NULL,
    source         text        NOT NULL,
    source_key     text        NOT NULL,
    position       bigint      NOT NULL,
    pending_at     timestamptz NULL,
    pending_member bytea       NULL,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT usage_checkpoints_pkey PRIMARY KEY (school_id, source, source_key)
);

-- Times from a parent's message in a class chat to the first staff reply, for the school's median.
CREATE TABLE IF NOT EXISTS usage_reply_samples
(
    school_id text             NOT NULL,
    at        timestamptz      NOT NULL,
    seconds   double precision NOT NULL,
    member    bytea            NOT NULL
);

CREATE INDEX IF NOT EXISTS usage_reply_samples_school_at ON usage_reply_samples (school_id, at);

-- The district's k (at least this many distinct members behind every published cell), written by the server
-- at start from Statistics:K; the views read it too.
CREATE TABLE IF NOT EXISTS usage_settings
(
    id boolean NOT NULL DEFAULT true,
    k  integer NOT NULL DEFAULT 5,
    CONSTRAINT usage_settings_pkey PRIMARY KEY (id),
    CONSTRAINT usage_settings_one_row CHECK (id),
    CONSTRAINT usage_settings_k_check CHECK (k >= 3)
);

INSERT INTO usage_settings (id, k) VALUES (true, 5) ON CONFLICT (id) DO NOTHING;

-- District-level grants (analysts, service accounts): who did what, append-only.
CREATE TABLE IF NOT EXISTS district_audit
(
    seq        bigint GENERATED ALWAYS AS IDENTITY,
    at         timestamptz NOT NULL,
    actor_id   text        NOT NULL,
    action     text        NOT NULL,
    subject_id text        NOT NULL,
    detail     text        NOT NULL DEFAULT '',
    CONSTRAINT district_audit_pkey PRIMARY KEY (seq)
);

-- For a BI tool (Metabase, Superset, Grafana): hourly and daily figures by school, grade, chat kind and role,
-- never a class, chat or member identifier. A cell with fewer than k distinct members shows no value; where exactly
-- one sibling of a group is hidden (along a dimension, or among the hours of a day), the next-smallest sibling is
-- hidden as well, so a total cannot reveal it.
CREATE OR REPLACE VIEW usage_hourly AS
WITH settings AS (SELECT k FROM usage_settings WHERE id),
cells AS (
    SELECT c.bucket_start, c.school_id, c.class_key, c.grade, c.chat_kind, c.role, c.kind, c.count, c.seconds, c.members,
           c.members < s.k AS hidden
      FROM usage_cells c CROSS JOIN settings s
     WHERE c.bucket = 'h' AND c.class_key NOT LIKE 'c:%'),
marked AS (
    SELECT cells.*,
        count(*) FILTER (WHERE hidden) OVER by_school AS hidden_school,
        row_number() OVER (by_school ORDER BY hidden, members, count, school_id) AS rank_school,
        count(*) FILTER (WHERE hidden) OVER by_grade AS hidden_grade,
        row_number() OVER (by_grade ORDER BY hidden, members, count, class_key) AS rank_grade,
        count(*) FILTER (WHERE hidden) OVER by_kind AS hidden_kind,
        row_number() OVER (by_kind ORDER BY hidden, members, count, chat_kind) AS rank_kind,
        count(*) FILTER (WHERE hidden) OVER by_role AS hidden_role,
        row_number() OVER (by_role ORDER BY hidden, members, count, role) AS rank_role,
        count(*) FILTER (WHERE hidden) OVER by_day AS hidden_day,
        row_number() OVER (by_day ORDER BY hidden, members, count, bucket_start) AS rank_day
      FROM cells
    WINDOW by_school AS (PARTITION BY bucket_start, kind, class_key, chat_kind, role, school_id = ''),
           by_grade AS (PARTITION BY bucket_start, kind, school_id, chat_kind, role, class_key = ''),
           by_kind AS (PARTITION BY bucket_start, kind, school_id, class_key, role, chat_kind = ''),
           by_role AS (PARTITION BY bucket_start, kind, school_id, class_key, chat_kind, role = ''),
           by_day AS (PARTITION BY date_trunc('day', bucket_start AT TIME ZONE 'UTC'), kind, school_id, class_key, chat_kind, role))
SELECT bucket_start AS hour,
       NULLIF(school_id, '') AS school_id,
       CASE WHEN class_key = '' THEN NULL ELSE grade END AS grade,
       NULLIF(chat_kind, '') AS chat_kind,
       NULLIF(role, '') AS role,
       kind AS metric,
       CASE WHEN suppressed THEN NULL ELSE count END AS value,
       CASE WHEN suppressed THEN NULL ELSE seconds END AS seconds,
       suppressed
  FROM (SELECT marked.*,
               hidden
               OR (school_id <> '' AND hidden_school = 1 AND rank_school = 1)
               OR (class_key <> '' AND hidden_grade = 1 AND rank_grade = 1)
               OR (chat_kind <> '' AND hidden_kind = 1 AND rank_kind = 1)
               OR (role <> '' AND hidden_role = 1 AND rank_role = 1)
               OR (hidden_day = 1 AND rank_day = 1) AS suppressed
          FROM marked) shown;

CREATE OR REPLACE VIEW usage_daily AS
WITH settings AS (SELECT k FROM usage_settings WHERE id),
cells AS (
    SELECT c.bucket_start, c.school_id, c.class_key, c.grade, c.chat_kind, c.role, c.kind, c.count, c.seconds, c.members,
           c.members < s.k AS hidden
      FROM usage_cells c CROSS JOIN settings s
     WHERE c.bucket = 'd' AND c.class_key NOT LIKE 'c:%'),
marked AS (
    SELECT cells.*,
        count(*) FILTER (WHERE hidden) OVER by_school AS hidden_school,
        row_number() OVER (by_school ORDER BY hidden, members, count, school_id) AS rank_school,
        count(*) FILTER (WHERE hidden) OVER by_grade AS hidden_grade,
        row_number() OVER (by_grade ORDER BY hidden, members, count, class_key) AS rank_grade,
        count(*) FILTER (WHERE hidden) OVER by_kind AS hidden_kind,
        row_number() OVER (by_kind ORDER BY hidden, members, count, chat_kind) AS rank_kind,
        count(*) FILTER (WHERE hidden) OVER by_role AS hidden_role,
        row_number() OVER (by_role ORDER BY hidden, members, count, role) AS rank_role
      FROM cells
    WINDOW by_school AS (PARTITION BY bucket_start, kind, class_key, chat_kind, role, school_id = ''),
           by_grade AS (PARTITION BY bucket_start, kind, school_id, chat_kind, role, class_key = ''),
           by_kind AS (PARTITION BY bucket_start, kind, school_id, class_key, role, chat_kind = ''),
           by_role AS (PARTITION BY bucket_start, kind, school_id, class_key, chat_kind, role = ''))
SELECT (bucket_start AT TIME ZONE 'UTC')::date AS day,
       NULLIF(school_id, '') AS school_id,
       CASE WHEN class_key = '' THEN NULL ELSE grade END AS grade,
       NULLIF(chat_kind, '') AS chat_kind,
       NULLIF(role, '') AS role,
       kind AS metric,
       CASE WHEN suppressed THEN NULL ELSE count END AS value,
       CASE WHEN suppressed THEN NULL ELSE seconds END AS seconds,
       suppressed
  FROM (SELECT marked.*,
               hidden
               OR (school_id <> '' AND hidden_school = 1 AND rank_school = 1)
               OR (class_key <> '' AND hidden_grade = 1 AND rank_grade = 1)
               OR (chat_kind <> '' AND hidden_kind = 1 AND rank_kind = 1)
               OR (role <> '' AND hidden_role = 1 AND rank_role = 1) AS suppressed
          FROM marked) shown;

-- The read-only group a BI tool's login joins (CREATE ROLE metabase LOGIN PASSWORD '...' IN ROLE sferum_readonly):
-- it reads the two views and nothing else. A server without CREATEROLE rights skips this; a DBA runs it by hand.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'sferum_readonly') THEN
        CREATE ROLE sferum_readonly NOLOGIN;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO sferum_readonly', current_database());
    GRANT USAGE ON SCHEMA public TO sferum_readonly;
    GRANT SELECT ON usage_hourly, usage_daily TO sferum_readonly;
EXCEPTION
    WHEN insufficient_privilege OR duplicate_object OR unique_violation THEN
        RAISE NOTICE 'sferum_readonly was not set up here (%); see README "Statistics"', SQLERRM;
END
$$;
