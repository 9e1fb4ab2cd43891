-- CHAT-8: poll events carry their poll and its counts (one per option); messages carry the ids of their attached files.
ALTER TABLE chat_events ADD COLUMN IF NOT EXISTS poll_id text NULL;
ALTER TABLE chat_events ADD COLUMN IF NOT EXISTS poll_counts integer[] NULL;
ALTER TABLE chat_events ADD COLUMN IF NOT EXISTS attachments text[] NOT NULL DEFAULT '{}';
