-- Deleting a message erases the text of its edits: find them by (chat_id, target_seq) instead of scanning the chat.
CREATE INDEX IF NOT EXISTS chat_events_target ON chat_events (chat_id, target_seq) WHERE target_seq IS NOT NULL;
