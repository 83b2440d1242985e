-- An EvaluationCompleted payload (several KB of JSON with every indicator) is written once and
-- read once, when the dispatcher joins it into a batch for reporting-service; compressing it in
-- TOAST (pglz) on the write and decompressing it on the read is pure CPU cost. Kept out of line
-- but uncompressed, as submission-service's outbox is: more disk, less CPU. The column stays
-- JSONB (the dispatcher reads the request id out of it in SQL); changing its type would rewrite
-- the whole table, delivered messages included, at the start of the service.
-- Existing rows keep their compressed form until they are next written.
ALTER TABLE outbox_message ALTER COLUMN payload SET STORAGE EXTERNAL;
