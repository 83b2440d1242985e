-- An evaluation's payload (the EvaluationCompleted message without its envelope, about 10 KB of
-- JSON with every indicator) is written once per delivery and read back whole, only when the
-- winning evaluation of a department is not the one just received; no query looks inside it. As
-- JSONB it was parsed into its binary form on every insert and, at over 2 KB, compressed by pglz
-- in TOAST: PostgreSQL time on every evaluation a deadline's filings bring (docs/performance.md,
-- target 4). JSON keeps the text as written, still checked to be JSON, out of line and
-- uncompressed. Changing the type rewrites the table once, at the upgrade.
ALTER TABLE evaluation ALTER COLUMN payload TYPE json USING payload::json;
ALTER TABLE evaluation ALTER COLUMN payload SET STORAGE EXTERNAL;
