-- Issue 15: a class is a grain (SchoolClass) that owns its invite links and pending join requests, so a school's
-- admissions no longer queue on the school's activation. The rows stay where 0030 put them; each now names its
-- class (and the people it concerns), so a class loads only its own and a leaver's rows are found without a scan.
-- Rows written before this script have NULL there; the first class of the school to load fills them in.
ALTER TABLE school_invites ADD COLUMN IF NOT EXISTS class_id text;
ALTER TABLE school_invites ADD COLUMN IF NOT EXISTS student_id text;
ALTER TABLE school_join_requests ADD COLUMN IF NOT EXISTS class_id text;
ALTER TABLE school_join_requests ADD COLUMN IF NOT EXISTS user_id text;
ALTER TABLE school_join_requests ADD COLUMN IF NOT EXISTS student_id text;

CREATE INDEX IF NOT EXISTS school_invites_class ON school_invites (school_id, class_id);
CREATE INDEX IF NOT EXISTS school_join_requests_class ON school_join_requests (school_id, class_id);

-- The version each SchoolClass save checks: two activations of one class never both write.
CREATE TABLE IF NOT EXISTS school_class_state
(
    school_id text   NOT NULL,
    class_id  text   NOT NULL,
    version   bigint NOT NULL,
    CONSTRAINT school_class_state_pkey PRIMARY KEY (school_id, class_id)
);
