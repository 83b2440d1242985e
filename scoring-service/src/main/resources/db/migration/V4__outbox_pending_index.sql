-- Due messages are claimed oldest first; this index gives them in that order, so a claim reads
-- a batch's worth of entries instead of every waiting message and sorting them.
CREATE INDEX outbox_message_pending ON outbox_message (created_at) WHERE delivered_at IS NULL AND parked_at IS NULL;
