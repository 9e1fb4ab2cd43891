-- REG-5: a line of a support ticket's thread may carry files its author uploaded to the ticket's school. A file is
-- attached once: to one chat message (chat_id, message_seq) or to one ticket line (ticket_id, ticket_seq), never both.
ALTER TABLE files ADD COLUMN IF NOT EXISTS ticket_id text;
ALTER TABLE files ADD COLUMN IF NOT EXISTS ticket_seq integer;
CREATE INDEX IF NOT EXISTS files_ticket ON files (ticket_id, ticket_seq) WHERE ticket_id IS NOT NULL;
