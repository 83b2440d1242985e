-- Each history entry is written by this service in the statement or transaction that wrote the
-- filing row it describes, and no filing is ever deleted: the foreign key from filing_history to
-- filing checked, row by row, what could not fail. A finance import of 2,000 departments writes
-- 2,000 entries, and the checks cost about 10 ms of the database's time per import on the machine
-- the benchmark runs on (psql on a scratch copy, 8 runs each: 78-85 ms for the import's writes
-- with the key, 71.5-73 ms without; docs/performance.md, target 6).
--
-- What the key also guarded, that a filing with history could not be deleted, the database now
-- refuses for every filing, whoever asks: a filing is never lost, and no history entry is left
-- pointing nowhere.
ALTER TABLE filing_history DROP CONSTRAINT filing_history_filing_id_fkey;

CREATE FUNCTION refuse_filing_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: filings are never deleted', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER filing_never_deleted
    BEFORE DELETE ON filing
    FOR EACH ROW EXECUTE FUNCTION refuse_filing_removal();
CREATE TRIGGER filing_no_truncate
    BEFORE TRUNCATE ON filing
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_filing_removal();
