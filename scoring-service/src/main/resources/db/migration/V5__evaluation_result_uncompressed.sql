-- An evaluation's explained result (every indicator with its inputs, formula and score: about
-- 30 KB of JSON) was compressed by pglz in TOAST on every insert: 1.8 ms of PostgreSQL time per
-- stored evaluation while a deadline's filings were scored (pg_stat_statements, docs/performance.md,
-- target 4), the most expensive statement of the whole submit-to-report path. Kept out of line but
-- uncompressed, like the outbox payloads (V3): about three times the disk for this column, in
-- return for no compression on the write and no decompression on each read. Existing rows keep
-- their compressed form until they are next written; reads handle both.
ALTER TABLE evaluation ALTER COLUMN result SET STORAGE EXTERNAL;
