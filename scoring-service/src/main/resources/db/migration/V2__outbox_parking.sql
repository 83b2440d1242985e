-- A message reporting-service refuses for good (a 4xx other than 408/429) is parked instead of
-- retried forever; an admin re-queues parked messages once the cause is fixed.
ALTER TABLE outbox_message ADD COLUMN parked_at TIMESTAMPTZ;
DROP INDEX outbox_message_due;
CREATE INDEX outbox_message_due ON outbox_message(next_attempt_at) WHERE delivered_at IS NULL AND parked_at IS NULL;
