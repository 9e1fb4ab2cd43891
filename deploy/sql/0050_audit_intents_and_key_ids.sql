-- Issue 9 item 5: a moderation action commits the intent to audit it with the action (in the chat's state) and the
-- intent is appended once by its id, so a crash between the action and its row repeats nothing and loses nothing.
ALTER TABLE moderation_audit ADD COLUMN IF NOT EXISTS intent_id text NULL;

CREATE UNIQUE INDEX IF NOT EXISTS moderation_audit_intent ON moderation_audit (school_id, intent_id) WHERE intent_id IS NOT NULL;

-- The id of the chain key (Audit:ChainKeyId) each row was hashed with, so a rotated key leaves old rows verifiable
-- with the old key (Audit:PreviousKeys). Rows from before this migration were hashed with key '1'.
ALTER TABLE moderation_audit ADD COLUMN IF NOT EXISTS key_id text NOT NULL DEFAULT '1';

ALTER TABLE admin_audit ADD COLUMN IF NOT EXISTS key_id text NOT NULL DEFAULT '1';
