-- The BI views (usage_hourly, usage_daily; 0008) repeated the same suppression SQL. Both are now views over one
-- function that takes the bucket ('h' or 'd'): a cell with fewer than k distinct members shows no value; where exactly
-- one sibling of a group is hidden (along a dimension, or, for hours, among the hours of a day), the next-smallest
-- sibling is hidden as well, so a total cannot reveal it. Never a class, chat or member identifier.
-- SECURITY DEFINER: sferum_readonly reads the views, never usage_cells itself (it holds class identifiers); a function
-- runs with its caller's rights otherwise, even inside a view.
CREATE OR REPLACE FUNCTION usage_published(p_bucket char(1))
RETURNS TABLE (bucket_start timestamptz, school_id text, grade smallint, chat_kind text, role text, metric text,
               value bigint, seconds double precision, suppressed boolean)
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = public, pg_temp
AS $$
WITH settings AS (SELECT k FROM usage_settings WHERE id),
cells AS (
    SELECT c.bucket_start, c.school_id, c.class_key, c.grade, c.chat_kind, c.role, c.kind, c.count, c.seconds, c.members,
           c.members < s.k AS hidden
      FROM usage_cells c CROSS JOIN settings s
     WHERE c.bucket = p_bucket AND p_bucket IN ('h', 'd') AND c.class_key NOT LIKE 'c:%'),
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
SELECT bucket_start,
       NULLIF(school_id, ''),
       CASE WHEN class_key = '' THEN NULL ELSE grade END,
       NULLIF(chat_kind, ''),
       NULLIF(role, ''),
       kind,
       CASE WHEN suppressed THEN NULL ELSE count END,
       CASE WHEN suppressed THEN NULL ELSE seconds END,
       suppressed
  FROM (SELECT marked.*,
               hidden
               OR (school_id <> '' AND hidden_school = 1 AND rank_school = 1)
               OR (class_key <> '' AND hidden_grade = 1 AND rank_grade = 1)
               OR (chat_kind <> '' AND hidden_kind = 1 AND rank_kind = 1)
               OR (role <> '' AND hidden_role = 1 AND rank_role = 1)
               -- A day's total is its hours' sum: only hourly figures need the rule along the day.
               OR (p_bucket = 'h' AND hidden_day = 1 AND rank_day = 1) AS suppressed
          FROM marked) shown
$$;

CREATE OR REPLACE VIEW usage_hourly AS
SELECT bucket_start AS hour, school_id, grade, chat_kind, role, metric, value, seconds, suppressed
  FROM usage_published('h');

CREATE OR REPLACE VIEW usage_daily AS
SELECT (bucket_start AT TIME ZONE 'UTC')::date AS day, school_id, grade, chat_kind, role, metric, value, seconds, suppressed
  FROM usage_published('d');
