-- A client key identifies a send of one author: two members choosing the same key are two messages, and nobody
-- can make another member's send look like a retry by guessing their next key.
DROP INDEX IF EXISTS chat_events_client_key;
CREATE UNIQUE INDEX IF NOT EXISTS chat_events_author_client_key ON chat_events (chat_id, actor_id, client_key) WHERE client_key IS NOT NULL;
