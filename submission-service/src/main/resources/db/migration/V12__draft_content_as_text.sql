-- A draft's content is rewritten whole by this service many times (create, every save, every
-- finance import), always from its own canonical JSON writer, and read whole by it. As JSON,
-- PostgreSQL parsed every 8 KB content on each of those writes only to check it: about 15 µs a
-- content on the benchmark's machine, 30 ms of a 2,000-department import whose writes the import
-- waits for (docs/performance.md, target 6). As text it is stored as written, checked to be UTF-8
-- only. A submitted revision stays JSON: it is frozen once, at submit, and PostgreSQL checks it
-- there, as the official record the FilingSubmitted message carries.
--
-- The service owns this schema (docs/architecture.md, "Who owns what"). Whoever writes a draft's
-- content by SQL all the same must now check it is JSON themselves: a read of the filing serves
-- the stored text as its content without parsing it again.

-- the trigger's condition names the content: it is rebuilt around the change of type
DROP TRIGGER filing_finance_totals_when_missing ON filing;

ALTER TABLE filing ALTER COLUMN content TYPE text USING content::text;
ALTER TABLE filing ALTER COLUMN content SET STORAGE EXTERNAL;

-- the SQL rule for finance totals keeps working on the content as it is now stored, for
-- whoever rewrites content by SQL: finance_totals = filing_finance_totals(content)
CREATE FUNCTION filing_finance_totals(content TEXT) RETURNS JSONB
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT filing_finance_totals(content::jsonb)
$$;

CREATE TRIGGER filing_finance_totals_when_missing
    BEFORE INSERT ON filing
    FOR EACH ROW WHEN (NEW.finance_totals IS NULL AND NEW.content::jsonb ? 'finance')
    EXECUTE FUNCTION fill_finance_totals();
