-- A finance import's response names every filing it changed (about 200 KB for 2,000
-- departments) and is kept for replays of its Idempotency-Key. Compressing it (pglz, in TOAST)
-- cost the import's transaction about 3 ms of the database's CPU on the machine the benchmark
-- runs on (a 240-KB body: 5.6-7.3 ms compressed, 2.4-2.9 ms uncompressed), for a body written
-- once and read only if the client retries. Kept out of line but uncompressed, as V4 did for
-- the documents: more disk for these records, less CPU per import.
ALTER TABLE idempotency_record ALTER COLUMN response_body SET STORAGE EXTERNAL;
