-- Every history entry names a filing that exists, and a filing is never deleted: both rules
-- stay; what changes is how the database enforces them.
--
-- The foreign key checked each history row on its own: one lookup and one row lock on the
-- filing, run one by one, about 6 µs a row. A finance import of 2,000 departments appends 2,000
-- entries, and those checks were about 12 ms of its database time, a tenth of the whole import
-- (docs/performance.md, target 6). Checked once per statement instead, over all the rows it
-- inserted, the same rule costs one anti-join: 0.4 ms for 250 rows, and no more than the key for
-- the single entry of a save or a submit.
--
-- The key's row lock is what kept a filing from being deleted while an entry naming it was being
-- written. Filings are never deleted at all now, by triggers that say so (a DELETE, a TRUNCATE,
-- which no longer reaches the history through the key), so the check has no race to guard
-- against: a filing it finds stays. Changing a filing's id is refused as the key refused it. A
-- filing inserted by another transaction not yet committed is not found, and an entry naming it
-- is refused where the key would have waited for that transaction: no code path writes an entry
-- for a filing it did not create or read in its own transaction.

ALTER TABLE filing_history DROP CONSTRAINT filing_history_filing_id_fkey;

CREATE FUNCTION history_names_filings() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM appended a WHERE NOT EXISTS (SELECT 1 FROM filing f WHERE f.id = a.filing_id)) THEN
        RAISE EXCEPTION 'filing_history_names_a_filing: a history entry names no filing'
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER filing_history_names_a_filing
    AFTER INSERT ON filing_history
    REFERENCING NEW TABLE AS appended
    FOR EACH STATEMENT EXECUTE FUNCTION history_names_filings();

CREATE FUNCTION refuse_filing_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'TRUNCATE') THEN
        RAISE EXCEPTION 'filing_never_deleted: a filing is never deleted (%): its history refers to it', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RAISE EXCEPTION 'filing_id_never_changes: a filing keeps its id: its history refers to it'
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER filing_never_deleted
    BEFORE DELETE ON filing
    FOR EACH ROW EXECUTE FUNCTION refuse_filing_removal();

CREATE TRIGGER filing_never_truncated
    BEFORE TRUNCATE ON filing
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_filing_removal();

CREATE TRIGGER filing_id_never_changes
    BEFORE UPDATE OF id ON filing
    FOR EACH ROW WHEN (OLD.id IS DISTINCT FROM NEW.id) EXECUTE FUNCTION refuse_filing_removal();
