-- Issue 8: an administrative action commits the intent to audit it together with the action (a school's outbox, the
-- district's state); the intent is then delivered to the chain, and delivered again after a crash. intent_id makes
-- the second delivery a no-op, so each action has exactly one row. Older rows have none.
ALTER TABLE admin_audit ADD COLUMN IF NOT EXISTS intent_id text NULL;

CREATE UNIQUE INDEX IF NOT EXISTS admin_audit_intent ON admin_audit (school_id, intent_id) WHERE intent_id IS NOT NULL;
